using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Sources;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

public sealed class ReaderBehaviourTests
{
    private static string Data(string name) => Path.Combine(CorpusFiles.DataDir, name);

    [Fact]
    public async Task Byte_stream_split_columns_equal_their_plain_twins()
    {
        // byte_stream_split_extended.gzip.parquet (parquet-testing README): each *_byte_stream_split column holds the
        // same values as the matching *_plain column.
        CancellationToken ct = TestContext.Current.CancellationToken;
        using TestAllocator allocator = new();
        List<JsonObject> rows = await ReaderOracleTests.ReadRowsAsync(Data("byte_stream_split_extended.gzip.parquet"), new ParquetReaderOptions { Allocator = allocator }, ct);
        Assert.Equal(200, rows.Count);
        string[] kinds = ["float16", "float", "double", "int32", "int64", "flba5", "decimal"];
        int nonNull = 0;
        foreach (JsonObject row in rows)
        {
            foreach (string kind in kinds)
            {
                string? plain = row[kind + "_plain"]?.ToJsonString();
                string? split = row[kind + "_byte_stream_split"]?.ToJsonString();
                Assert.Equal(plain, split);
                nonNull += plain is null ? 0 : 1;
            }
        }
        Assert.True(nonNull > 1000);
        allocator.AssertNoLeaks();
    }

