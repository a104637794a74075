using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Cli.Tests;

/// <summary>
/// End-to-end runs of the tool whose rows are checked against an independent reader: DuckDB for values,
/// apache-arrow JS for the Arrow IPC output.
/// </summary>
public sealed class CliDataTests : IDisposable
{
    private readonly string workDir = Directory.CreateTempSubdirectory("deltasharp-cli-").FullName;

    public void Dispose() => Directory.Delete(workDir, recursive: true);

    [Fact]
    public async Task ParquetCatJsonlMatchesDuckDb()
    {
        string file = Path.Combine(TestEnvironment.RequireParquetTestingDir(), "data", "alltypes_plain.parquet");
        CliResult result = await CliRunner.RunAsync("parquet", "cat", file, "--columns", "id,bool_col,int_col,bigint_col,string_col", "--format", "jsonl");
        Assert.True(result.ExitCode == 0, result.StandardError);

        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        // DuckDB renders string_col (binary without a UTF8 annotation) as a blob: base64 it the way JSONL-FORMAT.md says.
        List<string> expected = Column(duck.Query(
            $"SELECT to_json({{'id': id, 'bool_col': bool_col, 'int_col': int_col, 'bigint_col': bigint_col, 'string_col': to_base64(string_col::BLOB)}}) FROM read_parquet('{file}')"));
        AssertSameMultiset(expected, result.OutputLines);
    }

    [Fact]
    public async Task CreateWriteAndCatRoundTripThroughTheCli()
    {
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        string source = Path.Combine(workDir, "source.parquet");
        duck.Execute($"""
            COPY (SELECT i::BIGINT AS id,
                         CASE WHEN i % 7 = 0 THEN NULL ELSE 'name-' || (i % 13)::VARCHAR END AS name,
                         (i * 0.25)::DOUBLE AS amount,
                         ['a', 'b', 'c'][1 + i % 3] AS part
                  FROM range(0, 1000) t(i))
            TO '{source}' (FORMAT parquet)
            """);
        string table = Path.Combine(workDir, "table");

        CliResult created = await CliRunner.RunAsync("create", table, "--schema", "id:long,name:string,amount:double,part:string", "--partition-by", "part");
        Assert.True(created.ExitCode == 0, created.StandardError);
        CliResult written = await CliRunner.RunAsync("write", table, "--from", source, "--mode", "append");
        Assert.True(written.ExitCode == 0, written.StandardError);

        CliResult cat = await CliRunner.RunAsync("cat", table, "--format", "jsonl");
        Assert.True(cat.ExitCode == 0, cat.StandardError);
        List<string> expected = Column(duck.Query(
            $"SELECT to_json({{'id': id, 'name': name, 'amount': amount, 'part': part}}) FROM read_parquet('{source}')"));
        AssertSameMultiset(expected, cat.OutputLines);

        // Time travel: version 0 is the empty table the create made.
        CliResult atZero = await CliRunner.RunAsync("cat", table, "--version", "0", "--format", "jsonl");
        Assert.True(atZero.ExitCode == 0, atZero.StandardError);
        Assert.Empty(atZero.OutputLines);

        // The same rows land in DuckDB's own reading of the data files we wrote (Hive partition directories).
        Assert.Equal("1000", duck.Scalar($"SELECT count(*) FROM read_parquet('{table}/**/*.parquet', hive_partitioning = true)"));
        Assert.Equal(duck.Scalar($"SELECT sum(amount) FROM read_parquet('{source}')"),
            duck.Scalar($"SELECT sum(amount) FROM read_parquet('{table}/**/*.parquet', hive_partitioning = true)"));
    }

