using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

/// <summary>
/// Page-index filtering (<see cref="ParquetReaderOptions.UsePageIndex"/>) on parquet-testing files that carry a
/// ColumnIndex/OffsetIndex: the kept rows include every row the predicate matches, each kept row is exactly the
/// file's row (columns stay aligned although their pages differ), and fewer pages are decoded.
/// </summary>
public sealed class PageIndexTests
{
    public static TheoryData<string, int, int, int> Cases() => new()
    {
        { "alltypes_tiny_pages.parquet", 1000, 1100, 7 },
        { "alltypes_tiny_pages.parquet", 5, 5, 1000 },
        { "alltypes_tiny_pages.parquet", 7000, 9000, 64 },
        { "alltypes_tiny_pages_plain.parquet", 3000, 3400, 100 },
        { "alltypes_tiny_pages_plain.parquet", -10, -1, 100 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Kept_rows_are_the_files_rows_and_include_every_match(string name, int low, int high, int batchSize)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = Path.Combine(TestEnvironment.RequireParquetTestingDir(), "data", name);
        bool Filter(ParquetRowGroupInfo info) =>
            !info.TryGetMinMax("id", out object? min, out object? max) || ((int)max! >= low && (int)min! <= high);

        // Without the page index: every row of the kept row groups, by id.
        Dictionary<int, string> all = [];
        long pagesWithout;
        using TestAllocator allocator = new();
        await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Allocator = allocator, RowGroupFilter = Filter, BatchSize = batchSize }, ct))
        {
            Assert.NotNull(reader.Metadata.RowGroups[0].Columns[0].ColumnIndexOffset);
            await foreach (RecordBatch batch in reader.ReadAsync(ct))
            {
                using (batch)
                {
                    for (int r = 0; r < batch.Length; r++)
                    {
                        JsonObject row = ArrowValueRenderer.RenderRow(batch, r);
                        all.Add((int)row["id"]!, row.ToJsonString());
                    }
                }
            }
            pagesWithout = reader.DataPagesDecoded;
        }

        List<int> keptIds = [];
        long pagesWith;
        await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Allocator = allocator, RowGroupFilter = Filter, UsePageIndex = true, BatchSize = batchSize }, ct))
        {
            await foreach (RecordBatch batch in reader.ReadAsync(ct))
            {
                using (batch)
                {
                    Assert.InRange(batch.Length, 1, batchSize);
                    foreach (ArrowArray column in batch.Columns)
                    {
                        column.Data.Validate();
                    }
                    for (int r = 0; r < batch.Length; r++)
                    {
                        JsonObject row = ArrowValueRenderer.RenderRow(batch, r);
                        int id = (int)row["id"]!;
                        Assert.True(all.TryGetValue(id, out string? expected), $"id {id} is not a row of the file");
                        Assert.Equal(expected, row.ToJsonString());
                        keptIds.Add(id);
                    }
                }
            }
            pagesWith = reader.DataPagesDecoded;
        }
        allocator.AssertNoLeaks();

        HashSet<int> kept = [.. keptIds];
        Assert.Equal(keptIds.Count, kept.Count);
        int matches = 0;
        foreach (int id in all.Keys)
        {
            if (id >= low && id <= high)
            {
                matches++;
                Assert.Contains(id, kept);
            }
        }
        Assert.True(keptIds.Count < all.Count || all.Count == 0, $"the page index should drop rows ({keptIds.Count} of {all.Count} kept)");
        Assert.True(pagesWith < pagesWithout || pagesWithout == 0, $"the page index should skip pages ({pagesWith} decoded with it, {pagesWithout} without)");

        // Independent truth for the match count: DuckDB evaluates the predicate itself.
        TestEnvironment.RequireDuckDbLibrary();
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        DuckDbResult result = duck.Query($"SELECT count(*)::VARCHAR FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}') WHERE id BETWEEN {low} AND {high}");
        Assert.Equal(result.Rows[0][0], matches.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Projection_without_the_filter_column_stays_aligned()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = Path.Combine(TestEnvironment.RequireParquetTestingDir(), "data", "alltypes_tiny_pages.parquet");
        static bool Filter(ParquetRowGroupInfo info) =>
            !info.TryGetMinMax("id", out object? min, out object? max) || ((int)max! >= 2000 && (int)min! <= 2500);
        List<string> withIds = [];
        List<string> projected = [];
        await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { RowGroupFilter = Filter, UsePageIndex = true, Columns = ["string_col", "id", "timestamp_col"] }, ct))
        {
            await foreach (RecordBatch batch in reader.ReadAsync(ct))
            {
                using (batch)
                {
                    for (int r = 0; r < batch.Length; r++)
                    {
                        JsonObject row = ArrowValueRenderer.RenderRow(batch, r);
                        row.Remove("id");
                        withIds.Add(row.ToJsonString());
                    }
                }
            }
        }
        await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { RowGroupFilter = Filter, UsePageIndex = true, Columns = ["string_col", "timestamp_col"] }, ct))
        {
            await foreach (RecordBatch batch in reader.ReadAsync(ct))
            {
                using (batch)
                {
                    for (int r = 0; r < batch.Length; r++)
                    {
                        projected.Add(ArrowValueRenderer.RenderRow(batch, r).ToJsonString());
                    }
                }
            }
        }
        Assert.NotEmpty(projected);
        Assert.Equal(withIds, projected);
    }
}
