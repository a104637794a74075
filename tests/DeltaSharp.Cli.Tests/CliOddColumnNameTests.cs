using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Cli.Tests;

/// <summary>
/// <c>deltasharp cat --columns / --where</c> on column names the Delta schema allows (PROTOCOL.md "Schema
/// Serialization Format": any name, unique regardless of case): dots, spaces, unicode, backticks, commas, case.
/// The table is written by hand (log JSON + a DuckDB data file).
/// </summary>
public sealed class CliOddColumnNameTests : IDisposable
{
    private readonly string table = Directory.CreateTempSubdirectory("deltasharp-cli-names-").FullName;

    public CliOddColumnNameTests()
    {
        Directory.CreateDirectory(Path.Combine(table, "_delta_log"));
        string[] names = ["a.b", "sp ace", "ünï", "back`tick", "a,b", "Upper"];
        string[] types = ["long", "string", "integer", "integer", "integer", "integer"];
        var fields = new object[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            fields[i] = new { name = names[i], type = types[i], nullable = true, metadata = new { } };
        }
        string schema = JsonSerializer.Serialize(new { type = "struct", fields });
        string data = Path.Combine(table, "part-0.parquet");
        using (DuckDbConnection duck = DuckDbConnection.OpenInMemory())
        {
            duck.Execute($"COPY (SELECT * FROM (VALUES (1::BIGINT, 'x', 3, 4, 5, 6), (2::BIGINT, 'y', 30, 40, 50, 60)) v(\"a.b\", \"sp ace\", \"ünï\", \"back`tick\", \"a,b\", \"Upper\")) TO '{data}' (FORMAT parquet)");
        }
        long size = new FileInfo(data).Length;
        File.WriteAllText(Path.Combine(table, "_delta_log", "00000000000000000000.json"), string.Join("\n",
            JsonSerializer.Serialize(new { protocol = new { minReaderVersion = 1, minWriterVersion = 2 } }),
            JsonSerializer.Serialize(new { metaData = new { id = "x", format = new { provider = "parquet", options = new { } }, schemaString = schema, partitionColumns = Array.Empty<string>(), configuration = new { }, createdTime = 1 } }),
            JsonSerializer.Serialize(new { add = new { path = "part-0.parquet", partitionValues = new { }, size, modificationTime = 1, dataChange = true } })) + "\n");
    }

    public void Dispose() => Directory.Delete(table, recursive: true);

    /// <summary>Property names (decoded) and raw values, so escaping choices do not matter.</summary>
    private static string Canonical(JsonElement row)
    {
        var parts = new System.Collections.Generic.List<string>();
        foreach (JsonProperty property in row.EnumerateObject())
        {
            parts.Add(property.Name + "=" + property.Value.GetRawText());
        }
        return string.Join("\n", parts);
    }

    [Theory]
    [InlineData("`a.b` = 2", "a.b", "{\"a.b\":2}")]
    [InlineData("`sp ace` = 'x'", "sp ace", "{\"sp ace\":\"x\"}")]
    [InlineData("`ünï` > 10", "ünï", "{\"ünï\":30}")]
    [InlineData("`back``tick` = 4", "back`tick", "{\"back`tick\":4}")]
    [InlineData("`a,b` = 50", "`a,b`", "{\"a,b\":50}")]
    [InlineData("`a,b` = 5", "`a.b`", "{\"a.b\":1}")]
    [InlineData("upper = 60", "`back``tick`,`a,b`, sp ace", "{\"back`tick\":40,\"a,b\":50,\"sp ace\":\"y\"}")]
    [InlineData("upper = 6", "Upper", "{\"Upper\":6}")]
    public async Task CatSelectsAndFiltersOddNames(string where, string column, string expected)
    {
        CliResult cat = await CliRunner.RunAsync("cat", table, "--columns", column, "--where", where, "--format", "jsonl");
        Assert.True(cat.ExitCode == 0, cat.StandardError);
        string line = Assert.Single(cat.OutputLines);
        using JsonDocument actual = JsonDocument.Parse(line);
        using JsonDocument wanted = JsonDocument.Parse(expected);
        Assert.Equal(Canonical(wanted.RootElement), Canonical(actual.RootElement));
    }
}
