using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using DeltaSharp.Actions;
using Xunit;

namespace DeltaSharp.Tests.Actions.Differential;

/// <summary>
/// The decoder's string scan (a 32-byte probe for short strings, a 64-byte chunked scan that finds the closing quote
/// through backslash runs and validates escapes in the same pass, the tail of the line loaded backwards, the scalar
/// path for what the chunks hand over) against System.Text.Json on string contents built to hit its edges: backslash
/// runs of length 1-5 before quotes, escapes and \u escapes straddling 32- and 64-byte boundaries (the content is
/// shifted by 0-70 bytes of padding), quotes as the last byte of a block, non-ASCII, lone and paired surrogate escapes,
/// bad escapes, raw control characters and invalid UTF-8, in paths, partition values, statistics and skipped members,
/// in lines shorter and longer than one chunk. A line the reference accepts must decode to the reference's values; a
/// line it rejects must be rejected with a <see cref="FormatException"/>. Statistics are validated when decoded
/// (not deferred), so a bad escape in <c>stats</c> fails the line.
/// </summary>
public sealed class StringScanDifferentialTests
{
    public static TheoryData<int> Seeds() => new() { 101, 102, 103, 104, 105, 106 };

    private static readonly string[] ValidPieces =
    [
        "\\\"", "\\\\", "\\\\\\\"", "\\\\\\\\", "\\\\\\\\\\\"", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
        "\\u0022", "\\u005c", "\\u00e9", "\\u00E9", "\\u0041", "\\u65e5", "\\uD83D\\uDE00", "\\ud834\\udd1e", "\\uFFFF", "\\u0000",
        "é", "日本", "😀", "\u2028", "{", "}", ":", ",", "'", "/",
    ];

    private static readonly string[] InvalidPieces =
    [
        "\\x", "\\'", "\\u12G4", "\\u12", "\\U0041", "\\ud800", "\\udc00", "\\uD83D\\u0041", "\\uD83D", "\u0001", "\u001f", "\t",
    ];

