using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Log;
using DeltaSharp.Storage;
using Xunit;

namespace DeltaSharp.Tests.Actions.Differential;

/// <summary>
/// Corrupted commit files (truncations, bit flips, inserted and deleted bytes) read through
/// <see cref="JsonLogFileReader"/>: only <see cref="DeltaLogCorruptException"/> (naming the file and the line) ever
/// escapes, every line that System.Text.Json rejects as JSON is rejected, and nothing hangs.
/// </summary>
public sealed class DecoderFuzzTests
{
    private const string LogPath = "_delta_log/00000000000000000007.json";

    public static TheoryData<int> Seeds() => new() { 11, 12, 13, 14 };

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Seeds))]
    public async Task CorruptedFilesFailOnlyWithDeltaLogCorruptException(int seed)
    {
        var generator = new RandomActionLines(seed);
        await AssertCorruptedFilesFailCleanlyAsync(new Random(seed), random =>
        {
            var file = new StringBuilder();
            int lines = random.Next(1, 4);
            for (int i = 0; i < lines; i++)
            {
                file.Append(generator.NextLine()).Append('\n');
            }
            return Encoding.UTF8.GetBytes(file.ToString());
        });
    }

    /// <summary>Lines shaped like real writers' (members in the usual order without whitespace, so the member tokens
    /// are matched as words; long statistics written by System.Text.Json's default encoder, so every quote inside
    /// them is a \u0022 escape handled by the chunked string scan; 13-digit integers parsed eight digits at a time)
    /// corrupted by flipping, inserting and deleting bytes: the same guarantees as for the random lines.</summary>
    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Seeds))]
    public async Task CorruptedWriterShapedFilesFailOnlyWithDeltaLogCorruptException(int seed)
    {
        await AssertCorruptedFilesFailCleanlyAsync(new Random(seed), random =>
        {
            var file = new System.IO.MemoryStream();
            int lines = random.Next(1, 4);
            for (int i = 0; i < lines; i++)
            {
                WriteWriterShapedLine(file, random);
            }
            return file.ToArray();
        });
    }

    // 400 rounds: a file of 1–3 lines from makeFile, corrupted, read through JsonLogFileReader. Only
    // DeltaLogCorruptException (naming the file and the line) may escape, every file with a line System.Text.Json
    // rejects must be rejected, and most corrupted files are.
    private static async Task AssertCorruptedFilesFailCleanlyAsync(Random random, Func<Random, byte[]> makeFile)
    {
        await using var store = new InMemoryObjectStore();
        int rejected = 0;
        for (int round = 0; round < 400; round++)
        {
            byte[] bytes = Mutate(makeFile(random), random);
            await store.PutAsync(LogPath, bytes, TestContext.Current.CancellationToken);
            bool mustFail = AnyLineInvalidJson(bytes);
            try
            {
                await JsonLogFileReader.ReadAsync(store, LogPath, 7, new PartitionValueInterner(), new CanonicalActionRecorder(random.Next(2) == 0), TestContext.Current.CancellationToken);
                Assert.False(mustFail, $"round {round}: invalid JSON accepted: {Encoding.UTF8.GetString(bytes)}");
            }
            catch (DeltaLogCorruptException ex)
            {
                rejected++;
                Assert.Equal(LogPath, ex.Path);
                Assert.Contains("Line ", ex.Message, StringComparison.Ordinal);
            }
        }
        Assert.True(rejected > 100, $"only {rejected} of 400 corrupted files were rejected");
    }

    private static void WriteWriterShapedLine(System.IO.Stream stream, Random random)
    {
        using (var json = new Utf8JsonWriter(stream))
        {
            long n = random.NextInt64(0, 10_000_000);
            json.WriteStartObject();
            if (random.Next(4) == 0)
            {
                json.WriteStartObject("remove");
                json.WriteString("path", $"part-{n:D5}-{random.Next(100000):D5}.parquet");
                json.WriteNumber("deletionTimestamp", 1_704_067_200_000 + n);
                json.WriteBoolean("dataChange", true);
                json.WriteBoolean("extendedFileMetadata", true);
                json.WriteStartObject("partitionValues");
                json.WriteEndObject();
                json.WriteNumber("size", 100000 + n);
            }
            else
            {
                json.WriteStartObject("add");
                json.WriteString("path", random.Next(5) == 0 ? $"p=é日/part-{n:D8}.parquet" : $"part-{n:D8}.parquet");
                json.WriteStartObject("partitionValues");
                if (random.Next(3) == 0)
                {
                    json.WriteString("p", random.Next(2) == 0 ? "é \\\"x\"" : "v" + n);
                }
                json.WriteEndObject();
                json.WriteNumber("size", 100000 + (n % 1000));
                json.WriteNumber("modificationTime", 1_704_067_200_000 + n);
                json.WriteBoolean("dataChange", random.Next(2) == 0);
                json.WriteString("stats", $"{{\"numRecords\":{n % 5000},\"minValues\":{{\"id\":{n * 1000},\"name\":\"name_{n % 5000:D6}\"}},\"maxValues\":{{\"id\":{(n * 1000) + 999},\"name\":\"n\\\"é_{n:D6}\"}},\"nullCount\":{{\"id\":0,\"name\":{n % 7}}}}}");
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    [Fact]
    public async Task DeepNestingIsRejectedWithoutStackOverflow()
    {
        await using var store = new InMemoryObjectStore();
        string deep = "{\"future\":" + new string('[', 100_000) + new string(']', 100_000) + "}\n";
        await store.PutAsync(LogPath, Encoding.UTF8.GetBytes(deep), TestContext.Current.CancellationToken);
        var ex = await Assert.ThrowsAsync<DeltaLogCorruptException>(async () =>
            await JsonLogFileReader.ReadAsync(store, LogPath, 7, new PartitionValueInterner(), new CanonicalActionRecorder(true), TestContext.Current.CancellationToken));
        Assert.Contains("nested deeper", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var list = new List<byte>(bytes);
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations && list.Count > 0; m++)
        {
            int at = random.Next(list.Count);
            switch (random.Next(5))
            {
                case 0:
                    list.RemoveRange(at, list.Count - at);
                    break;
                case 1:
                    list[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    list.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    list.Insert(at, "\"{}[]:,\\0-eE.nul"u8[random.Next(16)]);
                    break;
                default:
                    list.RemoveAt(at);
                    break;
            }
        }
        return list.ToArray();
    }

    /// <summary>True when a non-blank line is not valid JSON (or not valid UTF-8) for System.Text.Json.</summary>
    private static bool AnyLineInvalidJson(byte[] bytes)
    {
        int start = 0;
        while (start <= bytes.Length)
        {
            int newline = Array.IndexOf(bytes, (byte)'\n', start);
            int end = newline < 0 ? bytes.Length : newline;
            ReadOnlySpan<byte> line = bytes.AsSpan(start, end - start);
            if (!line.Trim(" \t\r"u8).IsEmpty)
            {
                if (!System.Text.Unicode.Utf8.IsValid(line))
                {
                    return true;
                }
                try
                {
                    using JsonDocument doc = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { MaxDepth = 256 });
                }
                catch (JsonException)
                {
                    return true;
                }
            }
            if (newline < 0)
            {
                break;
            }
            start = newline + 1;
        }
        return false;
    }
}
