using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Pages;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

/// <summary>
/// Streaming within row groups: batches are cut inside row groups and pages; every batch size must give the rows
/// of a whole-row-group decode, in order, and the rows DuckDB reads from the same file.
/// </summary>
public sealed class StreamingTests
{
    private const int Rows = 7000;
    private const int RowGroupRows = 3000;

    private static readonly int[] BatchSizes = [3, 127, 128, 129, 1000, 2999, 10_000];

    /// <summary>Columns: required int64, nullable int32, low-cardinality nullable string (dictionary), unique
    /// string, double, nullable boolean, nullable list of nullable int32 (0–3 elements), nullable struct.</summary>
    internal static RecordBatch MakeBatch(int start, int count)
    {
        long?[] ids = new long?[count];
        int?[] quantities = new int?[count];
        string?[] names = new string?[count];
        string?[] unique = new string?[count];
        double?[] prices = new double?[count];
        bool?[] flags = new bool?[count];
        List<int> offsets = [0];
        List<int?> elements = [];
        bool[] listValid = new bool[count];
        int?[] structX = new int?[count];
        bool[] structValid = new bool[count];
        for (int i = 0; i < count; i++)
        {
            int row = start + i;
            ids[i] = row;
            quantities[i] = row % 10 == 3 ? null : (row * 37) % 1000;
            names[i] = row % 13 == 0 ? null : "name-" + (row % 37);
            unique[i] = "u" + ((row * 7919L) % 100_003);
            prices[i] = row * 0.25;
            flags[i] = row % 17 == 0 ? null : row % 3 == 0;
            listValid[i] = row % 11 != 0;
            if (listValid[i])
            {
                for (int e = 0; e < row % 4; e++)
                {
                    elements.Add(e == 1 ? null : row + e);
                }
            }
            offsets.Add(elements.Count);
            structValid[i] = row % 7 != 0;
            structX[i] = row % 5 == 0 ? null : row;
        }
        return TestArrays.Batch(
            ("id", TestArrays.Primitive(ArrowType.Int64, ids), false),
            ("quantity", TestArrays.Primitive(ArrowType.Int32, quantities), true),
            ("name", TestArrays.String(names), true),
            ("unique", TestArrays.String(unique), false),
            ("price", TestArrays.Primitive(ArrowType.Float64, prices), false),
            ("flag", TestArrays.Boolean(flags), true),
            ("tags", TestArrays.List(TestArrays.Primitive(ArrowType.Int32, elements.ToArray()), offsets.ToArray(), listValid), true),
            ("point", TestArrays.Struct([new Field("x", ArrowType.Int32, true)], [TestArrays.Primitive(ArrowType.Int32, structX)], structValid), true));
    }

    internal static string WriteFile(ParquetDataPageVersion version, bool dictionary, int rows = Rows, int rowGroupRows = RowGroupRows, int pageRows = 128)
    {
        string path = Path.Combine(Path.GetTempPath(), $"deltasharp-streaming-{Guid.NewGuid():N}.parquet");
        using RecordBatch first = MakeBatch(0, 1);
        using (FileStream stream = File.Create(path))
        using (ParquetFileWriter writer = new(stream, first.Schema, new ParquetWriterOptions
        {
            DataPageVersion = version,
            EnableDictionary = dictionary,
            RowGroupMaxRows = rowGroupRows,
            DataPageRowCountLimit = pageRows,
        }))
        {
            for (int start = 0; start < rows; start += 500)
            {
                using RecordBatch batch = MakeBatch(start, Math.Min(500, rows - start));
                writer.WriteBatch(batch);
            }
            writer.Close();
        }
        return path;
    }

