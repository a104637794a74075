using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DeltaSharp.Actions;
using Xunit;

namespace DeltaSharp.Tests.Actions;

/// <summary>
/// The decoder's fast paths agree with the plain reading of the JSON: member tokens matched as machine words
/// (<see cref="MemberWords"/>, checked against their text), the same members written with whitespace, escapes or
/// unusual order, and integers parsed eight digits at a time at every length and position.
/// </summary>
public sealed class DecoderFastPathTests
{
    private sealed class Adds : ActionSink
    {
        public List<AddFile> Files { get; } = new();

        public List<RemoveFile> Removes { get; } = new();

        public override bool WantsStatistics => true;

        public override void OnAdd(AddFile add) => Files.Add(add);

        public override void OnRemove(RemoveFile remove) => Removes.Add(remove);
    }

    public static TheoryData<string, string, int, int> Words() => new()
    {
        { nameof(MemberWords.QuotedPathColon), "\"path\":", 0, 7 },
        { nameof(MemberWords.QuotedSizeColon), "\"size\":", 0, 7 },
        { nameof(MemberWords.QuotedTagsColon), "\"tags\":", 0, 7 },
        { nameof(MemberWords.QuotedStatsColon), "\"stats\":", 0, 8 },
        { nameof(MemberWords.QuotedDataCha), "\"dataChange\":", 0, 8 },
        { nameof(MemberWords.NgeQuoteColon), "\"dataChange\":", 8, 5 },
        { nameof(MemberWords.QuotedPartiti), "\"partitionValues\":", 0, 8 },
        { nameof(MemberWords.OnValuesWord), "\"partitionValues\":", 8, 8 },
        { nameof(MemberWords.QuoteColon), "\"partitionValues\":", 16, 2 },
        { nameof(MemberWords.QuotedModific), "\"modificationTime\":", 0, 8 },
        { nameof(MemberWords.AtionTim), "\"modificationTime\":", 8, 8 },
        { nameof(MemberWords.EQuoteColon), "\"modificationTime\":", 16, 3 },
        { nameof(MemberWords.QuotedDeletio), "\"deletionVector\":", 0, 8 },
        { nameof(MemberWords.NVectorQuote), "\"deletionVector\":", 8, 8 },
        { nameof(MemberWords.NTimesta), "\"deletionTimestamp\":", 8, 8 },
        { nameof(MemberWords.MpQuoteColon), "\"deletionTimestamp\":", 16, 4 },
        { nameof(MemberWords.QuotedBaseRow), "\"baseRowId\":", 0, 8 },
        { nameof(MemberWords.IdQuoteColon), "\"baseRowId\":", 8, 4 },
        { nameof(MemberWords.QuotedAddColon), "\"add\":", 0, 6 },
        { nameof(MemberWords.QuotedRemove), "\"remove\":", 0, 8 },
        { nameof(MemberWords.Path), "path", 0, 4 },
        { nameof(MemberWords.Size), "size", 0, 4 },
        { nameof(MemberWords.Tags), "tags", 0, 4 },
        { nameof(MemberWords.Stat), "stats", 0, 4 },
        { nameof(MemberWords.BaseRowI), "baseRowId", 0, 8 },
        { nameof(MemberWords.DataChan), "dataChange", 0, 8 },
        { nameof(MemberWords.TaChange), "dataChange", 2, 8 },
        { nameof(MemberWords.Deletion), "deletionVector", 0, 8 },
        { nameof(MemberWords.OnVector), "deletionVector", 6, 8 },
        { nameof(MemberWords.Timestam), "deletionTimestamp", 8, 8 },
        { nameof(MemberWords.Partitio), "partitionValues", 0, 8 },
        { nameof(MemberWords.OnValues), "partitionValues", 7, 8 },
        { nameof(MemberWords.Modifica), "modificationTime", 0, 8 },
        { nameof(MemberWords.TionTime), "modificationTime", 8, 8 },
    };

