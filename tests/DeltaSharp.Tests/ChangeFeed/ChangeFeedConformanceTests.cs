using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.ChangeFeed;
using DeltaSharp.Schema;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.ChangeFeed;

/// <summary>
/// Every change-data-feed table of the corpus, read with <see cref="DeltaTable.ReadChangesAsync(long, long?, DeltaChangeFeedOptions?, System.Threading.CancellationToken)"/>
/// and compared (as a multiset, every column but <c>_commit_timestamp</c>, which is the commit file's time and changes
/// with every checkout) with the rows the other implementations' tests expect, or rejected as Spark rejects it. The
/// expected rows are typed in from those tests (cited per test); they are independent truth, not our output.
/// </summary>
public sealed class ChangeFeedConformanceTests : LeakCheckedTest
{
    private async Task<DeltaTable> OpenAsync(string id)
    {
        string dir = Path.Combine(TestEnvironment.RequireConformanceDir(), id);
        TestEnvironment.Require(Directory.Exists(dir), $"{id} is not in the conformance corpus");
        string root = File.Exists(Path.Combine(dir, "_delta_log", "00000000000000000000.json")) || Directory.Exists(Path.Combine(dir, "_delta_log")) ? dir : Path.Combine(dir, "delta");
        return await DeltaTable.OpenAsync(root, new DeltaTableOptions { Allocator = Allocator });
    }

    /// <summary>Reads the changes with every table column plus _change_type and _commit_version (kernel's tests project
    /// out _commit_timestamp the same way).</summary>
    private async Task<List<string>> ChangesAsync(string id, long start, long? end = null)
    {
        await using DeltaTable table = await OpenAsync(id);
        var columns = table.Snapshot.Schema.Fields.Select(f => f.Name).ToList();
        columns.Add(DeltaChangeFeed.ChangeTypeColumn);
        columns.Add(DeltaChangeFeed.CommitVersionColumn);
        return await ChangeRows.CollectAsync(table.ReadChangesAsync(start, end, new DeltaChangeFeedOptions { Columns = columns, BatchSize = 3 }));
    }

