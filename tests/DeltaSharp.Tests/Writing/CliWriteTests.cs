using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Storage;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Writing;

/// <summary><c>deltasharp write</c> options (schema modes, Arrow IPC input, usage errors) and <c>deltasharp checkpoint</c>,
/// run as real processes; the tables pass the log validator. Output redirected: no progress bar may appear.</summary>
public sealed class CliWriteTests : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "deltasharp-cliw-" + Guid.NewGuid().ToString("N"));

    public async ValueTask DisposeAsync()
    {
        try
        {
            string table = Path.Combine(_root, "t");
            if (Directory.Exists(Path.Combine(table, "_delta_log")))
            {
                await DeltaLogValidator.ValidateAsync(table);
            }
        }
        finally
        {
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
    }

    private static string CliDll()
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string dll = Path.Combine(TestEnvironment.RepositoryRoot, "src", "DeltaSharp.Cli", "bin", configuration, "net10.0", "DeltaSharp.Cli.dll");
        TestEnvironment.Require(File.Exists(dll), $"the CLI is not built at {dll} (build the solution)");
        return dll;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliDll());
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static void WriteArrowStream(string path, RecordBatch batch)
    {
        using FileStream stream = File.Create(path);
        using var writer = new ArrowStreamWriter(stream, batch.Schema);
        writer.WriteRecordBatch(batch);
        writer.Finish();
    }

    [Fact]
    public async Task WriteFromArrowIpcWithSchemaMergeThenCheckpointV2()
    {
        Directory.CreateDirectory(_root);
        string table = Path.Combine(_root, "t");
        (int code, string _, string err) = await RunAsync("create", table, "--schema", "id:long:not null,name:string", "--property", "delta.checkpointPolicy=v2");
        Assert.True(code == 0, err);

        string first = Path.Combine(_root, "first.arrows");
        using (RecordBatch batch = TestArrays.Batch(("id", TestArrays.Primitive<long>(ArrowType.Int64, [1, 2]), false), ("name", TestArrays.String(["a", "b"]), true)))
        {
            WriteArrowStream(first, batch);
        }
        (code, string stdout, err) = await RunAsync("write", table, "--from", first);
        Assert.True(code == 0, err);
        Assert.Equal(string.Empty, err); // redirected stderr: no progress bar
        Assert.Contains("\"version\":1", stdout, StringComparison.Ordinal);

        string second = Path.Combine(_root, "second.arrows");
        using (RecordBatch batch = TestArrays.Batch(("id", TestArrays.Primitive<long>(ArrowType.Int64, [3]), false), ("score", TestArrays.Primitive<double>(ArrowType.Float64, [0.5]), true)))
        {
            WriteArrowStream(second, batch);
        }
        (code, _, err) = await RunAsync("write", table, "--from", second);
        Assert.Equal(1, code);
        Assert.Contains("'score'", err, StringComparison.Ordinal);
        (code, stdout, err) = await RunAsync("write", table, "--from", second, "--schema-mode", "merge");
        Assert.True(code == 0, err);
        Assert.Contains("\"schemaChanged\":true", stdout, StringComparison.Ordinal);

        (code, _, err) = await RunAsync("write", table, "--from", second, "--schema-mode", "overwrite");
        Assert.Equal(2, code);
        Assert.Contains("--mode overwrite", err, StringComparison.Ordinal);

        (code, stdout, err) = await RunAsync("checkpoint", table);
        Assert.True(code == 0, err);
        using (JsonDocument doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("version").GetInt64());
            Assert.Equal("v2", doc.RootElement.GetProperty("kind").GetString());
        }
        Assert.Single(Directory.GetFiles(Path.Combine(table, "_delta_log"), "00000000000000000002.checkpoint.*.parquet"));

        await using var store = new LocalObjectStore(table);
        await using DeltaTable delta = await DeltaTable.OpenAsync(store, table, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["id", "name", "score"], delta.Snapshot.Schema.Root.Fields.Select(f => f.Name));
        Assert.Equal(2, delta.Snapshot.CheckpointVersion);
    }

    [Fact]
    public async Task WriteWithWhereReplacesOnlyTheMatchingPartition()
    {
        Directory.CreateDirectory(_root);
        string table = Path.Combine(_root, "t");
        string first = Path.Combine(_root, "first.arrows");
        using (RecordBatch batch = TestArrays.Batch(("id", TestArrays.Primitive<long>(ArrowType.Int64, [1, 2, 3]), false), ("day", TestArrays.String(["d1", "d2", "d2"]), true)))
        {
            WriteArrowStream(first, batch);
        }
        (int code, string stdout, string err) = await RunAsync("write", table, "--from", first, "--partition-by", "day");
        Assert.True(code == 0, err);

        string second = Path.Combine(_root, "second.arrows");
        using (RecordBatch batch = TestArrays.Batch(("id", TestArrays.Primitive<long>(ArrowType.Int64, [7]), false), ("day", TestArrays.String(["d2"]), true)))
        {
            WriteArrowStream(second, batch);
        }
        (code, _, err) = await RunAsync("write", table, "--from", second, "--where", "day = 'd2'");
        Assert.Equal(2, code);
        Assert.Contains("--mode overwrite", err, StringComparison.Ordinal);
        (code, _, err) = await RunAsync("write", table, "--from", second, "--mode", "overwrite", "--where", "day = 'd1'");
        Assert.Equal(1, code);
        Assert.Contains("replaceWhere", err, StringComparison.Ordinal);

        (code, stdout, err) = await RunAsync("write", table, "--from", second, "--mode", "overwrite", "--where", "day = 'd2'");
        Assert.True(code == 0, err);
        Assert.Contains("\"removedFiles\":1", stdout, StringComparison.Ordinal);

        await using var store = new LocalObjectStore(table);
        await using DeltaTable delta = await DeltaTable.OpenAsync(store, table, cancellationToken: TestContext.Current.CancellationToken);
        long sum = 0;
        long rows = 0;
        await foreach (RecordBatch batch in delta.Snapshot.ReadAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            using (batch)
            {
                var ids = (PrimitiveArray<long>)batch.Column("id");
                for (int i = 0; i < batch.Length; i++)
                {
                    sum += ids.GetValue(i);
                    rows++;
                }
            }
        }
        Assert.Equal(2, rows);
        Assert.Equal(8, sum);
    }
}
