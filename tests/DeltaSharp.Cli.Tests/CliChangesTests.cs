using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Cli.Tests;

/// <summary><c>deltasharp changes</c>: the change data feed of corpus tables, in the JSON-lines form, and its errors
/// (exit 1 with one line naming the version; exit 2 for usage errors).</summary>
public sealed class CliChangesTests
{
    private static string Table(string id)
    {
        string dir = Path.Combine(TestEnvironment.RequireConformanceDir(), id);
        TestEnvironment.Require(Directory.Exists(dir), $"{id} is not in the conformance corpus");
        return dir;
    }

    // Expected rows: delta-io/delta-kernel-rs kernel/tests/cdf.rs, test partition_table (version 1).
    [Fact]
    public async Task PrintsTheChangeRowsAsJsonLines()
    {
        CliResult result = await CliRunner.RunAsync("changes", Table("delta-kernel-rs__cdf-table-partitioned"), "--from", "1", "--to", "1",
            "--columns", "id,text,part,_change_type,_commit_version", "--format", "jsonl");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "{\"id\":1,\"text\":\"new\",\"part\":1,\"_change_type\":\"update_postimage\",\"_commit_version\":1}",
                "{\"id\":1,\"text\":\"old\",\"part\":1,\"_change_type\":\"update_preimage\",\"_commit_version\":1}",
                "{\"id\":3,\"text\":\"old\",\"part\":1,\"_change_type\":\"delete\",\"_commit_version\":1}",
            ],
            result.OutputLines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WhereFiltersOnChangeColumnsAndEveryColumnIsPrintedByDefault()
    {
        CliResult result = await CliRunner.RunAsync("changes", Table("delta-kernel-rs__cdf-table-simple"), "--from", "0", "--where", "_change_type = 'delete' AND id < 2", "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("id,_change_type,_commit_version,_commit_timestamp", result.OutputLines[0].TrimEnd('\r'));
        Assert.Equal(["0,delete,1", "1,delete,1"], result.OutputLines.Skip(1).Select(l => string.Join(',', l.Split(',').Take(3))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FeedNotRecordedIsOneLineNamingTheVersion()
    {
        CliResult result = await CliRunner.RunAsync("changes", Table("delta-kernel-rs__table-with-cdf"), "--from", "0", "--format", "jsonl");
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        string[] lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("version [2]", lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--to", "3")]
    [InlineData("--from", "x")]
    [InlineData("--from", "0", "--from-timestamp", "2024-01-01T00:00:00Z")]
    public async Task UsageErrorsExitWithTwo(params string[] options)
    {
        CliResult result = await CliRunner.RunAsync(["changes", Table("delta-kernel-rs__cdf-table-simple"), .. options]);
        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        Assert.StartsWith("deltasharp changes:", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageTextListsTheCommand()
    {
        CliResult result = await CliRunner.RunAsync("--help");
        Assert.Contains("deltasharp changes TABLE --from N", result.Output, StringComparison.Ordinal);
    }
}
