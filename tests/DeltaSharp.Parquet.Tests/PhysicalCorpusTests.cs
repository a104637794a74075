using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Pages;
using DeltaSharp.Parquet.Sources;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

/// <summary>Footer, page and encoding layers over the whole parquet-testing corpus (values are checked by the Arrow
/// tests; here every page must decode to exactly the declared value counts).</summary>
public sealed class PhysicalCorpusTests
{
    internal static async Task<long> DecodeAllAsync(IParquetSource source, CancellationToken ct)
    {
        (ParquetFileMetaData meta, ParquetSchema schema) = await ParquetFooter.ReadAsync(source, ct);
        long values = 0;
        int[] leaves = new int[schema.Leaves.Count];
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i] = i;
        }
        for (int g = 0; g < meta.RowGroups.Count; g++)
        {
            ColumnChunkData[] data = await RowGroupDecoder.DecodeAsync(source, meta, schema, g, leaves, true, ct);
            foreach (ColumnChunkData d in data)
            {
                values += d.LevelCount;
                d.Dispose();
            }
        }
        return values;
    }

    [Fact]
    public async Task Every_data_file_decodes_or_is_rejected_as_expected()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        List<string> problems = [];
        int decoded = 0;
        foreach (string path in CorpusFiles.DataFiles())
        {
            string name = Path.GetFileName(path);
            if (CorpusFiles.Unsupported.TryGetValue(name, out string? why))
            {
                await using FileParquetSource s = new(path);
                ParquetUnsupportedException e = await Assert.ThrowsAsync<ParquetUnsupportedException>(() => DecodeAllAsync(s, ct));
                Assert.Contains(why, e.Message, StringComparison.Ordinal);
                continue;
            }
            await using FileParquetSource source = new(path);
            try
            {
                await DecodeAllAsync(source, ct);
                if (CorpusFiles.Malformed.ContainsKey(name))
                {
                    problems.Add($"{name}: expected a ParquetFormatException");
                }
                decoded++;
            }
            catch (ParquetFormatException e) when (CorpusFiles.Malformed.TryGetValue(name, out string? expected))
            {
                if (!e.Message.Contains(expected, StringComparison.Ordinal) || e.FilePath != path)
                {
                    problems.Add($"{name}: unexpected message {e.Message}");
                }
            }
            catch (Exception e)
            {
                problems.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.Empty(problems);
        Assert.True(decoded >= 60, $"only {decoded} files decoded");
    }

    [Fact]
    public async Task Encrypted_files_are_rejected_as_unsupported()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string[] files = Directory.GetFiles(CorpusFiles.DataDir, "*.parquet.encrypted");
        Assert.NotEmpty(files);
        foreach (string path in files)
        {
            await using FileParquetSource source = new(path);
            ParquetUnsupportedException e = await Assert.ThrowsAsync<ParquetUnsupportedException>(() => DecodeAllAsync(source, ct));
            Assert.Contains("encryption", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bad_data_files_are_rejected_with_ParquetFormatException()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        List<string> problems = [];
        foreach (string path in Directory.GetFiles(CorpusFiles.BadDataDir, "*.parquet"))
        {
            string name = Path.GetFileName(path);
            await using FileParquetSource source = new(path);
            try
            {
                await Task.Run(() => DecodeAllAsync(source, ct), ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
                await Task.Run(() => ReadAllAsync(source, ct), ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
                if (!CorpusFiles.BadDataButReadable.Contains(name))
                {
                    problems.Add($"{name}: read without error");
                }
            }
            catch (ParquetFormatException e)
            {
                if (e.FilePath != path)
                {
                    problems.Add($"{name}: exception does not name the file: {e.Message}");
                }
            }
            catch (Exception e)
            {
                problems.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.Empty(problems);
    }

    internal static async Task<long> ReadAllAsync(IParquetSource source, CancellationToken ct)
    {
        long rows = 0;
        await using ParquetReader reader = await ParquetReader.OpenAsync(source, new ParquetReaderOptions { BatchSize = 3 }, ct);
        await foreach (DeltaSharp.Arrow.RecordBatch batch in reader.ReadAsync(ct))
        {
            using (batch)
            {
                rows += batch.Length;
                foreach (DeltaSharp.Arrow.ArrowArray column in batch.Columns)
                {
                    column.Data.Validate();
                }
            }
        }
        return rows;
    }

    [Theory]
    [InlineData("alltypes_plain.parquet")]
    [InlineData("alltypes_dictionary.parquet")]
    [InlineData("datapage_v2.snappy.parquet")]
    [InlineData("delta_encoding_optional_column.parquet")]
    [InlineData("nested_maps.snappy.parquet")]
    [InlineData("byte_stream_split.zstd.parquet")]
    [InlineData("rle_boolean_encoding.parquet")]
    [InlineData("lz4_raw_compressed.parquet")]
    [InlineData("hadoop_lz4_compressed.parquet")]
    [InlineData("concatenated_gzip_members.parquet")]
    [InlineData("nullable.impala.parquet")]
    [InlineData("nested_structs.rust.parquet")]
    [InlineData("repeated_no_annotation.parquet")]
    [InlineData("old_list_structure.parquet")]
    [InlineData("delta_byte_array.parquet")]
    [InlineData("fixed_length_decimal.parquet")]
    [InlineData("int96_from_spark.parquet")]
    public async Task Truncated_and_bit_flipped_variants_fail_cleanly(string name)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        byte[] original = await File.ReadAllBytesAsync(Path.Combine(CorpusFiles.DataDir, name), ct);
        List<byte[]> variants = [];
        for (int cut = 1; cut < original.Length; cut += Math.Max(1, original.Length / 40))
        {
            variants.Add(original[..cut]);
        }
        Random random = new(name.Length);
        for (int i = 0; i < 300; i++)
        {
            byte[] copy = (byte[])original.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            }
            variants.Add(copy);
        }
        List<string> problems = [];
        for (int v = 0; v < variants.Count; v++)
        {
            await using MemoryParquetSource source = new(variants[v], $"variant-{v}");
            try
            {
                // Hang guard only (not a timing assertion): a variant that never finishes fails the test.
                await Task.Run(() => DecodeAllAsync(source, ct), ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
                await Task.Run(() => ReadAllAsync(source, ct), ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
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
