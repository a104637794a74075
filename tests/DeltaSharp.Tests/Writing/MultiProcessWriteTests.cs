using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.Storage;
using DeltaSharp.TestSupport;
using Xunit;
using DeltaSharp.TestSupport.DuckDb;

namespace DeltaSharp.Tests.Writing;

/// <summary>Several <c>deltasharp write</c> processes appending to one local table at once: the log gets
/// contiguous versions and every row lands exactly once.</summary>
public sealed class MultiProcessWriteTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "deltasharp-mp-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string CliDll()
    {
        string testDir = AppContext.BaseDirectory; // tests/DeltaSharp.Tests/bin/<Config>/net10.0/
        string configuration = new DirectoryInfo(testDir).Parent!.Name;
        string dll = Path.Combine(TestEnvironment.RepositoryRoot, "src", "DeltaSharp.Cli", "bin", configuration, "net10.0", "DeltaSharp.Cli.dll");
        TestEnvironment.Require(File.Exists(dll), $"the CLI is not built at {dll} (build the solution)");
        return dll;
    }

    private static void WriteInput(string path, long firstId, int rows)
    {
        var ids = new long?[rows];
        var names = new string?[rows];
        for (int i = 0; i < rows; i++)
        {
            ids[i] = firstId + i;
            names[i] = "p" + (firstId + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        using RecordBatch batch = TestArrays.Batch(
            ("id", TestArrays.Primitive<long>(ArrowType.Int64, ids), false),
            ("name", TestArrays.String(names), true));
        using var stream = File.Create(path);
        using var writer = new ParquetFileWriter(stream, batch.Schema);
        writer.WriteBatch(batch);
        writer.Close();
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
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

    [Fact]
    public async Task ConcurrentWriterProcessesProduceContiguousVersionsAndEveryRowOnce()
    {
        string dll = CliDll();
        string table = Path.Combine(_root, "table");
        Directory.CreateDirectory(table);
        (int createCode, string createOut, string createErr) = await RunAsync(dll, "create", table, "--schema", "id:long:not null,name:string");
        Assert.True(createCode == 0, createErr);
        Assert.Contains("\"version\":0", createOut, StringComparison.Ordinal);

        const int Writers = 4;
        const int RowsPerWriter = 500;
        var inputs = new string[Writers];
        for (int w = 0; w < Writers; w++)
        {
            inputs[w] = Path.Combine(_root, $"input-{w}.parquet");
            WriteInput(inputs[w], w * 10_000L, RowsPerWriter);
        }

        var results = await Task.WhenAll(inputs.Select(input => RunAsync(dll, "write", table, "--from", input, "--mode", "append")));

        foreach ((int code, string stdout, string stderr) in results)
        {
            Assert.True(code == 0, $"exit {code}: {stderr} {stdout}");
        }
        var versions = Directory.GetFiles(Path.Combine(table, "_delta_log"), "*.json").Select(p => long.Parse(Path.GetFileNameWithoutExtension(p), System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, Writers + 1).Select(v => (long)v), versions);

        await using var store = new LocalObjectStore(table);
        await using DeltaTable delta = await DeltaTable.OpenAsync(store, table, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Writers, delta.Snapshot.Version);
        Assert.Equal(Writers, delta.Snapshot.Files.Count);
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        string list = string.Join(", ", delta.Snapshot.Files.Select(f => "'" + Path.Combine(table, f.RelativePath) + "'"));
        Assert.Equal($"{Writers * RowsPerWriter}|{Writers * RowsPerWriter}", db.Scalar($"SELECT count(*) || '|' || count(DISTINCT id) FROM read_parquet([{list}])"));
        await DeltaLogValidator.ValidateAsync(table);
    }

    [Fact]
    public async Task WriteCreatesTheTableFromTheFileAndReportsUsageErrors()
    {
        string dll = CliDll();
        string table = Path.Combine(_root, "t");
        Directory.CreateDirectory(_root);
        string input = Path.Combine(_root, "in.parquet");
        WriteInput(input, 1, 10);

        (int code, string stdout, string stderr) = await RunAsync(dll, "write", table, "--from", input, "--partition-by", "name");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"version\":1", stdout, StringComparison.Ordinal);
        Assert.Contains("\"addedFiles\":10", stdout, StringComparison.Ordinal);

        (int overwriteCode, string overwriteOut, _) = await RunAsync(dll, "write", table, "--from", input, "--mode", "overwrite");
        Assert.Equal(0, overwriteCode);
        Assert.Contains("\"removedFiles\":10", overwriteOut, StringComparison.Ordinal);

        (int usage, _, string usageErr) = await RunAsync(dll, "write", table, "--mode", "sideways", "--from", input);
        Assert.Equal(2, usage);
        Assert.Contains("--mode", usageErr, StringComparison.Ordinal);
        await DeltaLogValidator.ValidateAsync(table);
    }
}
