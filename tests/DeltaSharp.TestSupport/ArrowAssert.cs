using DeltaSharp.Arrow;
using Xunit;

namespace DeltaSharp.TestSupport;

/// <summary>xunit assertions for Arrow data, reporting the first logical difference with its path.</summary>
public static class ArrowAssert
{
    /// <summary>Fails unless the arrays are logically equal (see <see cref="ArrowComparer"/>).</summary>
    public static void Equal(ArrowArray expected, ArrowArray actual)
    {
        string? difference = ArrowComparer.Difference(expected, actual);
        if (difference is not null)
        {
            Assert.Fail("Arrays differ: " + difference);
        }
    }

    /// <summary>Fails unless the batches have equal schemas and logically equal columns.</summary>
    public static void Equal(RecordBatch expected, RecordBatch actual)
    {
        string? difference = ArrowComparer.Difference(expected, actual);
        if (difference is not null)
        {
            Assert.Fail("Record batches differ: " + difference);
        }
    }
}
