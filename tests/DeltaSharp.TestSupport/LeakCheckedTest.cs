using System;

namespace DeltaSharp.TestSupport;

/// <summary>
/// Base class for test classes whose tests allocate Arrow memory: xunit creates one instance per test, each with a
/// fresh <see cref="TestAllocator"/>, and disposing the instance after the test fails it when memory leaked, was
/// released twice, or was written after release.
/// </summary>
public abstract class LeakCheckedTest : IDisposable
{
    /// <summary>The allocator to pass to every API under test.</summary>
    protected TestAllocator Allocator { get; } = new();

    /// <summary>Checks the allocator (throws on leaks) and frees its quarantine.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Checks the allocator.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Allocator.Dispose();
        }
    }
}