    [Theory]
    [InlineData(ParquetDataPageVersion.V1, true)]
    [InlineData(ParquetDataPageVersion.V1, false)]
    [InlineData(ParquetDataPageVersion.V2, true)]
    [InlineData(ParquetDataPageVersion.V2, false)]
    public async Task Every_batch_size_gives_the_whole_row_group_rows_and_DuckDBs(ParquetDataPageVersion version, bool dictionary)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = WriteFile(version, dictionary);
        try
        {
            using TestAllocator allocator = new();
            List<string> whole = [];
            List<long> groupRows = [];
            await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Allocator = allocator }, ct))
            {
                Assert.True(reader.Metadata.RowGroups.Count >= 3, "the file should have several row groups");
                Assert.True(reader.Metadata.RowGroups[0].Columns[0].MetaData!.NumValues > 128, "row groups should hold several pages");
                for (int g = 0; g < reader.Metadata.RowGroups.Count; g++)
                {
                    using RecordBatch batch = await reader.ReadRowGroupAsync(g, ct);
                    groupRows.Add(batch.Length);
                    for (int r = 0; r < batch.Length; r++)
                    {
                        whole.Add(ArrowValueRenderer.RenderRow(batch, r).ToJsonString());
                    }
                }
            }
            Assert.Equal(Rows, whole.Count);
            foreach (int batchSize in BatchSizes)
            {
                List<string> streamed = [];
                await using ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Allocator = allocator, BatchSize = batchSize }, ct);
                int group = 0;
                long leftInGroup = groupRows[0];
                await foreach (RecordBatch batch in reader.ReadAsync(ct))
                {
                    using (batch)
                    {
                        foreach (ArrowArray column in batch.Columns)
                        {
                            column.Data.Validate();
                        }
                        if (leftInGroup == 0)
                        {
                            group++;
                            leftInGroup = groupRows[group];
                        }
                        Assert.Equal(Math.Min(batchSize, leftInGroup), batch.Length);
                        leftInGroup -= batch.Length;
                        for (int r = 0; r < batch.Length; r++)
                        {
                            streamed.Add(ArrowValueRenderer.RenderRow(batch, r).ToJsonString());
                        }
                    }
                }
                Assert.Equal(groupRows.Count - 1, group);
                Assert.Equal(whole.Count, streamed.Count);
                for (int r = 0; r < whole.Count; r++)
                {
                    if (whole[r] != streamed[r])
                    {
                        Assert.Fail($"batch size {batchSize}, row {r}: streamed {streamed[r]} but whole-row-group decode gives {whole[r]}");
                    }
                }
            }
            allocator.AssertNoLeaks();

            // Independent truth: DuckDB reads the same file (row order is file order).
            TestEnvironment.RequireDuckDbLibrary();
            using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
            DuckDbResult result = duck.Query($"SELECT to_json(t)::VARCHAR FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}') t");
            Assert.Equal(Rows, result.Rows.Count);
            List<string> diffs = [];
            for (int r = 0; r < Rows && diffs.Count < 20; r++)
            {
                JsonNode expected = JsonNode.Parse(OracleComparer.Sanitize(result.Rows[r][0]!))!;
                OracleComparer.Compare(expected, JsonNode.Parse(whole[r]), $"row {r}", diffs);
            }
            Assert.True(diffs.Count == 0, string.Join(Environment.NewLine, diffs));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Decoded levels held per column stay bounded by the batch plus about one page, not the row group.</summary>
    [Fact]
    public async Task Decoded_memory_is_bounded_by_the_batch_not_the_row_group()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = WriteFile(ParquetDataPageVersion.V1, true, rows: 20_000, rowGroupRows: 20_000, pageRows: 128);
        try
        {
            await using FileParquetSourceScope scope = new(path);
            (ParquetFileMetaData meta, ParquetSchema schema) = await ParquetFooter.ReadAsync(scope.Source, ct);
            Assert.Single(meta.RowGroups);
            int[] leaves = Enumerable.Range(0, schema.Leaves.Count).ToArray();
            ReadOnlyMemory<byte>[] chunks = await RowGroupDecoder.FetchAsync(scope.Source, meta, schema, 0, leaves, ct);
            for (int i = 0; i < leaves.Length; i++)
            {
                ColumnDescriptor column = new(schema.Leaves[i]);
                using ColumnChunkData data = ColumnChunkDecoder.CreateOutput(column);
                using ColumnChunkReader reader = new(column, meta.RowGroups[0].Columns[i].MetaData!, true);
                int rows = 0;
                int peakLevels = 0;
                int largestPage = 0;
                while (rows < 20_000)
                {
                    int take = Math.Min(100, 20_000 - rows);
                    int boundary;
                    while ((boundary = data.FindRowBoundary(take, reader.IsFinished)) < 0)
                    {
                        int before = data.LevelCount;
                        Assert.True(reader.ReadNextDataPage(chunks[i].Span, data) || reader.IsFinished);
                        largestPage = Math.Max(largestPage, data.LevelCount - before);
                        peakLevels = Math.Max(peakLevels, data.LevelCount);
                        if (reader.IsFinished)
                        {
                            boundary = data.FindRowBoundary(take, true);
                            break;
                        }
                    }
                    Assert.True(boundary >= 0);
                    data.SetWindow(boundary);
                    data.Consume(take);
                    rows += take;
                }
                Assert.Equal(0, data.LevelCount);
                // At most 100 rows (up to 3 levels each for the list column) plus one page, far below the chunk.
                long chunkLevels = meta.RowGroups[0].Columns[i].MetaData!.NumValues;
                Assert.True(peakLevels <= (3 * 100) + largestPage, $"column {column.Path} held {peakLevels} levels at once (largest page {largestPage})");
                Assert.True(peakLevels * 8 < chunkLevels, $"column {column.Path} held {peakLevels} of its {chunkLevels} levels at once");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class FileParquetSourceScope : IAsyncDisposable
    {
        public FileParquetSourceScope(string path) => Source = new Sources.FileParquetSource(path);

        public Sources.FileParquetSource Source { get; }

        public ValueTask DisposeAsync() => Source.DisposeAsync();
    }
}