    private static readonly byte[][] InvalidUtf8 = [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe6, 0x97], [0xf0, 0x9f, 0x98]];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void StringContentsDecodeLikeSystemTextJson(int seed)
    {
        var random = new Random(seed);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 3_000; i++)
        {
            int template = random.Next(4);
            byte[] path = Content(random, template == 1 ? 6 : 3);
            byte[] value = Content(random, 3);
            byte[] stats = Content(random, 12);
            byte[] skipped = Content(random, 8);
            byte[] line = Line(random, template, path, value, stats, skipped);
            Expected? expected = Reference(line, template);
            var sink = new Recorder();
            try
            {
                JsonActionDecoder.DecodeLine(line, new PartitionValueInterner(), sink);
            }
            catch (FormatException ex)
            {
                Assert.True(expected is null, $"seed {seed} line {i}: rejected ({ex.Message}) but System.Text.Json accepts it: {Show(line)}");
                rejected++;
                continue;
            }
            Assert.True(expected is not null, $"seed {seed} line {i}: accepted but System.Text.Json rejects it: {Show(line)}");
            AddFile add = Assert.Single(sink.Files);
            Assert.Equal(expected.Path, add.Path);
            if (template != 1)
            {
                Assert.Equal(expected.Value, add.PartitionValues["k"]);
                Assert.Equal(expected.Stats, add.StatsJson);
            }
            accepted++;
        }
        Assert.True(accepted > 500 && rejected > 500, $"accepted {accepted}, rejected {rejected}");
    }

    /// <summary>Every backslash run of 1-5 before a quote, at every offset around a 64-byte chunk (so the run, the quote
    /// or both fall on either side of bits 31/32 and 63/64): odd runs escape the quote, even runs end the string.</summary>
    [Fact]
    public void BackslashRunsBeforeAQuoteAtEveryOffset()
    {
        for (int run = 1; run <= 5; run++)
        {
            for (int offset = 0; offset <= 140; offset++)
            {
                string content = new string('a', offset) + new string('\\', run) + "\"z";
                string json = "{\"add\":{\"path\":\"p\",\"size\":1,\"stats\":\"" + content + "\"}}";
                byte[] line = Encoding.UTF8.GetBytes(json);
                var sink = new Recorder();
                if (run % 2 == 1)
                {
                    JsonActionDecoder.DecodeLine(line, new PartitionValueInterner(), sink);
                    string expected = new string('a', offset) + new string('\\', run / 2) + "\"z";
                    Assert.Equal(expected, Assert.Single(sink.Files).StatsJson);
                }
                else
                {
                    // The quote ends the string; "z" follows it where ',' or '}' must.
                    AssertRejected(line);
                }
            }
        }
    }

    /// <summary>A \u escape (valid, bad digit, truncated by the closing quote) starting at every offset of the first
    /// two chunks: its four digits straddle the chunk boundary at some offsets.</summary>
    [Fact]
    public void UnicodeEscapesStraddlingChunkBoundaries()
    {
        for (int offset = 0; offset <= 134; offset++)
        {
            foreach ((string escape, string? decoded) in new[] { ("\\u0041", "A"), ("\\u00e9", "é"), ("\\uD83D\\uDE00", "😀"), ("\\u00G1", null), ("\\u004", null), ("\\uDE00", null) })
            {
                string padding = new string('b', offset);
                byte[] line = Encoding.UTF8.GetBytes("{\"add\":{\"path\":\"p\",\"size\":1,\"stats\":\"" + padding + escape + "\"}}");
                var sink = new Recorder();
                if (decoded is null)
                {
                    AssertRejected(line);
                    continue;
                }
                JsonActionDecoder.DecodeLine(line, new PartitionValueInterner(), sink);
                Assert.Equal(padding + decoded, Assert.Single(sink.Files).StatsJson);
            }
        }
    }

    /// <summary>A bad byte (invalid UTF-8, control character, bad escape) at every offset of a long path and of long
    /// statistics is rejected; the same position holding a valid non-ASCII character is accepted.</summary>
    [Fact]
    public void BadBytesAtEveryOffsetOfLongStrings()
    {
        byte[][] bad = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0x01], [(byte)'\\', (byte)'q'], [(byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0']];
        for (int offset = 0; offset < 130; offset += 1)
        {
            foreach (bool inStats in new[] { false, true })
            {
                foreach (byte[] b in bad)
                {
                    byte[] line = LongStringLine(offset, b, inStats);
                    AssertRejected(line);
                }
                byte[] good = LongStringLine(offset, "é"u8.ToArray(), inStats);
                var sink = new Recorder();
                JsonActionDecoder.DecodeLine(good, new PartitionValueInterner(), sink);
                string text = new string('c', offset) + "é" + new string('c', 130 - offset);
                AddFile add = Assert.Single(sink.Files);
                Assert.Equal(inStats ? text : "p" + text, inStats ? add.StatsJson : add.Path);
            }
        }
    }

    private static byte[] LongStringLine(int offset, byte[] insert, bool inStats)
    {
        byte[] content = [.. Encoding.ASCII.GetBytes(new string('c', offset)), .. insert, .. Encoding.ASCII.GetBytes(new string('c', 130 - offset))];
        return inStats
            ? [.. "{\"add\":{\"path\":\"p\",\"size\":1,\"stats\":\""u8, .. content, .. "\"}}"u8]
            : [.. "{\"add\":{\"path\":\"p"u8, .. content, .. "\",\"size\":1}}"u8];
    }

    private static void AssertRejected(byte[] line)
    {
        var sink = new Recorder();
        try
        {
            JsonActionDecoder.DecodeLine(line, new PartitionValueInterner(), sink);
        }
        catch (FormatException)
        {
            return;
        }
        Assert.Fail($"accepted (path {sink.Files[0].Path}, stats {sink.Files[0].StatsJson}): {Show(line)}");
    }

    private sealed record Expected(string Path, string? Value, string? Stats);

    private sealed class Recorder : ActionSink
    {
        public List<AddFile> Files { get; } = new();

        public override bool WantsStatistics => true;

        public override void OnAdd(AddFile add) => Files.Add(add);
    }

    /// <summary>Raw string content (between the quotes): plain ASCII runs of random length (moving every escape across
    /// block boundaries), valid escapes and characters, and now and then one invalid piece or invalid UTF-8.</summary>
    private static byte[] Content(Random random, int maxPieces)
    {
        var bytes = new List<byte>();
        int pieces = random.Next(maxPieces + 1);
        for (int p = 0; p < pieces; p++)
        {
            int kind = random.Next(100);
            if (kind < 45)
            {
                bytes.AddRange(Encoding.ASCII.GetBytes(new string((char)('a' + random.Next(26)), random.Next(70))));
            }
            else if (kind < 94)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(ValidPieces[random.Next(ValidPieces.Length)]));
            }
            else if (kind < 97)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(InvalidPieces[random.Next(InvalidPieces.Length)]));
            }
            else
            {
                bytes.AddRange(InvalidUtf8[random.Next(InvalidUtf8.Length)]);
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Template 0: a full add (path, partition value, stats last); 1: a short line, path last; 2: a skipped
    /// unknown member first; 3: template 0 with spaces around the tokens. All shifted by 0-70 bytes of leading
    /// whitespace.</summary>
    private static byte[] Line(Random random, int template, byte[] path, byte[] value, byte[] stats, byte[] skipped)
    {
        string sp = template == 3 ? " " : string.Empty;
        var line = new List<byte>(Encoding.ASCII.GetBytes(new string(' ', random.Next(71))));
        void Add(string ascii) => line.AddRange(Encoding.ASCII.GetBytes(ascii.Replace("~", sp, StringComparison.Ordinal)));
        if (template == 1)
        {
            Add("{\"add\":{\"size\":1,\"path\":\"");
            line.AddRange(path);
            Add("\"}}");
            return line.ToArray();
        }
        Add("{~\"add\"~:~{");
        if (template == 2)
        {
            Add("\"future\":\"");
            line.AddRange(skipped);
            Add("\",");
        }
        Add("\"path\"~:~\"");
        line.AddRange(path);
        Add("\"~,~\"size\"~:~1~,~\"partitionValues\"~:~{\"k\":\"");
        line.AddRange(value);
        Add("\"}~,~\"stats\"~:~\"");
        line.AddRange(stats);
        Add("\"~}~}");
        return line.ToArray();
    }

    /// <summary>What System.Text.Json reads from the line (null: it rejects it as JSON, UTF-8 or UTF-16).</summary>
    private static Expected? Reference(byte[] line, int template)
    {
        if (!Utf8.IsValid(line))
        {
            return null;
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement add = document.RootElement.GetProperty("add");
            string path = add.GetProperty("path").GetString()!;
            if (template == 1)
            {
                return new Expected(path, null, null);
            }
            return new Expected(path, add.GetProperty("partitionValues").GetProperty("k").GetString(), add.GetProperty("stats").GetString());
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape in a string that is read.
            return null;
        }
        catch (KeyNotFoundException)
        {
            // An early quote ended a string and the rest happened to parse: a member is missing.
            return null;
        }
    }

    private static string Show(byte[] line) => Convert.ToHexString(line) + " / " + Encoding.UTF8.GetString(line);
}
