using System;
using System.IO;
using System.Threading.Tasks;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Cli.Tests;

/// <summary>
/// <c>deltasharp write --from FILE.csv|.jsonl</c>: DuckDB writes the input files and reads them back with the
/// declared types; the Parquet files of the table we wrote must hold exactly the same rows (EXCEPT ALL both ways).
/// </summary>
public sealed class CliTextInputTests : IDisposable
{
    private const string Columns = "id BIGINT, name VARCHAR, amount DECIMAL(12,3), d DATE, ts TIMESTAMPTZ, ok BOOLEAN, score DOUBLE";
    private const string Schema = "id:long:not null,name:string,amount:decimal(12,3),d:date,ts:timestamp,ok:boolean,score:double";
    private readonly string workDir = Directory.CreateTempSubdirectory("deltasharp-cli-text-").FullName;

    public void Dispose() => Directory.Delete(workDir, recursive: true);

    private const string Source = """
        SELECT i::BIGINT AS id,
               CASE WHEN i % 7 = 0 THEN NULL ELSE 'name, "' || (i % 13)::VARCHAR || E'"\nline' END AS name,
               CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 1.125)::DECIMAL(12,3) END AS amount,
               CASE WHEN i % 5 = 0 THEN NULL ELSE DATE '2024-01-01' + (i % 400)::INTEGER END AS d,
               CASE WHEN i % 3 = 0 THEN NULL ELSE TIMESTAMPTZ '2024-02-29 13:05:00.000001+00' + to_microseconds(i * 1000003) END AS ts,
               CASE WHEN i % 4 = 0 THEN NULL ELSE i % 2 = 0 END AS ok,
               CASE WHEN i % 9 = 0 THEN NULL ELSE i / 7.0 END AS score
        FROM range(0, 5000) t(i)
        """;

    [Theory]
    [InlineData("csv", "(FORMAT csv, HEADER true)", "read_csv('{0}', header = true, columns = {{{1}}})")]
    [InlineData("jsonl", "(FORMAT json)", "read_json('{0}', format = 'newline_delimited', columns = {{{1}}})")]
    public async Task WriteFromTextEqualsDuckDbReadingTheSameFile(string extension, string copyOptions, string readTemplate)
    {
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        duck.Execute("SET TimeZone = 'UTC'");
        string input = Path.Combine(workDir, "input." + extension);
        duck.Execute($"COPY ({Source}) TO '{input}' {copyOptions}");
        string table = Path.Combine(workDir, "table-" + extension);

        CliResult written = await CliRunner.RunAsync("write", table, "--from", input, "--schema", Schema);
        Assert.True(written.ExitCode == 0, written.StandardError);
        Assert.Contains("\"rows\":5000", written.Output);

        string columns = string.Join(", ", Array.ConvertAll(Columns.Split(", "), c =>
        {
            string[] parts = c.Split(' ', 2);
            return $"'{parts[0]}': '{parts[1]}'";
        }));
        string expected = string.Format(System.Globalization.CultureInfo.InvariantCulture, readTemplate, input, columns);
        string actual = $"read_parquet('{table}/*.parquet')";
        Assert.Equal("5000", duck.Scalar($"SELECT count(*) FROM {actual}"));
        Assert.Equal("0", duck.Scalar($"SELECT count(*) FROM (SELECT * FROM {expected} EXCEPT ALL SELECT id, name, amount, d, ts, ok, score FROM {actual})"));
        Assert.Equal("0", duck.Scalar($"SELECT count(*) FROM (SELECT id, name, amount, d, ts, ok, score FROM {actual} EXCEPT ALL SELECT * FROM {expected})"));
    }

    [Fact]
    public async Task TextInputErrorsAreOneLineNamingLineAndColumn()
    {
        string table = Path.Combine(workDir, "t");
        string csv = Path.Combine(workDir, "bad.csv");
        await File.WriteAllTextAsync(csv, "id,name\n1,a\n2,b\nthree,c\n", TestContext.Current.CancellationToken);

        CliResult noSchema = await CliRunner.RunAsync("write", table, "--from", csv);
        Assert.Equal(2, noSchema.ExitCode);
        Assert.Contains("--schema is required", noSchema.StandardError);

        CliResult bad = await CliRunner.RunAsync("write", table, "--from", csv, "--schema", "id:long,name:string");
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("deltasharp write: line 4, column 'id': 'three' is not a long (-9223372036854775808 to 9223372036854775807)", bad.StandardError.Trim());
        Assert.False(Directory.Exists(Path.Combine(table, "_delta_log")) && Directory.GetFiles(Path.Combine(table, "_delta_log"), "*1.json").Length > 0, "no data commit may land");
    }
}
