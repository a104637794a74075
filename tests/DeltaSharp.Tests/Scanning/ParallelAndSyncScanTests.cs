using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Expressions;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Scanning;

/// <summary>Concurrent file read-ahead returns exactly the sequential scan's batches in the same order, releases
/// everything when abandoned early, and the synchronous <see cref="DeltaSnapshot.Read"/> equals the async scan.</summary>
public sealed class ParallelAndSyncScanTests : LeakCheckedTest
{
    public static TheoryData<string, string?> Cases => new()
    {
        { "delta-rs__COVID-19_NYT", "state = 'Ohio' AND cases > 1000" },
        { "delta-rs__COVID-19_NYT", null },
        { "delta-kernel-rs__basic_partitioned", "number >= 2" },
        { "delta__kernel-defaults__basic-dv-with-checkpoint", null },
        { "delta-rs__http_requests", null },
    };

    private async Task<DeltaTable> OpenAsync(string id)
    {
        string dir = Path.Combine(TestEnvironment.RequireConformanceDir(), id);
        Assert.SkipUnless(Directory.Exists(dir), $"{id} is not in the corpus");
        return await DeltaTable.OpenAsync(dir, new DeltaTableOptions { Allocator = Allocator });
    }

    private static async Task<List<string>> OrderedLinesAsync(DeltaSnapshot snapshot, DeltaScanOptions options)
    {
        var lines = new List<string>();
        await foreach (RecordBatch batch in snapshot.ReadAsync(options))
        {
            using (batch)
            {
                lines.AddRange(FilteredScanConformanceTests.Lines(batch));
            }
        }
        return lines;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ReadAheadReturnsTheSequentialOrder(string id, string? where)
    {
        await using DeltaTable table = await OpenAsync(id);
        DeltaExpression? filter = where is null ? null : DeltaExpressionParser.Parse(where);
        List<string> sequential = await OrderedLinesAsync(table.Snapshot, new DeltaScanOptions { Filter = filter, MaxConcurrentFiles = 1, BatchSize = 10_000 });
        List<string> parallel = await OrderedLinesAsync(table.Snapshot, new DeltaScanOptions { Filter = filter, MaxConcurrentFiles = 4, BatchSize = 10_000 });
        Assert.NotEmpty(sequential);
        Assert.True(sequential.SequenceEqual(parallel), "the concurrent scan returned rows in another order");

        var syncLines = new List<string>();
        foreach (RecordBatch batch in table.Snapshot.Read(new DeltaScanOptions { Filter = filter, BatchSize = 10_000 }))
        {
            using (batch)
            {
                syncLines.AddRange(FilteredScanConformanceTests.Lines(batch));
            }
        }
        Assert.True(sequential.SequenceEqual(syncLines), "the synchronous scan differs");
    }

    [Fact]
    public async Task AbandonedScansReleaseEveryBuffer()
    {
        await using DeltaTable table = await OpenAsync("delta-rs__COVID-19_NYT");
        await foreach (RecordBatch batch in table.Snapshot.ReadAsync(new DeltaScanOptions { MaxConcurrentFiles = 3, BatchSize = 1000 }))
        {
            batch.Dispose();
            break;
        }
        using (IEnumerator<RecordBatch> sync = table.Snapshot.Read(new DeltaScanOptions { MaxConcurrentFiles = 3, BatchSize = 1000 }).GetEnumerator())
        {
            Assert.True(sync.MoveNext());
            sync.Current.Dispose();
        }
        // LeakCheckedTest fails the test if any batch buffered by the read-ahead or the bridge was not released.
    }

    [Fact]
    public async Task SynchronousReadReportsErrorsAtTheCall()
    {
        await using DeltaTable table = await OpenAsync("delta-kernel-rs__basic_partitioned");
        Assert.Throws<ArgumentException>(() => table.Snapshot.Read(new DeltaScanOptions { Columns = ["nope"] }));
        Assert.Throws<DeltaExpressionBindException>(() => table.Snapshot.Read(new DeltaScanOptions { Filter = DeltaExpressionParser.Parse("nope = 1") }));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Snapshot.Read(new DeltaScanOptions { MaxConcurrentFiles = 0 }));
    }
}