    [Theory]
    [MemberData(nameof(Words))]
    public void MemberWordsAreTheirTextAsLittleEndianWords(string constant, string text, int offset, int length)
    {
        byte[] word = new byte[8];
        Encoding.ASCII.GetBytes(text).AsSpan(offset, length).CopyTo(word);
        object value = typeof(MemberWords).GetField(constant)!.GetValue(null)!;
        ulong actual = value is uint u ? u : (ulong)value;
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(word), actual);
    }

    /// <summary>The same add written as writers write it (member tokens matched as words), with whitespace, with
    /// escaped names, in reverse order and with look-alike names (which must not match) decodes the same.</summary>
    [Theory]
    [InlineData("""{"add":{"path":"a","partitionValues":{"p":"1"},"size":7,"modificationTime":8,"dataChange":false,"stats":"{}","tags":{"t":"x"},"baseRowId":3,"defaultRowCommitVersion":4}}""")]
    [InlineData("""{ "add" : { "path" : "a" , "partitionValues" : { "p" : "1" } , "size" : 7 , "modificationTime" : 8 , "dataChange" : false , "stats" : "{}" , "tags" : { "t" : "x" } , "baseRowId" : 3 , "defaultRowCommitVersion" : 4 } }""")]
    [InlineData("""{"\u0061dd":{"p\u0061th":"a","partitionValue\u0073":{"p":"1"},"\u0073ize":7,"modificationTim\u0065":8,"dataChang\u0065":false,"stat\u0073":"{}","tag\u0073":{"t":"x"},"baseRowI\u0064":3,"defaultRowCommitVersio\u006e":4}}""")]
    [InlineData("""{"add":{"defaultRowCommitVersion":4,"baseRowId":3,"tags":{"t":"x"},"stats":"{}","dataChange":false,"modificationTime":8,"size":7,"partitionValues":{"p":"1"},"path":"a"}}""")]
    [InlineData("""{"add":{"paths":"no","path":"a","sizes":1,"partitionValue":{},"partitionValues":{"p":"1"},"size":7,"modificationTimes":9,"modificationTime":8,"dataChanges":true,"dataChange":false,"stat":"no","stats":"{}","tags":{"t":"x"},"baseRowIds":1,"baseRowId":3,"defaultRowCommitVersion":4,"deletionTimestamp":5}}""")]
    public void MemberTokensDecodeTheSameHoweverWritten(string line)
    {
        var sink = new Adds();
        JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), new PartitionValueInterner(), sink);
        AddFile add = Assert.Single(sink.Files);
        Assert.Equal("a", add.Path);
        Assert.Equal("1", add.PartitionValues["p"]);
        Assert.Equal(7, add.Size);
        Assert.Equal(8, add.ModificationTime);
        Assert.False(add.DataChange);
        Assert.Equal("{}", add.StatsJson);
        Assert.Equal("x", add.Tags!["t"]);
        Assert.Equal(3, add.BaseRowId);
        Assert.Equal(4, add.DefaultRowCommitVersion);
    }

    [Theory]
    [InlineData("""{"remove":{"path":"a","deletionTimestamp":5,"dataChange":false,"size":7,"stats":"x","tags":{},"modificationTime":1,"partitionValues":{}}}""")]
    [InlineData("""{"remove" :{"path" :"a","deletionTimestamp" :5,"dataChange" :false,"size" :7}}""")]
    [InlineData("""{"r\u0065move":{"deletionTimestam\u0070":5,"size":7,"dataChange":false,"path":"a"}}""")]
    public void RemoveMemberTokensDecodeTheSameHoweverWritten(string line)
    {
        var sink = new Adds();
        JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), new PartitionValueInterner(), sink);
        RemoveFile remove = Assert.Single(sink.Removes);
        Assert.Equal("a", remove.Path);
        Assert.Equal(5, remove.DeletionTimestamp);
        Assert.Equal(7, remove.Size);
        Assert.False(remove.DataChange);
    }

    /// <summary>Every integer length 1-19 (and 20, which cannot be a long), positive and negative, in the middle of a
    /// long line (parsed eight digits at a time) and at its very end (the last digits one at a time), equals
    /// <see cref="long.Parse(string, IFormatProvider)"/>; a fraction or exponent after any of them is rejected.</summary>
    [Fact]
    public void IntegersOfEveryLengthAtEveryPosition()
    {
        var random = new Random(7);
        for (int digits = 1; digits <= 20; digits++)
        {
            for (int k = 0; k < 40; k++)
            {
                var text = new StringBuilder();
                text.Append((char)('1' + random.Next(9)));
                for (int i = 1; i < digits; i++)
                {
                    text.Append((char)('0' + random.Next(10)));
                }
                foreach (string sign in new[] { string.Empty, "-" })
                {
                    string number = sign + text;
                    bool fits = long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long expected);
                    foreach (bool atEnd in new[] { false, true })
                    {
                        string line = atEnd
                            ? "{\"add\":{\"path\":\"" + new string('a', k) + "\",\"size\":1,\"modificationTime\":" + number + "}}"
                            : "{\"add\":{\"modificationTime\":" + number + ",\"size\":1,\"path\":\"" + new string('a', k) + "\"}}";
                        var sink = new Adds();
                        if (!fits)
                        {
                            FormatException ex = Assert.Throws<FormatException>(() => JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), new PartitionValueInterner(), sink));
                            Assert.Contains("64-bit integer", ex.Message, StringComparison.Ordinal);
                            continue;
                        }
                        JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), new PartitionValueInterner(), sink);
                        Assert.Equal(expected, Assert.Single(sink.Files).ModificationTime);
                        foreach (string tail in new[] { ".5", "e3", "E+1", "0.0" })
                        {
                            string bad = line.Replace(number, number + tail, StringComparison.Ordinal);
                            Assert.Throws<FormatException>(() => JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(bad), new PartitionValueInterner(), new Adds()));
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("10000000", 10000000)]
    [InlineData("99999999", 99999999)]
    [InlineData("100000000", 100000000)]
    [InlineData("1234567890123456", 1234567890123456)]
    [InlineData("12345678901234567", 12345678901234567)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void IntegerBoundaries(string number, long expected)
    {
        foreach (string line in new[] { "{\"add\":{\"size\":" + number + ",\"path\":\"padding-padding-padding\"}}", "{\"add\":{\"path\":\"a\",\"size\":" + number + "}}" })
        {
            var sink = new Adds();
            JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), new PartitionValueInterner(), sink);
            Assert.Equal(expected, Assert.Single(sink.Files).Size);
        }
    }

    [Theory]
    [InlineData("00")]
    [InlineData("-")]
    [InlineData("-a")]
    [InlineData("01234567890")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999")]
    public void MalformedOrOutOfRangeIntegersAreCorrupt(string number)
    {
        foreach (string line in new[] { "{\"add\":{\"size\":" + number + ",\"path\":\"padding-padding-padding\"}}", "{\"add\":{\"path\":\"a\",\"size\":" + number + "}}" })
        {
            Assert.Throws<FormatException>(() => JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), new PartitionValueInterner(), new Adds()));
        }
    }
}