    [Fact]
    public async Task Projection_by_name_keeps_the_requested_order_and_ignores_unknown_names()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        ParquetReaderOptions options = new() { Columns = ["string_col", "id", "no_such_column"] };
        await using ParquetReader reader = await ParquetReader.OpenFileAsync(Data("alltypes_plain.parquet"), options, ct);
        Assert.Equal(["string_col", "id"], reader.Schema.Fields.Select(f => f.Name));
        List<JsonObject> rows = await ReaderOracleTests.ReadRowsAsync(Data("alltypes_plain.parquet"), options, ct);
        Assert.Equal([4, 5, 6, 7, 2, 3, 0, 1], rows.Select(r => r["id"]!.GetValue<int>()));
        Assert.Equal(["string_col", "id"], rows[0].Select(kv => kv.Key));
    }

    [Fact]
    public async Task Projection_by_field_id_uses_the_schema_field_ids()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = FindFileWithFieldIds();
        await using ParquetReader all = await ParquetReader.OpenFileAsync(path, cancellationToken: ct);
        Metadata.ParquetSchemaNode withId = all.ParquetSchema.Root.Children.First(c => c.Element.FieldId is not null);
        await using ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { FieldIds = [withId.Element.FieldId!.Value] }, ct);
        Assert.Equal([withId.Name], reader.Schema.Fields.Select(f => f.Name));
        Assert.Equal(withId.Element.FieldId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.Schema.Fields[0].GetMetadata("PARQUET:field_id"));
        long rows = 0;
        await foreach (RecordBatch batch in reader.ReadAsync(ct))
        {
            using (batch)
            {
                rows += batch.Length;
            }
        }
        Assert.Equal(all.Metadata.NumRows, rows);
    }

    private static string FindFileWithFieldIds()
    {
        string root = TestEnvironment.RequireConformanceDir();
        foreach (string dir in Directory.GetDirectories(root).Where(d => d.Contains("column-mapping-id", StringComparison.Ordinal) || d.Contains("column_mapping", StringComparison.Ordinal)))
        {
            foreach (string file in Directory.GetFiles(dir, "*.parquet", SearchOption.AllDirectories))
            {
                if (!file.Contains("_delta_log", StringComparison.Ordinal) && HasFieldId(file))
                {
                    return file;
                }
            }
        }
        Assert.Fail("no conformance data file with Parquet field ids");
        return string.Empty;
    }

    private static bool HasFieldId(string file)
    {
        ParquetReader reader = ParquetReader.OpenFileAsync(file).AsTask().GetAwaiter().GetResult();
        try
        {
            return reader.ParquetSchema.Root.Children.Any(c => c.Element.FieldId is not null);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Fact]
    public async Task Row_group_selection_and_filter_skip_row_groups_using_statistics()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        // floating_orders_nan_count.parquet has several row groups.
        string path = Data("alltypes_tiny_pages_plain.parquet");
        await using ParquetReader probe = await ParquetReader.OpenFileAsync(path, cancellationToken: ct);
        Assert.Single(probe.Metadata.RowGroups);

        List<ParquetRowGroupInfo> offered = [];
        ParquetReaderOptions keepNone = new()
        {
            RowGroupFilter = info =>
            {
                Assert.True(info.TryGetMinMax("id", out object? min, out object? max));
                Assert.Equal(0, min);
                Assert.Equal(7299, max);
                Assert.Equal(0, info.GetStatistics("id")!.NullCount);
                offered.Add(info);
                return (int)max! < 100; // prune: the row group cannot contain ids < 100 only
            },
        };
        await using ParquetReader reader = await ParquetReader.OpenFileAsync(path, keepNone, ct);
        int batches = 0;
        await foreach (RecordBatch batch in reader.ReadAsync(ct))
        {
            batch.Dispose();
            batches++;
        }
        Assert.Single(offered);
        Assert.Equal(0, batches);

        await using ParquetReader explicitGroups = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { RowGroups = [0, 0] }, ct);
        long rows = 0;
        await foreach (RecordBatch batch in explicitGroups.ReadAsync(ct))
        {
            using (batch)
            {
                rows += batch.Length;
            }
        }
        Assert.Equal(2 * 7300, rows);
    }

    [Fact]
    public async Task Batches_are_sliced_to_the_batch_size()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using TestAllocator allocator = new();
        await using (ParquetReader reader = await ParquetReader.OpenFileAsync(Data("alltypes_tiny_pages.parquet"), new ParquetReaderOptions { Allocator = allocator, BatchSize = 1000 }, ct))
        {
            List<int> sizes = [];
            await foreach (RecordBatch batch in reader.ReadAsync(ct))
            {
                using (batch)
                {
                    sizes.Add(batch.Length);
                }
            }
            Assert.Equal([1000, 1000, 1000, 1000, 1000, 1000, 1000, 300], sizes);
        }
        allocator.AssertNoLeaks();
    }

    [Fact]
    public async Task Checksum_verification_can_be_disabled()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = Data("datapage_v1-corrupt-checksum.parquet");
        ParquetFormatException e = await Assert.ThrowsAsync<ParquetFormatException>(() => ReaderOracleTests.ReadRowsAsync(path, new ParquetReaderOptions(), ct));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(0, e.RowGroup);
        Assert.Equal("a", e.Column);
        Assert.Equal(0, e.Page);
        List<JsonObject> rows = await ReaderOracleTests.ReadRowsAsync(path, new ParquetReaderOptions { VerifyChecksums = false }, ct);
        Assert.Equal(5120, rows.Count);
    }

    [Fact]
    public async Task Memory_source_reads_the_same_rows_as_the_file_source()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        byte[] bytes = await File.ReadAllBytesAsync(Data("nested_lists.snappy.parquet"), ct);
        await using MemoryParquetSource source = new(bytes, "nested_lists");
        await using ParquetReader reader = await ParquetReader.OpenAsync(source, cancellationToken: ct);
        List<string> fromMemory = [];
        await foreach (RecordBatch batch in reader.ReadAsync(ct))
        {
            using (batch)
            {
                for (int r = 0; r < batch.Length; r++)
                {
                    fromMemory.Add(ArrowValueRenderer.RenderRow(batch, r).ToJsonString());
                }
            }
        }
        List<JsonObject> fromFile = await ReaderOracleTests.ReadRowsAsync(Data("nested_lists.snappy.parquet"), new ParquetReaderOptions(), ct);
        Assert.Equal(fromFile.Select(r => r.ToJsonString()), fromMemory);
    }

    [Fact]
    public async Task Every_conformance_parquet_file_reads_without_error()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string root = TestEnvironment.RequireConformanceDir();
        List<string> failures = [];
        int files = 0;
        foreach (string path in Directory.GetFiles(root, "*.parquet", SearchOption.AllDirectories))
        {
            files++;
            try
            {
                using TestAllocator allocator = new(captureStackTraces: false);
                await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Allocator = allocator }, ct))
                {
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
                }
                allocator.AssertNoLeaks();
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetRelativePath(root, path)}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(files > 500, $"only {files} conformance parquet files found");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(30)));
    }

    [Fact]
    public async Task Invalid_options_are_rejected_on_open()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ParquetReader.OpenFileAsync(Data("alltypes_plain.parquet"), new ParquetReaderOptions { RowGroups = [1] }, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ParquetReader.OpenFileAsync(Data("alltypes_plain.parquet"), new ParquetReaderOptions { BatchSize = 0 }, ct));
    }
}
