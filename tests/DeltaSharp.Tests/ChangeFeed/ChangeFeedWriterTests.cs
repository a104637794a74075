using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.ChangeFeed;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.TestSupport;
using DeltaSharp.Tests.Writing;
using DeltaSharp.Writing;
using Xunit;

namespace DeltaSharp.Tests.ChangeFeed;

/// <summary>
/// Round trips on tables with <c>delta.enableChangeDataFeed=true</c>: what our writer writes, read back as changes,
/// equals the rows written and removed (the truth is the test's own data); a replaceWhere that would need change data
/// files is refused before commit. Every log is checked by the protocol validator.
/// </summary>
public sealed class ChangeFeedWriterTests() : ValidatedTableTest("deltasharp-cdf-")
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> CdfOn = new() { [DeltaChangeFeed.EnableProperty] = "true" };

    private async Task<(LocalObjectStore Store, DeltaTable Table)> CreateAsync(string[] partitionBy, Dictionary<string, string?>? properties = null)
    {
        Directory.CreateDirectory(Root);
        var store = new LocalObjectStore(Root);
        var schema = new DeltaSchema(new DeltaStructType(
        [
            new DeltaStructField("id", DeltaPrimitiveType.Long, false),
            new DeltaStructField("day", DeltaPrimitiveType.String, true),
        ]));
        await DeltaTableWriter.CreateTableAsync(store, schema, new DeltaCreateTableOptions { PartitionColumns = partitionBy, Properties = properties ?? CdfOn }, Ct);
        return (store, await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct));
    }

    private static RecordBatch Rows(long[] ids, string[] days) => TestArrays.Batch(
        ("id", TestArrays.Primitive<long>(ArrowType.Int64, ids.Select(i => (long?)i).ToArray()), false),
        ("day", TestArrays.String(days), true));

    private static async Task<List<string>> ChangesAsync(DeltaTable table, long start)
    {
        await table.RefreshAsync(Ct);
        var options = new DeltaChangeFeedOptions { Columns = ["id", "day", DeltaChangeFeed.ChangeTypeColumn, DeltaChangeFeed.CommitVersionColumn] };
        return await ChangeRows.CollectAsync(table.ReadChangesAsync(start, null, options, Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AppendsOverwritesAndWholeFileReplacesAreTheirChanges(bool partitioned)
    {
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(partitioned ? ["day"] : []);
        await using (store)
        await using (table)
        {
            // The protocol our writer gives a table with the feed enabled: writer version 4 (legacy changeDataFeed).
            Assert.True(table.Snapshot.Protocol.MinWriterVersion >= 4);
            using (RecordBatch first = Rows([1, 2, 3], ["a", "b", "b"]))
            {
                await DeltaTableWriter.WriteAsync(table, [first], cancellationToken: Ct);
            }
            using (RecordBatch second = Rows([4], ["c"]))
            {
                await DeltaTableWriter.WriteAsync(table, [second], cancellationToken: Ct);
            }
            using (RecordBatch replacement = Rows([10, 11], ["a", "c"]))
            {
                await DeltaTableWriter.WriteAsync(table, [replacement], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite }, Ct);
            }
            var expected = new List<string>
            {
                "1|a|insert|1", "2|b|insert|1", "3|b|insert|1",
                "4|c|insert|2",
                "1|a|delete|3", "2|b|delete|3", "3|b|delete|3", "4|c|delete|3", "10|a|insert|3", "11|c|insert|3",
            };
            if (partitioned)
            {
                // replaceWhere on the partition column: whole files removed, no change data files needed.
                using RecordBatch day = Rows([20], ["a"]);
                await DeltaTableWriter.WriteAsync(table, [day], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = "day = 'a'" }, Ct);
                expected.AddRange(["10|a|delete|4", "20|a|insert|4"]);
            }
            ChangeRows.AssertSameRows(expected, await ChangesAsync(table, 0));
            ChangeRows.AssertSameRows(expected.Where(l => l.EndsWith("|2", StringComparison.Ordinal)), await ChangeRows.CollectAsync(
                table.ReadChangesAsync(2, 2, new DeltaChangeFeedOptions { Columns = ["id", "day", DeltaChangeFeed.ChangeTypeColumn, DeltaChangeFeed.CommitVersionColumn] }, Ct)));
            Assert.Empty(Directory.GetDirectories(Root, "_change_data"));
        }
    }

    [Fact]
    public async Task ReplaceWhereRewritingPartOfAFileIsRefusedOnAChangeFeedTable()
    {
        (LocalObjectStore store, DeltaTable table) = await CreateAsync([]);
        await using (store)
        await using (table)
        {
            using (RecordBatch first = Rows([1, 2, 3], ["a", "b", "c"]))
            {
                await DeltaTableWriter.WriteAsync(table, [first], cancellationToken: Ct);
            }
            using RecordBatch replacement = Rows([2], ["z"]);
            DeltaException e = await Assert.ThrowsAsync<DeltaException>(() =>
                DeltaTableWriter.WriteAsync(table, [replacement], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = "id = 2" }, Ct));
            Assert.Contains("change data feed", e.Message, StringComparison.Ordinal);
            Assert.Contains("Nothing was committed", e.Message, StringComparison.Ordinal);
            await table.RefreshAsync(Ct);
            Assert.Equal(1, table.Snapshot.Version);
            // The data files written for the refused commit were deleted again.
            Assert.Single(Directory.GetFiles(Root, "*.parquet", SearchOption.AllDirectories));
            ChangeRows.AssertSameRows(["1|a|insert|1", "2|b|insert|1", "3|c|insert|1"], await ChangesAsync(table, 0));
        }
    }

    [Fact]
    public async Task InCommitTimestampsAreTheCommitTimestampsAndResolveTimestampRanges()
    {
        var properties = new Dictionary<string, string?>(CdfOn) { ["delta.enableInCommitTimestamps"] = "true" };
        (LocalObjectStore store, DeltaTable table) = await CreateAsync([], properties);
        await using (store)
        await using (table)
        {
            for (int i = 1; i <= 3; i++)
            {
                using RecordBatch written = Rows([i], ["d"]);
                await DeltaTableWriter.WriteAsync(table, [written], cancellationToken: Ct);
            }
            // The truth: each commit's commitInfo.inCommitTimestamp, read from the log files by this test.
            var ict = new Dictionary<long, long>();
            for (long v = 1; v <= 3; v++)
            {
                foreach (string line in File.ReadAllLines(Path.Combine(Root, "_delta_log", $"{v:D20}.json")))
                {
                    using var action = System.Text.Json.JsonDocument.Parse(line);
                    if (action.RootElement.TryGetProperty("commitInfo", out System.Text.Json.JsonElement info))
                    {
                        ict[v] = info.GetProperty("inCommitTimestamp").GetInt64();
                    }
                }
            }
            Assert.Equal(3, ict.Count);
            await table.RefreshAsync(Ct);
            var options = new DeltaChangeFeedOptions { Columns = ["id", DeltaChangeFeed.CommitVersionColumn, DeltaChangeFeed.CommitTimestampColumn] };
            List<string> rows = await ChangeRows.CollectAsync(table.ReadChangesAsync(0, null, options, Ct));
            ChangeRows.AssertSameRows(
                ict.Select(e => $"{e.Key}|{e.Key}|{DateTimeOffset.FromUnixTimeMilliseconds(e.Value).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'000Z'", System.Globalization.CultureInfo.InvariantCulture)}"),
                rows);

            // Timestamp ranges resolve against those times: [t2, t2] is version 2 alone; (t1, end] is versions 2 and 3.
            DateTimeOffset t1 = DateTimeOffset.FromUnixTimeMilliseconds(ict[1]);
            DateTimeOffset t2 = DateTimeOffset.FromUnixTimeMilliseconds(ict[2]);
            var ids = new DeltaChangeFeedOptions { Columns = ["id", DeltaChangeFeed.CommitVersionColumn] };
            ChangeRows.AssertSameRows(["2|2"], await ChangeRows.CollectAsync(table.ReadChangesAsync(t2, t2, ids, Ct)));
            ChangeRows.AssertSameRows(["2|2", "3|3"], await ChangeRows.CollectAsync(table.ReadChangesAsync(t1.AddMilliseconds(1), null, ids, Ct)));
            await Assert.ThrowsAsync<DeltaVersionNotFoundException>(async () =>
                await ChangeRows.CollectAsync(table.ReadChangesAsync(DateTimeOffset.FromUnixTimeMilliseconds(ict[3] + 60_000), null, ids, Ct)));
        }
    }
}
