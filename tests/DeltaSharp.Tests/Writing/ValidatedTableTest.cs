using System;
using System.IO;
using System.Threading.Tasks;

namespace DeltaSharp.Tests.Writing;

/// <summary>
/// Base of the writer suites: each test gets its own table directory <see cref="Root"/>; when the test ends, the
/// table it wrote (if any) must pass the protocol log validator, then the directory is removed.
/// </summary>
public abstract class ValidatedTableTest : IAsyncDisposable
{
    protected ValidatedTableTest(string prefix) =>
        Root = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    /// <summary>The test's table directory (created by the test).</summary>
    protected string Root { get; }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        try
        {
            if (Directory.Exists(Path.Combine(Root, "_delta_log")))
            {
                await DeltaLogValidator.ValidateAsync(Root);
            }
        }
        finally
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }
}
