using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.ChangeFeed;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Tests.ChangeFeed;

/// <summary>
/// The rows of every commit that has change data files equal DuckDB's read of exactly those files (paths taken from
/// the commit JSON by this test, not by our log reader): an independent Parquet reader checks the files' contents,
/// the <c>_change_type</c> column and column mapping by physical names.
/// </summary>
public sealed class ChangeFeedDuckDbTests : LeakCheckedTest
{
    /// <summary>(table, version, the columns to compare: DuckDB expression list over the file's physical columns,
    /// our logical columns).</summary>
    public static TheoryData<string, long, string, string> Cases => new()
    {
        { "delta-rs__simple_table_with_cdc", 2, "id, name, _change_type", "id,name" },
        { "delta-kernel-rs__cdf-table", 1, "id, name, _change_type", "id,name" },
        { "delta-kernel-rs__cdf-table", 2, "id, name, _change_type", "id,name" },
        { "delta-kernel-rs__cdf-table-non-partitioned", 1, "id, name, birthday, long_field, _change_type", "id,name,birthday,long_field" },
        { "delta-kernel-rs__cdf-table-partitioned", 1, "id, text, _change_type", "id,text" },
        { "delta-kernel-rs__cdf-table-delete-conditional-two-rows", 1, "id, _change_type", "id" },
        // Column mapping (name and id): the change data files hold physical column names.
        { "delta-kernel-rs__cdf-column-mapping-name-mode", 2, "\"col-80396d42-d765-483e-b86e-7ac1e13ef88c\", \"col-ed3e45cf-632b-4a07-bb22-d9f4693bbaa1\", _change_type", "id,name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ChangeDataFileRowsEqualDuckDb(string id, long version, string duckColumns, string ourColumns)
    {
        string dir = Path.Combine(TestEnvironment.RequireConformanceDir(), id);
        TestEnvironment.Require(Directory.Exists(dir), $"{id} is not in the conformance corpus");
        TestEnvironment.RequireDuckDbLibrary();
        var cdcFiles = new List<string>();
        foreach (string line in File.ReadAllLines(Path.Combine(dir, "_delta_log", $"{version:D20}.json")))
        {
            using JsonDocument action = JsonDocument.Parse(line);
            if (action.RootElement.TryGetProperty("cdc", out JsonElement cdc))
            {
                cdcFiles.Add(Path.Combine(dir, Uri.UnescapeDataString(cdc.GetProperty("path").GetString()!)));
            }
        }
        Assert.NotEmpty(cdcFiles);
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        string list = string.Join(", ", cdcFiles.Select(f => "'" + f.Replace("'", "''", StringComparison.Ordinal) + "'"));
        var expected = db.Query($"SELECT {duckColumns} FROM read_parquet([{list}], hive_partitioning = false)")
            .Select(row => string.Join('|', row.Select(v => v ?? "")))
            .ToList();

        await using DeltaTable table = await DeltaTable.OpenAsync(dir, new DeltaTableOptions { Allocator = Allocator });
        var columns = ourColumns.Split(',').ToList();
        columns.Add(DeltaChangeFeed.ChangeTypeColumn);
        List<string> actual = await ChangeRows.CollectAsync(table.ReadChangesAsync(version, version, new DeltaChangeFeedOptions { Columns = columns }));
        ChangeRows.AssertSameRows(expected, actual);
    }
}
