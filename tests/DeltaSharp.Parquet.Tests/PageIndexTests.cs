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

    /// <summary>Bit flips in the page-index region (between the last column chunk and the footer) and anywhere in
    /// the file: a read with the page index either succeeds or fails with a Parquet exception naming the file; a
    /// corrupt index never crashes, hangs or returns rows that are not the file's.</summary>
    [Fact]
    public async Task Corrupt_page_indexes_fail_cleanly()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = Path.Combine(TestEnvironment.RequireParquetTestingDir(), "data", "alltypes_tiny_pages_plain.parquet");
        byte[] original = await File.ReadAllBytesAsync(path, ct);
        long indexStart = 0;
        long indexEnd = original.Length - 8 - BitConverter.ToInt32(original, original.Length - 8);
        await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, cancellationToken: ct))
        {
            foreach (Metadata.ParquetColumnChunk chunk in reader.Metadata.RowGroups[0].Columns)
            {
                indexStart = Math.Max(indexStart, ParquetFooter.ChunkStart(chunk.MetaData!) + chunk.MetaData!.TotalCompressedSize);
            }
        }
        Assert.True(indexStart < indexEnd, "the file should hold page indexes after its column chunks");
        static bool Filter(ParquetRowGroupInfo info) =>
            !info.TryGetMinMax("id", out object? min, out object? max) || ((int)max! >= 1000 && (int)min! <= 1400);
        Random random = new(11);
        List<string> problems = [];
        for (int v = 0; v < 150; v++)
        {
            byte[] copy = (byte[])original.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                long position = v % 3 == 0 ? random.NextInt64(copy.Length) : random.NextInt64(indexStart, indexEnd);
                copy[position] ^= (byte)(1 << random.Next(8));
            }
            await using Sources.MemoryParquetSource source = new(copy, $"variant-{v}");
            try
            {
                // Hang guard only (not a timing assertion).
                await Task.Run(async () =>
                {
                    await using ParquetReader reader = await ParquetReader.OpenAsync(source, new ParquetReaderOptions { RowGroupFilter = Filter, UsePageIndex = true, BatchSize = 50 }, ct);
                    await foreach (RecordBatch batch in reader.ReadAsync(ct))
                    {
                        using (batch)
                        {
                            foreach (ArrowArray column in batch.Columns)
                            {
                                column.Data.Validate();
                            }
                        }
                    }
                }, ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
            }
            catch (ParquetFormatException e)
            {
                Assert.Equal($"variant-{v}", e.FilePath);
            }
            catch (ParquetUnsupportedException)
            {
            }
            catch (Exception e)
            {
                problems.Add($"variant {v}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.Empty(problems);
    }
}
