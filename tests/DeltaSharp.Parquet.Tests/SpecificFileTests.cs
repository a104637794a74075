using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

/// <summary>Files checked against the values documented in parquet-testing (README / *.md) rather than DuckDB.</summary>
public sealed class SpecificFileTests
{
    [Fact]
    public async Task Int96_from_spark_reads_every_documented_instant()
    {
        // int96_from_spark.md: Spark wrote 2024-01-01T12:34:56.123456 (session zone UTC-8), 2024-01-01T01:00:00Z,
        // 9999-12-31T01:00:00-02:00, 2024-12-31T01:00:00+02:00, null, 290000-12-31T01:00:00+02:00.
        CancellationToken ct = TestContext.Current.CancellationToken;
        using TestAllocator allocator = new();
        List<JsonObject> rows = await ReaderOracleTests.ReadRowsAsync(Path.Combine(CorpusFiles.DataDir, "int96_from_spark.parquet"), new ParquetReaderOptions { Allocator = allocator }, ct);
        string[] actual = rows.Select(r => r["a"]?.GetValue<string>() ?? "null").ToArray();
        Assert.Equal(
            ["2024-01-01 20:34:56.123456", "2024-01-01 01:00:00", "9999-12-31 03:00:00", "2024-12-30 23:00:00", "null", "290000-12-30 23:00:00"],
            actual);
        allocator.AssertNoLeaks();
    }
}
