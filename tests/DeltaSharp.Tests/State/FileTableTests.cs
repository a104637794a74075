using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.State;
using Xunit;

namespace DeltaSharp.Tests.State;

/// <summary>
/// The columnar file table: every field of an add survives a round trip through each way of appending (AddFile
/// adapter, span rows, whole tables, single rows), escaped statistics unescape to the JSON the spec defines, the
/// snapshot's materialising view behaves as a list, concurrent readers see equal values, and path order equals
/// <see cref="string.CompareOrdinal(string, string)"/> on the decoded strings.
/// </summary>
public sealed class FileTableTests
{
    private static readonly PartitionValueMap Partition = new(["a", "b"], ["1", null]);
    private static readonly PartitionValueMap Tags = new(["tag"], ["v"]);
    private static readonly DeletionVectorDescriptor Dv = new("u", "ab^-aqEH.-t@S}K{vb[*k^", 1, 34, 7);

    /// <summary>Every field set: DVs, tags, row tracking, null partition values, unicode path, statistics.</summary>
    private static AddFile Full(string path = "a=1/b=__HIVE_DEFAULT_PARTITION__/part-ü€𝄞 %20.parquet") => new(
        path,
        Partition,
        size: 1234,
        modificationTime: 1_700_000_000_123,
        dataChange: false,
        statsUtf8: Encoding.UTF8.GetBytes("{\"numRecords\":3,\"minValues\":{\"s\":\"é\"}}"),
        tags: Tags,
        deletionVector: Dv,
        baseRowId: 42,
        defaultRowCommitVersion: 9);

    /// <summary>Only the required fields: no statistics, empty partition values, nothing sparse.</summary>
    private static AddFile Bare(string path = "plain.parquet") => new(path, PartitionValueMap.Empty, 1, 2, true, null, null, null, null, null);

    [Fact]
    public void AddFileRoundTripKeepsEveryField()
    {
        var builder = new FileTableBuilder();
        builder.Append(Full());
        builder.Append(Bare());
        FileTable table = builder.Build();

        Assert.Equal(2, table.Count);
        AssertSame(Full(), table.ToAddFile(0));
        AssertSame(Bare(), table.ToAddFile(1));
        Assert.Equal(1235, table.TotalSize);
        Assert.True(table.HasExtras);
    }

    [Fact]
    public void SpanRowsKeepEveryFieldAndUnescapeStatisticsOnce()
    {
        // The JSON log's escaped string content of {"numRecords":1,"minValues":{"s":"a\"b/é"}}.
        byte[] escaped = Encoding.UTF8.GetBytes("{\\\"numRecords\\\":1,\\\"minValues\\\":{\\\"s\\\":\\\"a\\\\\\\"b\\/\\u00e9\\\"}}");
        const string Unescaped = "{\"numRecords\":1,\"minValues\":{\"s\":\"a\\\"b/é\"}}";
        var builder = new FileTableBuilder();
        builder.Append(new AddFileRow
        {
            Path = Encoding.UTF8.GetBytes("x/ü.parquet"),
            PartitionValues = Partition,
            Size = 5,
            ModificationTime = 6,
            DataChange = true,
            HasStatistics = true,
            Statistics = escaped,
            StatisticsEscaped = true,
            Tags = PartitionValueMap.Empty,
            DeletionVector = Dv,
            BaseRowId = null,
            DefaultRowCommitVersion = 3,
        });
        builder.Append(new AddFileRow { Path = "empty-stats"u8, HasStatistics = true, Statistics = default, Size = 1 });
        FileTable table = builder.Build();

        Assert.Equal("x/ü.parquet", table.GetPath(0));
        Assert.Same(Partition, table.GetPartitionValues(0));
        Assert.Equal(Unescaped, Encoding.UTF8.GetString(table.GetStatsUtf8(0)));
        // Cached: the same bytes on a second access, and the materialised add shares them.
        Assert.True(table.GetStatsUtf8(0) == table.GetStatsUtf8(0));
        AddFile add = table.ToAddFile(0);
        Assert.Equal(Unescaped, add.StatsJson);
        Assert.Null(add.Tags);
        Assert.Same(Dv, add.DeletionVector);
        Assert.Null(add.BaseRowId);
        Assert.Equal(3, add.DefaultRowCommitVersion);
        Assert.True(add.DataChange);

        // A file with an empty statistics string has statistics (empty), not none.
        Assert.True(table.HasStats(1));
        Assert.Equal(string.Empty, table.ToAddFile(1).StatsJson);
        Assert.False(table.GetDataChange(1));
        Assert.Empty(table.GetPartitionValues(1));
    }

    [Fact]
    public void EscapedStatisticsMaterialisedBeforeTheTableUnescapesAreUnescapedByTheAdd()
    {
        var builder = new FileTableBuilder();
        builder.Append(new AddFileRow { Path = "p"u8, HasStatistics = true, Statistics = "{\\\"a\\\":\\\"\\u0041\\\"}"u8, StatisticsEscaped = true });
        FileTable table = builder.Build();
        Assert.Equal("{\"a\":\"A\"}", table.ToAddFile(0).StatsJson);
        Assert.Equal("{\"a\":\"A\"}", Encoding.UTF8.GetString(table.GetStatsUtf8(0)));
    }