    private async Task<T> RejectedAsync<T>(string id, long start, long? end = null)
        where T : Exception
    {
        await using DeltaTable table = await OpenAsync(id);
        return await Assert.ThrowsAsync<T>(async () => await ChangeRows.CollectAsync(table.ReadChangesAsync(start, end)));
    }

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, test cdf_with_deletion_vector (commits: insert 0..9; delete 0, 9 by a
    // deletion vector; restore them; delete 0, 1, 4, 5; restore 1, 4; restore 0, 5 and delete 3; restore 3).
    [Fact]
    public async Task DeletionVectorsGiveOnlyTheRowsWhoseStatusChanged()
    {
        List<string> rows = await ChangesAsync("delta-kernel-rs__cdf-table-with-dv", 0);
        string[] expected =
        [
            "0|insert|0", "1|insert|0", "2|insert|0", "3|insert|0", "4|insert|0", "5|insert|0", "6|insert|0", "7|insert|0", "8|insert|0", "9|insert|0",
            "0|delete|1", "9|delete|1",
            "0|insert|2", "9|insert|2",
            "0|delete|3", "1|delete|3", "4|delete|3", "5|delete|3",
            "1|insert|4", "4|insert|4",
            "3|delete|5", "0|insert|5", "5|insert|5",
            "3|insert|6",
        ];
        ChangeRows.AssertSameRows(expected, rows);
    }

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, test basic_cdf (the same rows: delta-rs load_cdf test_load_local).
    [Fact]
    public async Task PartitionedTableWithChangeDataFiles()
    {
        List<string> rows = await ChangesAsync("delta-kernel-rs__cdf-table", 0);
        string[] expected =
        [
            "1|Steve|2023-12-22|insert|0", "2|Bob|2023-12-23|insert|0", "3|Dave|2023-12-23|insert|0", "4|Kate|2023-12-23|insert|0",
            "5|Emily|2023-12-24|insert|0", "6|Carl|2023-12-24|insert|0", "7|Dennis|2023-12-24|insert|0", "8|Claire|2023-12-25|insert|0",
            "9|Ada|2023-12-25|insert|0", "10|Borb|2023-12-25|insert|0",
            "3|Dave|2023-12-22|update_postimage|1", "3|Dave|2023-12-23|update_preimage|1",
            "4|Kate|2023-12-22|update_postimage|1", "4|Kate|2023-12-23|update_preimage|1",
            "2|Bob|2023-12-22|update_postimage|1", "2|Bob|2023-12-23|update_preimage|1",
            "7|Dennis|2023-12-24|update_preimage|2", "7|Dennis|2023-12-29|update_postimage|2",
            "5|Emily|2023-12-24|update_preimage|2", "5|Emily|2023-12-29|update_postimage|2",
            "6|Carl|2023-12-24|update_preimage|2", "6|Carl|2023-12-29|update_postimage|2",
            "7|Dennis|2023-12-29|delete|3",
        ];
        ChangeRows.AssertSameRows(expected, rows);
    }

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, test cdf_non_partitioned.
    [Fact]
    public async Task NonPartitionedTableOfManyTypes()
    {
        List<string> rows = await ChangesAsync("delta-kernel-rs__cdf-table-non-partitioned", 0);
        string[] expected =
        [
            "1|Steve|2024-04-14|1|true|3.14|1|insert|0", "2|Bob|2024-04-15|1|true|3.14|1|insert|0", "3|Dave|2024-04-15|2|true|3.14|1|insert|0",
            "4|Kate|2024-04-15|3|true|3.14|1|insert|0", "5|Emily|2024-04-16|4|true|3.14|1|insert|0", "6|Carl|2024-04-16|5|true|3.14|1|insert|0",
            "7|Dennis|2024-04-16|6|true|3.14|1|insert|0", "8|Claire|2024-04-17|7|true|3.14|1|insert|0", "9|Ada|2024-04-17|8|true|3.14|1|insert|0",
            "10|Borb|2024-04-17|99999999999999999|true|3.14|1|insert|0",
            "3|Dave|2024-04-15|2|true|3.14|1|update_preimage|1", "3|Dave|2024-04-14|2|true|3.14|1|update_postimage|1",
            "4|Kate|2024-04-15|3|true|3.14|1|update_preimage|1", "4|Kate|2024-04-14|3|true|3.14|1|update_postimage|1",
            "2|Bob|2024-04-15|1|true|3.14|1|update_preimage|1", "2|Bob|2024-04-14|1|true|3.14|1|update_postimage|1",
            "7|Dennis|2024-04-16|6|true|3.14|1|update_preimage|2", "7|Dennis|2024-04-14|6|true|3.14|1|update_postimage|2",
            "5|Emily|2024-04-16|4|true|3.14|1|update_preimage|2", "5|Emily|2024-04-14|4|true|3.14|1|update_postimage|2",
            "6|Carl|2024-04-16|5|true|3.14|1|update_preimage|2", "6|Carl|2024-04-14|5|true|3.14|1|update_postimage|2",
            "7|Dennis|2024-04-14|6|true|3.14|1|delete|3",
            "1|Alex|2024-04-14|1|true|3.14|1|insert|4", "2|Alan|2024-04-15|1|true|3.14|1|insert|4",
        ];
        ChangeRows.AssertSameRows(expected, rows);
    }

    private static readonly string[] SimpleInserts = Enumerable.Range(0, 10).Select(i => $"{i}|insert|0").ToArray();
    private static readonly string[] SimpleDeletes = Enumerable.Range(0, 10).Select(i => $"{i}|delete|1").ToArray();
    private static readonly string[] SimpleSecondInserts = Enumerable.Range(20, 5).Select(i => $"{i}|insert|2").ToArray();

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, test simple_cdf_version_ranges.
    [Fact]
    public async Task VersionRanges()
    {
        ChangeRows.AssertSameRows(SimpleInserts, await ChangesAsync("delta-kernel-rs__cdf-table-simple", 0, 0));
        ChangeRows.AssertSameRows(SimpleDeletes, await ChangesAsync("delta-kernel-rs__cdf-table-simple", 1, 1));
        ChangeRows.AssertSameRows(SimpleSecondInserts, await ChangesAsync("delta-kernel-rs__cdf-table-simple", 2, 2));
        ChangeRows.AssertSameRows(SimpleInserts.Concat(SimpleDeletes).Concat(SimpleSecondInserts), await ChangesAsync("delta-kernel-rs__cdf-table-simple", 0, 2));
        // An end after the latest version is the latest version (as in Spark and delta-rs).
        ChangeRows.AssertSameRows(SimpleSecondInserts, await ChangesAsync("delta-kernel-rs__cdf-table-simple", 2, 99));
    }

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, tests invalid_range_end_before_start and
    // invalid_range_start_after_last_version_of_table.
    [Fact]
    public async Task InvalidRangesAreRejected()
    {
        DeltaChangeDataFeedException endBeforeStart = await RejectedAsync<DeltaChangeDataFeedException>("delta-kernel-rs__cdf-table-simple", 1, 0);
        Assert.Contains("CDC range from start 1 to end 0 was invalid", endBeforeStart.Message, StringComparison.Ordinal);
        Assert.Equal(1, endBeforeStart.StartVersion);
        Assert.Equal(0, endBeforeStart.EndVersion);
        DeltaVersionNotFoundException afterLatest = await RejectedAsync<DeltaVersionNotFoundException>("delta-kernel-rs__cdf-table-simple", 3, 4);
        Assert.Contains("start version (3)", afterLatest.Message, StringComparison.Ordinal);
        Assert.Equal(2, afterLatest.LatestVersion);
    }

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, test false_data_change_is_ignored.
    [Fact]
    public async Task DataChangeFalseActionsGiveNothing()
    {
        ChangeRows.AssertSameRows(SimpleInserts, await ChangesAsync("delta-kernel-rs__cdf-table-data-change", 0, 1));
    }

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, test partition_table.
    [Fact]
    public async Task PartitionedTableWithRemovesAndChangeDataFiles()
    {
        string[] expected =
        [
            "0|old|0|insert|0", "1|old|1|insert|0", "2|old|0|insert|0", "3|old|1|insert|0", "4|old|0|insert|0", "5|old|1|insert|0",
            "3|old|1|delete|1", "1|old|1|update_preimage|1", "1|new|1|update_postimage|1",
            "0|old|0|delete|2", "2|old|0|delete|2", "4|old|0|delete|2",
        ];
        ChangeRows.AssertSameRows(expected, await ChangesAsync("delta-kernel-rs__cdf-table-partitioned", 0, 2));
    }

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, test backtick_column_names.
    [Fact]
    public async Task ColumnNamesWithDotsAndBackticks()
    {
        string[] expected =
        [
            "2|10|{\"field\":1,\"field.one\":2}|insert|0", "4|10|{\"field\":1,\"field.one\":2}|insert|0",
            "1|10|{\"field\":1,\"field.one\":2}|insert|1", "3|10|{\"field\":1,\"field.one\":2}|insert|1", "5|10|{\"field\":1,\"field.one\":2}|insert|1",
        ];
        ChangeRows.AssertSameRows(expected, await ChangesAsync("delta-kernel-rs__cdf-table-backtick-column-names", 0));
    }

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, tests unconditional_delete and conditional_delete_all_rows.
    [Theory]
    [InlineData("delta-kernel-rs__cdf-table-delete-unconditional")]
    [InlineData("delta-kernel-rs__cdf-table-delete-conditional-all-rows")]
    public async Task DeletesOfAllRows(string id)
    {
        ChangeRows.AssertSameRows(SimpleInserts.Concat(SimpleDeletes), await ChangesAsync(id, 0));
    }

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, test conditional_delete_two_rows.
    [Fact]
    public async Task ConditionalDeleteOfTwoRows()
    {
        ChangeRows.AssertSameRows(SimpleInserts.Concat(["2|delete|1", "8|delete|1"]), await ChangesAsync("delta-kernel-rs__cdf-table-delete-conditional-two-rows", 0));
    }

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, tests cdf_with_column_mapping_name_mode and
    // cdf_with_column_mapping_id_mode (read from version 1: the feed is enabled there). Doubles are written in the
    // JSON-lines form (shortest round-trip: 100.0 is "100").
    [Theory]
    [InlineData("delta-kernel-rs__cdf-column-mapping-name-mode", "1|Alice|100|delete|4", "2|Bob|200|update_preimage|2", "2|Bob|250|update_postimage|2", "4|David|400|insert|3")]
    [InlineData("delta-kernel-rs__cdf-column-mapping-id-mode", "2|Frank|250|update_preimage|2", "2|Frank|275|update_postimage|2", "3|Grace|350|delete|4", "4|Henry|450|insert|3")]
    public async Task ColumnMapping(string id, params string[] expected)
    {
        ChangeRows.AssertSameRows(expected, await ChangesAsync(id, 1));
        // Version 0 was written before the feed was enabled: Spark refuses the range.
        DeltaChangeDataFeedException notRecorded = await RejectedAsync<DeltaChangeDataFeedException>(id, 0);
        Assert.Equal(0, notRecorded.Version);
        Assert.Contains("change data was not recorded for version [0]", notRecorded.Message, StringComparison.Ordinal);
    }

    // delta-io/delta-kernel-rs kernel/tests/data/table-with-cdf: the feed is disabled at version 2 and enabled again
    // at 3 (fake data paths: only the range checks can be read).
    [Fact]
    public async Task FeedDisabledInsideTheRangeIsRejected()
    {
        DeltaChangeDataFeedException disabled = await RejectedAsync<DeltaChangeDataFeedException>("delta-kernel-rs__table-with-cdf", 0, 4);
        Assert.Equal(2, disabled.Version);
        Assert.Contains("change data was not recorded for version [2]", disabled.Message, StringComparison.Ordinal);
        Assert.Empty(await ChangesAsync("delta-kernel-rs__table-with-cdf", 3, 4));
    }

    // Tables without delta.enableChangeDataFeed: delta-io/delta-kernel-rs golden deltalog-getChanges (cdc actions, but
    // the feed never enabled) and delta-rs delta-0.8.0 (delta-rs load_cdf test_load_non_cdf rejects such tables).
    [Theory]
    [InlineData("delta-kernel-rs__golden__deltalog-getChanges")]
    [InlineData("delta-rs__delta-0.8.0")]
    public async Task TablesWithoutTheFeedAreRejected(string id)
    {
        DeltaChangeDataFeedException error = await RejectedAsync<DeltaChangeDataFeedException>(id, 0);
        Assert.Equal(0, error.Version);
    }

    // delta-io/delta-rs crates/core/src/operations/load_cdf.rs, test test_load_vacuumed_table: the log starts at the
    // version 3 checkpoint; reading from its start timestamp (version 3) gives these rows.
    [Fact]
    public async Task CleanedUpLogFromItsCheckpoint()
    {
        string[] expected =
        [
            "11|Ossama|2024-12-30|insert|4", "11|Ossama|2024-12-30|update_preimage|5", "12|Nick|2023-12-29|insert|4",
            "12|Nick|2023-12-29|update_preimage|5", "12|Ossama|2024-12-30|update_postimage|5", "13|Nick|2023-12-29|update_postimage|5",
            "13|Ryan|2023-12-22|insert|4", "13|Ryan|2023-12-22|update_preimage|5", "14|Ryan|2023-12-22|update_postimage|5",
            "14|Zach|2023-12-25|insert|4", "14|Zach|2023-12-25|update_preimage|5", "15|Zach|2023-12-25|update_postimage|5",
            "7|Dennis|2023-12-29|delete|3",
        ];
        ChangeRows.AssertSameRows(expected, await ChangesAsync("delta-rs__checkpoint-cdf-table", 3));
        DeltaVersionNotFoundException missing = await RejectedAsync<DeltaVersionNotFoundException>("delta-rs__checkpoint-cdf-table", 0);
        Assert.Contains("version 0", missing.Message, StringComparison.Ordinal);
        Assert.Equal(3, missing.EarliestVersion);
    }

    // delta-io/delta-rs crates/test/tests/data/simple_table_with_cdc (written by Databricks): version 1 appends
    // (0, Mario), version 2 updates it to (0, Mino) with a change data file. The change data file itself is checked
    // against DuckDB in ChangeFeedDuckDbTests.
    [Fact]
    public async Task DatabricksUpdateWithChangeDataFile()
    {
        string[] expected = ["0|Mario|insert|1", "0|Mario|update_preimage|2", "0|Mino|update_postimage|2"];
        ChangeRows.AssertSameRows(expected, await ChangesAsync("delta-rs__simple_table_with_cdc", 0));
    }

    [Fact]
    public async Task ProjectionFilterAndChangeColumns()
    {
        await using DeltaTable table = await OpenAsync("delta-kernel-rs__cdf-table");
        var options = new DeltaChangeFeedOptions
        {
            Columns = [DeltaChangeFeed.CommitVersionColumn, "name", DeltaChangeFeed.ChangeTypeColumn],
            Filter = DeltaSharp.Expressions.DeltaExpressionParser.Parse("_change_type <> 'insert' AND id > 4"),
        };
        List<string> rows = await ChangeRows.CollectAsync(table.ReadChangesAsync(0, null, options));
        string[] expected =
        [
            "2|Dennis|update_preimage", "2|Dennis|update_postimage", "2|Emily|update_preimage", "2|Emily|update_postimage",
            "2|Carl|update_preimage", "2|Carl|update_postimage", "3|Dennis|delete",
        ];
        ChangeRows.AssertSameRows(expected, rows);

        // A filter on table columns only is pushed into the file scans (partition pruning) and stays exact.
        var partitionOnly = new DeltaChangeFeedOptions { Columns = ["id", DeltaChangeFeed.ChangeTypeColumn], Filter = DeltaSharp.Expressions.DeltaExpressionParser.Parse("birthday = DATE '2023-12-29'") };
        ChangeRows.AssertSameRows(
            ["7|update_postimage", "5|update_postimage", "6|update_postimage", "7|delete"],
            await ChangeRows.CollectAsync(table.ReadChangesAsync(0, null, partitionOnly)));
    }

    [Fact]
    public async Task CommitTimestampIsTheCommitFileTime()
    {
        await using DeltaTable table = await OpenAsync("delta-kernel-rs__cdf-table-simple");
        var options = new DeltaChangeFeedOptions { Columns = [DeltaChangeFeed.CommitVersionColumn, DeltaChangeFeed.CommitTimestampColumn] };
        var seen = new Dictionary<long, string>();
        foreach (string line in await ChangeRows.CollectAsync(table.ReadChangesAsync(0, null, options)))
        {
            string[] parts = line.Split('|');
            seen[long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)] = parts[1];
        }
        Assert.Equal([0L, 1L, 2L], seen.Keys.Order());
        string log = Path.Combine(table.Location, "_delta_log");
        long previous = long.MinValue;
        foreach (long version in seen.Keys.Order())
        {
            long millis = new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(log, $"{version:D20}.json"))).ToUnixTimeMilliseconds();
            millis = Math.Max(millis, previous + 1);
            previous = millis;
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'000Z'", System.Globalization.CultureInfo.InvariantCulture), seen[version]);
        }
    }

    [Fact]
    public async Task SynchronousReadEqualsAsynchronous()
    {
        await using DeltaTable table = await OpenAsync("delta-kernel-rs__cdf-table-with-dv");
        List<string> asyncRows = await ChangeRows.CollectAsync(table.ReadChangesAsync(0));
        Assert.Equal(24, asyncRows.Count);
        var syncRows = new List<string>();
        foreach (Arrow.RecordBatch batch in table.ReadChanges(0))
        {
            using (batch)
            {
                syncRows.AddRange(ChangeRows.Lines(batch));
            }
        }
        Assert.Equal(asyncRows, syncRows);
    }

    [Fact]
    public async Task OutputSchemaIsTheTableSchemaPlusTheChangeColumns()
    {
        await using DeltaTable table = await OpenAsync("delta-kernel-rs__cdf-table");
        await foreach (Arrow.RecordBatch batch in table.ReadChangesAsync(0, 0))
        {
            using (batch)
            {
                Assert.Equal(["id", "name", "birthday", "_change_type", "_commit_version", "_commit_timestamp"], batch.Schema.Fields.Select(f => f.Name));
                Assert.Equal(DeltaArrowSchema.ToArrowType(DeltaPrimitiveType.Timestamp), batch.Schema.Fields[5].DataType);
                Assert.Equal(DeltaArrowSchema.ToArrowType(DeltaPrimitiveType.Long), batch.Schema.Fields[4].DataType);
            }
        }
        await Assert.ThrowsAsync<ArgumentException>(async () => await ChangeRows.CollectAsync(table.ReadChangesAsync(0, null, new DeltaChangeFeedOptions { Columns = ["nope"] })));
    }
}