    [Fact]
    public async Task CatArrowFormatIsReadByApacheArrowJs()
    {
        string nodeModules = TestEnvironment.RequireNodeModules();
        string table = Path.Combine(TestEnvironment.RequireConformanceDir(), "delta-kernel-rs__basic_partitioned");
        CliResult jsonl = await CliRunner.RunAsync("cat", table, "--format", "jsonl");
        Assert.True(jsonl.ExitCode == 0, jsonl.StandardError);
        CliResult arrow = await CliRunner.RunAsync("cat", table, "--format", "arrow");
        Assert.True(arrow.ExitCode == 0, arrow.StandardError);

        string stream = Path.Combine(workDir, "rows.arrows");
        await File.WriteAllBytesAsync(stream, arrow.StandardOutput, TestContext.Current.CancellationToken);
        string script = Path.Combine(workDir, "read.cjs");
        await File.WriteAllTextAsync(script, """
            const { tableFromIPC } = require('apache-arrow');
            const fs = require('fs');
            const t = tableFromIPC(fs.readFileSync(process.argv[2]));
            const rows = [];
            for (const r of t) rows.push(JSON.stringify({ letter: r.letter, number: Number(r.number), a_float: r.a_float }));
            process.stdout.write(t.schema.fields.map(f => f.name).join(',') + '\n' + rows.join('\n') + '\n');
            """, TestContext.Current.CancellationToken);
        string output = await RunNodeAsync(nodeModules, script, stream);

        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("letter,number,a_float", lines[0]);
        AssertSameMultiset(new List<string>(jsonl.OutputLines), lines[1..]);
    }

    [Fact]
    public async Task CatArrowFormatWithoutRowsIsAValidStreamOfTheProjectedColumns()
    {
        string nodeModules = TestEnvironment.RequireNodeModules();
        string table = Path.Combine(TestEnvironment.RequireConformanceDir(), "delta-kernel-rs__basic_partitioned");
        CliResult arrow = await CliRunner.RunAsync("cat", table, "--columns", "number,letter", "--where", "number < -1000", "--format", "arrow");
        Assert.True(arrow.ExitCode == 0, arrow.StandardError);

        string stream = Path.Combine(workDir, "empty.arrows");
        await File.WriteAllBytesAsync(stream, arrow.StandardOutput, TestContext.Current.CancellationToken);
        string script = Path.Combine(workDir, "read-empty.cjs");
        await File.WriteAllTextAsync(script, """
            const { tableFromIPC } = require('apache-arrow');
            const fs = require('fs');
            const t = tableFromIPC(fs.readFileSync(process.argv[2]));
            process.stdout.write(t.schema.fields.map(f => f.name).join(',') + '|' + t.numRows + '\n');
            """, TestContext.Current.CancellationToken);
        string output = await RunNodeAsync(nodeModules, script, stream);
        Assert.Equal("number,letter|0", output.Trim());
    }

    [Fact]
    public async Task TableFormatPrintsOneTableAcrossFiles()
    {
        // basic_partitioned has one data file per partition: the human table must still be one table of all rows.
        string table = Path.Combine(TestEnvironment.RequireConformanceDir(), "delta-kernel-rs__basic_partitioned");
        CliResult result = await CliRunner.RunAsync("cat", table, "--format", "table");
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Single(result.OutputLines, line => line.Contains("letter", StringComparison.Ordinal));
        Assert.Equal("6 rows", result.OutputLines[^1]);
    }

    /// <summary>Runs a Node.js script (apache-arrow resolvable through <paramref name="nodeModules"/>) on an Arrow
    /// stream file and returns its standard output; fails the test when the script fails.</summary>
    private static async Task<string> RunNodeAsync(string nodeModules, string script, string stream)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(stream);
        start.Environment["NODE_PATH"] = nodeModules;
        using Process node = Process.Start(start)!;
        string output = await node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string errors = await node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(node.ExitCode == 0, errors);
        return output;
    }

    private static List<string> Column(DuckDbResult result)
    {
        var values = new List<string>(result.Rows.Count);
        foreach (string?[] row in result.Rows)
        {
            values.Add(row[0] ?? "null");
        }
        return values;
    }

    /// <summary>
    /// Compares rows as multisets of JSON values: numbers by value (DuckDB writes <c>0.0</c> where the JSONL format's
    /// shortest round-trip form is <c>0</c>), everything else exactly.
    /// </summary>
    private static void AssertSameMultiset(List<string> expectedRows, string[] actualRows)
    {
        var expected = expectedRows.ConvertAll(CanonicalJson.Of);
        var sortedActual = new List<string>(actualRows.Length);
        foreach (string row in actualRows)
        {
            sortedActual.Add(CanonicalJson.Of(row));
        }
        expected.Sort(StringComparer.Ordinal);
        sortedActual.Sort(StringComparer.Ordinal);
        Assert.Equal(expected, sortedActual);
    }
}
