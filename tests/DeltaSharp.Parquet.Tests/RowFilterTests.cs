using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

/// <summary>
/// Late materialisation (<see cref="ParquetReaderOptions.RowFilter"/>): the filtered read must return exactly the
/// rows DuckDB's WHERE returns on the same file (many row groups and 128-row pages, nulls, dictionary and plain,
/// v1 and v2 pages, list and struct columns), and exactly the unfiltered read's rows of each window, window by
/// window (batch boundaries kept), with the file position of every window right. A filter selecting nothing
/// decodes only the filter's pages.
/// </summary>
public sealed class RowFilterTests
{
    private const int Rows = 7000;

    /// <summary>(name, filter columns, DuckDB WHERE, the same test on a rendered row).</summary>
    public static TheoryData<string> Cases => new(["none", "all", "sparse", "range", "range_across_groups", "two_clusters", "quantity_null", "dense", "name", "struct_field", "list_length", "random_half", "random_rare"]);

    private static (string[] Columns, string Where, Func<JsonObject, long, bool> Keep) Case(string name) => name switch
    {
        "none" => (["id"], "id < 0", (r, _) => Id(r) < 0),
        "all" => (["id"], "id >= 0", (r, _) => Id(r) >= 0),
        "sparse" => (["id"], "id % 997 = 0", (r, _) => Id(r) % 997 == 0),
        "range" => (["id"], "id BETWEEN 2500 AND 2599", (r, _) => Id(r) is >= 2500 and <= 2599),
        "range_across_groups" => (["id"], "id BETWEEN 2900 AND 3100", (r, _) => Id(r) is >= 2900 and <= 3100),
        "two_clusters" => (["id"], "id < 5 OR id >= 6990", (r, _) => Id(r) < 5 || Id(r) >= 6990),
        "quantity_null" => (["quantity"], "quantity IS NULL", (r, _) => r["quantity"] is null),
        "dense" => (["id"], "id % 3 <> 0", (r, _) => Id(r) % 3 != 0),
        "name" => (["name"], "name = 'name-5'", (r, _) => (string?)r["name"] == "name-5"),
        "struct_field" => (["point"], "point.x % 4 = 1", (r, _) => r["point"] is JsonObject p && p["x"] is JsonNode x && (int)x % 4 == 1),
        "list_length" => (["tags"], "len(tags) = 2", (r, _) => r["tags"] is JsonArray a && a.Count == 2),
        // Position-based (like a deletion vector): the row's position in the file is its id.
        "random_half" => (["id"], "hash(id) % 2 = 0", (_, pos) => Mix(pos) % 2 == 0),
        "random_rare" => (["id"], "hash(id) % 50 = 0", (_, pos) => Mix(pos) % 50 == 0),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static long Id(JsonObject row) => (long)row["id"]!;

    private static ulong Mix(long x)
    {
        ulong z = (ulong)x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Filtered_read_equals_the_unfiltered_windows_and_DuckDB(string name)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        (string[] columns, string where, Func<JsonObject, long, bool> keep) = Case(name);
        foreach ((ParquetDataPageVersion version, bool dictionary) in new[] { (ParquetDataPageVersion.V1, true), (ParquetDataPageVersion.V2, false), (ParquetDataPageVersion.V1, false), (ParquetDataPageVersion.V2, true) })
        {
            string path = StreamingTests.WriteFile(version, dictionary, Rows, rowGroupRows: 3000, pageRows: 128);
            try
            {
                using TestAllocator allocator = new();
                List<string>? first = null;
                foreach (int batchSize in new[] { 100, 2048, 65536 })
                {
                    List<string> expected = [];
                    List<int> expectedBatches = [];
                    await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Allocator = allocator, BatchSize = batchSize }, ct))
                    {
                        long position = 0;
                        await foreach (RecordBatch batch in reader.ReadAsync(ct))
                        {
                            using (batch)
                            {
                                int kept = 0;
                                for (int r = 0; r < batch.Length; r++)
                                {
                                    JsonObject row = ArrowValueRenderer.RenderRow(batch, r);
                                    if (keep(row, position + r))
                                    {
                                        expected.Add(row.ToJsonString());
                                        kept++;
                                    }
                                }
                                if (kept > 0)
                                {
                                    expectedBatches.Add(kept);
                                }
                                position += batch.Length;
                            }
                        }
                    }
                    var filter = new RecordingFilter(columns, keep);
                    List<string> actual = [];
                    List<int> actualBatches = [];
                    long pagesFiltered;
                    await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Allocator = allocator, BatchSize = batchSize, RowFilter = filter }, ct))
                    {
                        await foreach (RecordBatch batch in reader.ReadAsync(ct))
                        {
                            using (batch)
                            {
                                Assert.True(batch.Length > 0, "a filtered read returns no empty batch");
                                Assert.Equal(reader.Schema.Fields.Count, batch.ColumnCount);
                                foreach (ArrowArray column in batch.Columns)
                                {
                                    column.Data.Validate();
                                }
                                actualBatches.Add(batch.Length);
                                for (int r = 0; r < batch.Length; r++)
                                {
                                    actual.Add(ArrowValueRenderer.RenderRow(batch, r).ToJsonString());
                                }
                            }
                        }
                        pagesFiltered = reader.DataPagesDecoded;
                    }
                    Assert.Null(filter.Failure);
                    Assert.Equal(Rows, filter.RowsSeen);
                    Assert.Equal(expected, actual);
                    Assert.Equal(expectedBatches, actualBatches);
                    first ??= actual;
                    Assert.Equal(first, actual);
                    if (name == "none")
                    {
                        // Only the filter column's pages were decoded: 7000 rows in 128-row pages (per row group).
                        Assert.True(pagesFiltered <= 3 * ((3000 / 128) + 1), $"{pagesFiltered} pages decoded for a filter that selects nothing");
                    }
                }
                allocator.AssertNoLeaks();

                if (name.StartsWith("random", StringComparison.Ordinal))
                {
                    continue; // position-based: DuckDB's hash differs; the unfiltered windows are the truth.
                }
                TestEnvironment.RequireDuckDbLibrary();
                using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
                DuckDbResult result = duck.Query($"SELECT to_json(t)::VARCHAR FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}') t WHERE {where} ORDER BY id");
                Assert.Equal(first!.Count, result.Rows.Count);
                List<string> diffs = [];
                for (int r = 0; r < result.Rows.Count && diffs.Count < 20; r++)
                {
                    JsonNode duckRow = JsonNode.Parse(OracleComparer.Sanitize(result.Rows[r][0]!))!;
                    OracleComparer.Compare(duckRow, JsonNode.Parse(first[r]), $"{version}/{dictionary} {name} row {r}", diffs);
                }
                Assert.True(diffs.Count == 0, string.Join(Environment.NewLine, diffs));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Data pages an unfiltered read of the whole file decodes (the yardstick for the skipping tests).</summary>
    private static async Task<long> PagesDecodedByAFullReadAsync(string path, CancellationToken ct)
    {
        await using ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions(), ct);
        await foreach (RecordBatch batch in reader.ReadAsync(ct))
        {
            batch.Dispose();
        }
        return reader.DataPagesDecoded;
    }

    [Fact]
    public async Task A_filter_that_selects_nothing_fetches_no_other_column_and_decodes_only_its_own_pages()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = StreamingTests.WriteFile(ParquetDataPageVersion.V1, true, Rows, rowGroupRows: 3000, pageRows: 128);
        try
        {
            long allPages = await PagesDecodedByAFullReadAsync(path, ct);
            var source = new CountingSource(new Sources.FileParquetSource(path));
            await using (source)
            {
                await using ParquetReader reader = await ParquetReader.OpenAsync(source, new ParquetReaderOptions { RowFilter = new RecordingFilter(["id"], (r, _) => false) }, ct);
                long before = source.BytesRead;
                await foreach (RecordBatch batch in reader.ReadAsync(ct))
                {
                    batch.Dispose();
                    Assert.Fail("no batch expected");
                }
                long idBytes = 0;
                foreach (var group in reader.Metadata.RowGroups)
                {
                    idBytes += group.Columns[0].MetaData!.TotalCompressedSize;
                }
                Assert.Equal(idBytes, source.BytesRead - before);
                Assert.True(reader.DataPagesDecoded * 5 < allPages, $"{reader.DataPagesDecoded} of {allPages} pages decoded");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Sparse_selections_step_over_the_other_columns_pages_without_decoding_them()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = StreamingTests.WriteFile(ParquetDataPageVersion.V1, false, Rows, rowGroupRows: 7000, pageRows: 128);
        try
        {
            long allPages = await PagesDecodedByAFullReadAsync(path, ct);
            await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { RowFilter = new RecordingFilter(["id"], (r, _) => Id(r) is 10 or 3500 or 6990) }, ct))
            {
                int rows = 0;
                await foreach (RecordBatch batch in reader.ReadAsync(ct))
                {
                    rows += batch.Length;
                    batch.Dispose();
                }
                Assert.Equal(3, rows);
                // The id column's pages, plus for each other leaf about one page per selected row.
                int leaves = reader.ParquetSchema.Leaves.Count;
                long idPages = (Rows / 128) + 1;
                Assert.True(reader.DataPagesDecoded <= idPages + (leaves * 3 * 2), $"{reader.DataPagesDecoded} of {allPages} pages decoded for 3 rows");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>With the page index as well (parquet-testing's tiny-page files, whose ids are not in file order):
    /// the row filter sees only the kept page ranges, with their true file positions, and the rows equal the
    /// page-index-only read filtered by the same test.</summary>
    [Theory]
    [InlineData("alltypes_tiny_pages.parquet", 1000, 3000)]
    [InlineData("alltypes_tiny_pages_plain.parquet", 3000, 3400)]
    public async Task Row_filter_combines_with_page_index_ranges(string name, int low, int high)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = Path.Combine(TestEnvironment.RequireParquetTestingDir(), "data", name);
        bool Ranges(ParquetRowGroupInfo info) =>
            !info.TryGetMinMax("id", out object? min, out object? max) || ((int)max! >= low && (int)min! <= high);
        bool Keep(JsonObject row) => (int)row["id"]! % 3 == 0 && (int)row["id"]! >= low && (int)row["id"]! <= high;
        foreach (int batchSize in new[] { 7, 100, 65536 })
        {
            List<string> expected = [];
            await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { RowGroupFilter = Ranges, UsePageIndex = true, BatchSize = batchSize }, ct))
            {
                await foreach (RecordBatch batch in reader.ReadAsync(ct))
                {
                    using (batch)
                    {
                        for (int r = 0; r < batch.Length; r++)
                        {
                            JsonObject row = ArrowValueRenderer.RenderRow(batch, r);
                            if (Keep(row))
                            {
                                expected.Add(row.ToJsonString());
                            }
                        }
                    }
                }
            }
            // Position truth: the whole file in order, row index -> id.
            List<int> idAt = [];
            await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Columns = ["id"] }, ct))
            {
                await foreach (RecordBatch batch in reader.ReadAsync(ct))
                {
                    using (batch)
                    {
                        for (int r = 0; r < batch.Length; r++)
                        {
                            idAt.Add((int)ArrowValueRenderer.RenderRow(batch, r)["id"]!);
                        }
                    }
                }
            }
            var filter = new PositionCheckingFilter(idAt, Keep);
            List<string> actual = [];
            await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { RowGroupFilter = Ranges, UsePageIndex = true, BatchSize = batchSize, RowFilter = filter }, ct))
            {
                await foreach (RecordBatch batch in reader.ReadAsync(ct))
                {
                    using (batch)
                    {
                        for (int r = 0; r < batch.Length; r++)
                        {
                            actual.Add(ArrowValueRenderer.RenderRow(batch, r).ToJsonString());
                        }
                    }
                }
            }
            Assert.Null(filter.Failure);
            Assert.True(expected.Count > 0);
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>Checks every row's id against the id at its file position; keeps rows by <c>keep</c>.</summary>
    private sealed class PositionCheckingFilter(List<int> idAt, Func<JsonObject, bool> keep) : ParquetRowFilter
    {
        public string? Failure { get; private set; }

        public override IReadOnlyList<int> SelectColumns(Schema schema) => [schema.GetFieldIndex("id")];

        public override void Evaluate(RecordBatch batch, long firstRow, Span<byte> selection)
        {
            for (int r = 0; r < batch.Length; r++)
            {
                JsonObject row = ArrowValueRenderer.RenderRow(batch, r);
                if ((int)row["id"]! != idAt[(int)(firstRow + r)])
                {
                    Failure ??= $"row at file position {firstRow + r} has id {row["id"]}, the file has {idAt[(int)(firstRow + r)]} there";
                }
                if (keep(row))
                {
                    selection[r >> 3] |= (byte)(1 << (r & 7));
                }
            }
        }
    }

    /// <summary>Counts the bytes read through it.</summary>
    private sealed class CountingSource(Sources.IParquetSource inner) : Sources.IParquetSource
    {
        private long bytesRead;

        public long BytesRead => Interlocked.Read(ref bytesRead);

        public string Description => inner.Description;

        public ValueTask<long> GetLengthAsync(CancellationToken cancellationToken = default) => inner.GetLengthAsync(cancellationToken);

        public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref bytesRead, destination.Length);
            return inner.ReadAsync(offset, destination, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>Keeps the rows <c>keep(row, position)</c> accepts; records failures of the reader's contract.</summary>
    private sealed class RecordingFilter(string[] columns, Func<JsonObject, long, bool> keep) : ParquetRowFilter
    {
        private long nextRow;

        public string? Failure { get; private set; }

        public long RowsSeen { get; private set; }

        public override IReadOnlyList<int> SelectColumns(Schema schema)
        {
            List<int> chosen = [];
            foreach (string column in columns)
            {
                chosen.Add(schema.GetFieldIndex(column));
            }
            return chosen;
        }

        public override void Evaluate(RecordBatch batch, long firstRow, Span<byte> selection)
        {
            if (firstRow != nextRow)
            {
                Failure ??= $"window at {firstRow}, expected {nextRow}";
            }
            if (batch.ColumnCount != columns.Length || selection.Length != (batch.Length + 7) / 8)
            {
                Failure ??= $"batch of {batch.ColumnCount} columns, selection of {selection.Length} bytes for {batch.Length} rows";
            }
            for (int r = 0; r < batch.Length; r++)
            {
                JsonObject row = ArrowValueRenderer.RenderRow(batch, r);
                if (row.ContainsKey("id") && (long)row["id"]! != firstRow + r)
                {
                    Failure ??= $"row {firstRow + r} has id {row["id"]}";
                }
                if (keep(row, firstRow + r))
                {
                    selection[r >> 3] |= (byte)(1 << (r & 7));
                }
            }
            nextRow = firstRow + batch.Length;
            RowsSeen += batch.Length;
        }
    }
}
