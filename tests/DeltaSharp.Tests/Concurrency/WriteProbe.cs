using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary>One running <c>DeltaSharp.WriteProbe</c> process (see tests/DeltaSharp.WriteProbe/Program.cs): its stdout
/// lines as they arrive, its exit, and SIGKILL.</summary>
internal sealed class WriteProbe : IDisposable
{
    /// <summary>Exit code of a process killed by SIGKILL as .NET reports it (128 + 9).</summary>
    public const int KilledExitCode = 137;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _stdout;
    private readonly Task<string> _stderr;

    private WriteProbe(Process process)
    {
        _process = process;
        _stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
                if (line == "READY")
                {
                    _ready.TrySetResult();
                }
            }
            _ready.TrySetResult();
        });
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static string Dll()
    {
        string testDir = AppContext.BaseDirectory; // tests/DeltaSharp.Tests/bin/<Config>/net10.0/
        string configuration = new DirectoryInfo(testDir).Parent!.Name;
        string dll = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "DeltaSharp.WriteProbe", "bin", configuration, "net10.0", "DeltaSharp.WriteProbe.dll");
        TestEnvironment.Require(File.Exists(dll), $"the write probe is not built at {dll} (build the solution)");
        return dll;
    }

    public static WriteProbe Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll());
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        return new WriteProbe(Process.Start(start)!);
    }

    /// <summary>Runs the probe to its end.</summary>
    public static async Task<ProbeResult> RunAsync(params string[] args)
    {
        using WriteProbe probe = Start(args);
        return await probe.WaitAsync();
    }

    /// <summary>Completes when the probe printed READY (snapshot loaded) or ended.</summary>
    public Task Ready => _ready.Task;

    public void Kill() => _process.Kill(entireProcessTree: false);

    public async Task<ProbeResult> WaitAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(8));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            throw;
        }
        await _stdout;
        string stderr = await _stderr;
        var commits = new List<ProbeCommit>();
        var conflicts = new List<ProbeConflict>();
        lock (_lines)
        {
            foreach (string line in _lines)
            {
                if (line == "READY" || line.Length == 0)
                {
                    continue;
                }
                using JsonDocument json = JsonDocument.Parse(line);
                JsonElement root = json.RootElement;
                if (root.TryGetProperty("conflict", out JsonElement kind))
                {
                    conflicts.Add(new ProbeConflict(root.GetProperty("writer").GetInt32(), root.GetProperty("iteration").GetInt32(),
                        kind.GetString()!, root.GetProperty("winningVersion").GetInt64()));
                }
                else if (root.TryGetProperty("attempts", out JsonElement attempts))
                {
                    commits.Add(new ProbeCommit(root.GetProperty("writer").GetInt32(), root.GetProperty("iteration").GetInt32(),
                        root.GetProperty("version").GetInt64(), attempts.GetInt32(), root.GetProperty("skipped").GetBoolean()));
                }
            }
        }
        return new ProbeResult(_process.ExitCode, commits, conflicts, stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}

internal sealed record ProbeCommit(int Writer, int Iteration, long Version, int Attempts, bool Skipped);

internal sealed record ProbeConflict(int Writer, int Iteration, string Kind, long WinningVersion);

internal sealed record ProbeResult(int ExitCode, IReadOnlyList<ProbeCommit> Commits, IReadOnlyList<ProbeConflict> Conflicts, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}, {Commits.Count} commits, {Conflicts.Count} conflicts, stderr: {StandardError}";
}
