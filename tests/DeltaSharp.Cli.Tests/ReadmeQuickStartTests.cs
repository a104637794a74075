using System;
using System.IO;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.TestSupport;
using Xunit;

#pragma warning disable xUnit1051 // the quick start is shown as a user writes it, without a test token

namespace DeltaSharp.Cli.Tests;

/// <summary>Runs the C# quick start of README.md as written, so the front door stays true.</summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public async Task QuickStartReadsTheRows()
    {
        string path = Path.Combine(TestEnvironment.RequireConformanceDir(), "delta-kernel-rs__basic_partitioned");
        var output = new StringWriter();
        long rows = 0;

        // --- README quick start (keep in sync with README.md) ---
        await using DeltaTable table = await DeltaTable.OpenAsync(path);   // a path or a URI
        DeltaSnapshot snapshot = table.Snapshot;                       // immutable, safe to share across threads
        Console.WriteLine($"version {snapshot.Version}, {snapshot.Files.Count} files");
        await foreach (RecordBatch batch in snapshot.ReadAsync(new DeltaScanOptions { Columns = ["letter", "number"] }))
        {
            using (batch)                                              // the caller owns every batch
            {
                output.Write(TableFormatter.Format(batch));
                rows += batch.Length;
            }
        }
        // --- end of quick start ---

        Assert.Equal(1, snapshot.Version);
        Assert.Equal(6, rows);
        Assert.Contains("letter", output.ToString(), StringComparison.Ordinal);
    }
}
