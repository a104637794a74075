using System;
using System.IO;
using System.Threading.Tasks;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Cli.Tests;

/// <summary>The tool's contract with scripts: exit codes, one clear line on stderr, nothing else on stdout.</summary>
public sealed class CliContractTests
{
    [Fact]
    public async Task UnknownCommandIsAUsageError()
    {
        CliResult result = await CliRunner.RunAsync("frobnicate");
        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        Assert.Contains("frobnicate", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingTableFailsWithOneLineNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "deltasharp-no-such-table-" + Guid.NewGuid().ToString("N"));
        CliResult result = await CliRunner.RunAsync("cat", missing, "--format", "jsonl");
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        string[] lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(missing, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptParquetFileFailsWithOneLineNamingIt()
    {
        string dir = TestEnvironment.RequireParquetTestingDir();
        string file = Path.Combine(dir, "bad_data", "PARQUET-1481.parquet");
        CliResult result = await CliRunner.RunAsync("parquet", "cat", file, "--format", "jsonl");
        Assert.Equal(1, result.ExitCode);
        string[] lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("PARQUET-1481.parquet", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpListsTheVerbs()
    {
        CliResult result = await CliRunner.RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (string verb in new[] { "describe", "history", "files", "cat", "create", "write", "parquet schema", "parquet meta", "parquet cat" })
        {
            Assert.Contains(verb, result.Output, StringComparison.Ordinal);
        }
    }
}