    [Fact]
    public void AppendTableSharesBytesAndSkipsDecidedKeys()
    {
        var first = new FileTableBuilder();
        for (int i = 0; i < 100; i++)
        {
            first.Append(i % 2 == 0 ? Full($"f{i}.parquet") : Bare($"b{i}.parquet"));
        }
        FileTable source = first.Build();

        // f-files have a deletion vector: a key without one does not decide them.
        var decided = new DecidedSet(["f10.parquet", "b11.parquet", "b99.parquet"]);
        var merged = new FileTableBuilder();
        merged.Append(Bare("own.parquet"));
        merged.AppendTable(source, 10, 90, decided);
        merged.AppendRow(source, 0);
        FileTable table = merged.Build();

        var expected = new List<string> { "own.parquet" };
        expected.AddRange(Enumerable.Range(10, 90).Select(i => i % 2 == 0 ? $"f{i}.parquet" : $"b{i}.parquet").Where(p => p[0] == 'f' || !decided.Paths.Contains(p)));
        expected.Add("f0.parquet");
        Assert.Equal(expected, Enumerable.Range(0, table.Count).Select(table.GetPath));
        for (int row = 1; row < table.Count; row++)
        {
            string path = table.GetPath(row);
            AssertSame(path[0] == 'f' ? Full(path) : Bare(path), table.ToAddFile(row));
        }
        // The source is unchanged and still readable.
        AssertSame(Full("f0.parquet"), source.ToAddFile(0));
    }

    [Fact]
    public void AppendTableWithoutKeysCopiesEveryColumn()
    {
        var mixed = new FileTableBuilder();
        for (int i = 0; i < 50; i++)
        {
            mixed.Append(i % 3 == 0 ? Full($"f{i}.parquet") : Bare($"b{i}.parquet"));
        }
        var plain = new FileTableBuilder();
        for (int i = 0; i < 20; i++)
        {
            plain.Append(Bare($"p{i}.parquet"));
        }
        FileTable mixedTable = mixed.Build();
        FileTable plainTable = plain.Build();

        var merged = new FileTableBuilder();
        merged.AppendTable(plainTable, 0, 5);
        merged.AppendTable(mixedTable);
        merged.AppendTable(plainTable, 5, 15);
        merged.AppendTable(mixedTable, 48, 2);
        FileTable table = merged.Build();

        var expected = new List<AddFile>();
        expected.AddRange(Enumerable.Range(0, 5).Select(i => Bare($"p{i}.parquet")));
        expected.AddRange(Enumerable.Range(0, 50).Select(i => i % 3 == 0 ? Full($"f{i}.parquet") : Bare($"b{i}.parquet")));
        expected.AddRange(Enumerable.Range(5, 15).Select(i => Bare($"p{i}.parquet")));
        expected.AddRange(Enumerable.Range(48, 2).Select(i => i % 3 == 0 ? Full($"f{i}.parquet") : Bare($"b{i}.parquet")));
        Assert.Equal(expected.Count, table.Count);
        for (int row = 0; row < expected.Count; row++)
        {
            AssertSame(expected[row], table.ToAddFile(row));
        }
    }

    [Fact]
    public void DecidedKeysIncludeTheDeletionVector()
    {
        var builder = new FileTableBuilder();
        builder.Append(Full("x.parquet"));
        FileTable source = builder.Build();
        var withoutDv = new FileTableBuilder();
        withoutDv.AppendTable(source, new DecidedSet(["x.parquet"]));
        Assert.Equal(1, withoutDv.Build().Count);
        var withDv = new FileTableBuilder();
        withDv.AppendTable(source, new DecidedSet(["x.parquet"], Dv.UniqueId));
        Assert.Equal(0, withDv.Build().Count);
    }

