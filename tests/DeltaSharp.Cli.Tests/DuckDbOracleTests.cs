using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Cli.Tests;

/// <summary>Checks the DuckDB oracle binding that other suites use as independent truth.</summary>
public sealed class DuckDbOracleTests
{
    [Fact]
    public void DuckDbAnswersAQueryWithNullsAndText()
    {
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        DuckDbResult result = duck.Query("SELECT 42::BIGINT AS a, NULL::INT AS b, 'Zürich' AS c UNION ALL SELECT -1, 7, NULL ORDER BY a");
        Assert.Equal(new[] { "a", "b", "c" }, result.ColumnNames);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal(new string?[] { "-1", "7", null }, result.Rows[0]);
        Assert.Equal(new string?[] { "42", null, "Zürich" }, result.Rows[1]);
    }

    [Fact]
    public void DuckDbReadsAParquetReferenceFile()
    {
        string dir = TestEnvironment.RequireParquetTestingDir();
        string file = System.IO.Path.Combine(dir, "data", "alltypes_plain.parquet");
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        Assert.Equal("8", duck.Scalar($"SELECT count(*) FROM read_parquet('{file}')"));
    }

    [Fact]
    public void QueryErrorsCarryDuckDbsMessage()
    {
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        var error = Assert.Throws<System.InvalidOperationException>(() => duck.Query("SELECT * FROM no_such_table"));
        Assert.Contains("no_such_table", error.Message, System.StringComparison.Ordinal);
    }
}
