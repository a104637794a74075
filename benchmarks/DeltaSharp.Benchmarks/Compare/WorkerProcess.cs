using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>A <see cref="CompareWorker"/> child process and its line protocol.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private const string TasksetPath = "/usr/bin/taskset";

    private readonly Process process;

    private WorkerProcess(Process process)
    {
        this.process = process;
    }

    /// <summary>RSS of the worker right after start-up (runtime, and for DuckDB the loaded library), KiB.</summary>
    public long BaselineKilobytes { get; private set; }

    /// <summary>CPUs the worker may run on (its view of <see cref="Environment.ProcessorCount"/>), from its ready line.</summary>
    public int ProcessorCount { get; private set; }

    /// <summary>
    /// Starts this executable as a worker for <paramref name="side"/> limited to <paramref name="threads"/> CPUs:
    /// when <paramref name="pin"/> and <paramref name="threads"/> is below the machine's CPU count, the worker runs
    /// under <c>taskset -c 0..threads-1</c> (the affinity is inherited by every thread it will ever create: engine
    /// threads, the .NET thread pool, GC and JIT threads); in every case <c>DOTNET_PROCESSOR_COUNT</c> is
    /// <paramref name="threads"/>, so <see cref="Environment.ProcessorCount"/>, the thread pool's minimum and every
    /// default derived from them follow the thread count.
    /// </summary>
    /// <remarks><paramref name="environment"/> (optional) is applied last: each <c>NAME=VALUE</c> sets a variable of the
    /// worker, <c>NAME=</c> removes it (e.g. <c>DOTNET_TC_CallCountingDelayMs=</c> restores the runtime's default
    /// tiering delay, <c>DOTNET_TieredPGO=0</c> measures a JIT knob).</remarks>
    public static WorkerProcess Start(string side, string scale, string dataDirectory, string duckDbLibrary, int threads, bool pin,
        IReadOnlyList<string>? environment = null)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        bool pinned = pin && threads < Environment.ProcessorCount && File.Exists(TasksetPath);
        var info = new ProcessStartInfo(pinned ? TasksetPath : self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (pinned)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(threads == 1 ? "0" : string.Create(CultureInfo.InvariantCulture, $"0-{threads - 1}"));
            info.ArgumentList.Add(self);
        }
        // Tiered JIT: start call counting at once, so hot methods reach optimised (PGO) code during the warm-up
        // runs of a fresh worker instead of after the default 100 ms quiet period.
        info.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        info.Environment["DOTNET_PROCESSOR_COUNT"] = threads.ToString(CultureInfo.InvariantCulture);
        foreach (string assignment in environment ?? [])
        {
            int equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"environment setting '{assignment}' is not NAME=VALUE", nameof(environment));
            }
            string name = assignment.Substring(0, equals);
            string value = assignment.Substring(equals + 1);
            if (value.Length == 0)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        }
        foreach (string arg in new[] { CompareWorker.CommandName, "--side", side, "--scale", scale, "--data-dir", dataDirectory, "--duckdb-lib", duckDbLibrary })
        {
            info.ArgumentList.Add(arg);
        }
        Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start worker");
        var worker = new WorkerProcess(process);
        string ready = worker.ReadReply();
        if (!ready.StartsWith("ready ", StringComparison.Ordinal))
        {
            worker.Dispose();
            throw new InvalidOperationException($"worker {side} did not start: {ready}");
        }
        string[] parts = ready.Split(' ');
        worker.BaselineKilobytes = long.Parse(parts[1], CultureInfo.InvariantCulture);
        worker.ProcessorCount = int.Parse(parts[2], CultureInfo.InvariantCulture);
        return worker;
    }

    /// <summary>Sends one command and returns the reply (without the "@@ " prefix).</summary>
    public string Send(string command)
    {
        process.StandardInput.WriteLine(command);
        process.StandardInput.Flush();
        return ReadReply();
    }

    private string ReadReply()
    {
        while (true)
        {
            string? line = process.StandardOutput.ReadLine();
            if (line is null)
            {
                process.WaitForExit();
                throw new InvalidOperationException($"worker exited (code {process.ExitCode})");
            }
            if (line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                return line.Substring(3);
            }
            Console.Error.WriteLine("[worker] " + line);
        }
    }

    /// <summary>Asks the worker to quit and waits for it (kills it after 10 s).</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.WriteLine("quit");
                process.StandardInput.Flush();
                if (!process.WaitForExit(10_000))
                {
                    process.Kill();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }
}