    [Fact]
    public void LongValuesAndManyRowsSpanSeveralChunks()
    {
        var builder = new FileTableBuilder();
        string huge = new('s', FileTableBuilder.ChunkSize);
        var expected = new List<string>();
        for (int i = 0; i < 20_000; i++)
        {
            string path = $"dir-{i % 7}/file-{i:D8}-{new string('x', i % 113)}.parquet";
            expected.Add(path);
            builder.Append(new AddFile(path, PartitionValueMap.Empty, i, i, true, i == 777 ? Encoding.UTF8.GetBytes(huge) : Encoding.UTF8.GetBytes("{\"n\":" + i + "}"), null, null, null, null));
        }
        FileTable table = builder.Build();
        Assert.True(table.Chunks.Length > 2);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], table.GetPath(i));
            Assert.Equal(i == 777 ? huge : "{\"n\":" + i + "}", Encoding.UTF8.GetString(table.GetStatsUtf8(i)));
        }
    }

    [Fact]
    public void ViewIndexesEnumeratesAndRejectsOutOfRange()
    {
        var builder = new FileTableBuilder();
        builder.Append(Full());
        builder.Append(Bare());
        var view = new SnapshotFileList(builder.Build());
        Assert.Equal(2, view.Count);
        AssertSame(Full(), view[0]);
        AssertSame(Bare(), view[1]);
        Assert.Equal(new[] { Full().Path, Bare().Path }, view.Select(f => f.Path));
        Assert.NotSame(view[0], view[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => view[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => view[-1]);
        Assert.Empty(new SnapshotFileList(FileTable.Empty));
    }

    [Fact]
    public void ConcurrentReadersSeeEqualValues()
    {
        var builder = new FileTableBuilder();
        for (int i = 0; i < 2_000; i++)
        {
            builder.Append(new AddFileRow
            {
                Path = Encoding.UTF8.GetBytes($"p{i}"),
                HasStatistics = true,
                Statistics = Encoding.UTF8.GetBytes("{\\\"n\\\":" + i + "}"),
                StatisticsEscaped = true,
                Size = i,
            });
        }
        FileTable table = builder.Build();
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < table.Count; i++)
            {
                Assert.Equal("{\"n\":" + i + "}", Encoding.UTF8.GetString(table.GetStatsUtf8(i)));
                AddFile add = table.ToAddFile(i);
                Assert.Equal("p" + i, add.Path);
                Assert.Equal("{\"n\":" + i + "}", add.StatsJson);
                Assert.Equal(i, add.Size);
            }
        });
    }

    [Theory]
    [InlineData("a", "b")]
    [InlineData("a", "ab")]
    [InlineData("\uFFFD", "𝄞")]
    [InlineData("\uE000x", "𐐷")]
    [InlineData("𝄞", "𝄟")]
    [InlineData("é", "z")]
    [InlineData("part-ü", "part-€")]
    [InlineData("same", "same")]
    public void PathOrderIsOrdinalUtf16Order(string x, string y)
    {
        var builder = new FileTableBuilder();
        builder.Append(Bare(x));
        builder.Append(Bare(y));
        FileTable table = builder.Build();
        Assert.Equal(Math.Sign(string.CompareOrdinal(x, y)), Math.Sign(table.ComparePaths(0, 1)));
        Assert.Equal(Math.Sign(string.CompareOrdinal(y, x)), Math.Sign(table.ComparePaths(1, 0)));
    }

    [Fact]
    public void RowsInPathOrderSortLikeStrings()
    {
        string[] paths = ["b", "a/ü", "a/z", "𝄞", "\uFFFF", "a", "A", "a/é", "a/e"];
        var builder = new FileTableBuilder();
        foreach (string path in paths)
        {
            builder.Append(Bare(path));
        }
        FileTable table = builder.Build();
        string[] expected = paths.OrderBy(p => p, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, table.RowsInPathOrder().Select(table.GetPath));
    }

    [Fact]
    public void BuildEndsTheBuilder()
    {
        var builder = new FileTableBuilder();
        builder.Append(Bare());
        builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.Append(Bare()));
        Assert.Throws<InvalidOperationException>(() => builder.Build());
    }

    private static void AssertSame(AddFile expected, AddFile actual)
    {
        Assert.Equal(expected.Path, actual.Path);
        Assert.Equal(expected.PartitionValues.OrderBy(p => p.Key), actual.PartitionValues.OrderBy(p => p.Key));
        Assert.Equal(expected.Size, actual.Size);
        Assert.Equal(expected.ModificationTime, actual.ModificationTime);
        Assert.Equal(expected.DataChange, actual.DataChange);
        Assert.Equal(expected.StatsJson, actual.StatsJson);
        Assert.Equal(expected.Tags?.OrderBy(p => p.Key), actual.Tags?.OrderBy(p => p.Key));
        Assert.Equal(expected.DeletionVector?.UniqueId, actual.DeletionVector?.UniqueId);
        Assert.Equal(expected.DeletionVector?.Cardinality, actual.DeletionVector?.Cardinality);
        Assert.Equal(expected.BaseRowId, actual.BaseRowId);
        Assert.Equal(expected.DefaultRowCommitVersion, actual.DefaultRowCommitVersion);
    }

    /// <summary>Decided keys by decoded path (and an optional DV id applying to all of them).</summary>
    private sealed class DecidedSet : IDecidedFileKeys
    {
        private readonly string? dvId;

        public DecidedSet(string[] paths, string? dvId = null)
        {
            Paths = new HashSet<string>(paths, StringComparer.Ordinal);
            this.dvId = dvId;
        }

        public HashSet<string> Paths { get; }

        public int Count => Paths.Count;

        public bool Decides(ReadOnlySpan<byte> logPathUtf8, string? deletionVectorUniqueId) =>
            Paths.Contains(Uri.UnescapeDataString(Encoding.UTF8.GetString(logPathUtf8))) && deletionVectorUniqueId == dvId;
    }
}
