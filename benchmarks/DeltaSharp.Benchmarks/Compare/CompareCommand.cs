using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using DeltaSharp.Benchmarks.Datasets;
using DeltaSharp.TestSupport.DuckDb;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>
/// <c>compare [--quick] [--runs N] [--warmup N] [--threads 1,2] [--only a,b] [--data-dir DIR] [--no-pin]
/// [--deltasharp-env NAME=VALUE]...</c>: generates (or reuses) the datasets, starts one worker process per side, and for
/// each workload and thread count runs DeltaSharp and DuckDB alternately (A B A B …) on the same files after a
/// warm-up; prints medians, per-pair ratios, throughput and peak RSS, then the cold start of each side (its first run
/// in the fresh worker); the LAST line is <c>name_tN=ratio …</c> (DeltaSharp time / DuckDB time, or n/a).
/// </summary>
internal static class CompareCommand
{
    /// <summary>First argument selecting this mode.</summary>
    public const string CommandName = "compare";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        bool quick = Array.IndexOf(args, "--quick") >= 0;
        int runs = int.Parse(Option(args, "--runs") ?? "5", Inv);
        int warmup = int.Parse(Option(args, "--warmup") ?? "2", Inv);
        int[] threads = Array.ConvertAll((Option(args, "--threads") ?? "1,2").Split(','), t => int.Parse(t, Inv));
        string[]? only = Option(args, "--only")?.Split(',');
        bool pin = Array.IndexOf(args, "--no-pin") < 0;
        List<string> deltaSharpEnvironment = Options(args, "--deltasharp-env");
        string dataDirectory = Path.GetFullPath(Option(args, "--data-dir") ?? BenchEnvironment.DefaultDataDirectory());
        DatasetScale scale = quick ? DatasetScale.Quick : DatasetScale.Full;
        var paths = new DatasetPaths(Path.Combine(dataDirectory, scale.Name));

        string duckLibrary = BenchEnvironment.DuckDbLibrary();
        Environment.SetEnvironmentVariable("DELTASHARP_DUCKDB_LIB", duckLibrary);
        DuckDbStreaming.EnsureLoaded(duckLibrary);
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        string duckVersion = duck.Scalar("SELECT version()") ?? "?";

        var total = Stopwatch.StartNew();
        new DatasetGenerator(scale, paths, Console.Out).EnsureAll();

        Console.WriteLine();
        Console.WriteLine($"DeltaSharp vs DuckDB {duckVersion} — scale {scale.Name} ({scale.WideRows:N0} rows), {runs} timed runs per side after {warmup} warm-up, " +
            $"threads {string.Join(",", threads)}, {Environment.ProcessorCount} CPUs, data {paths.Root}");
        Console.WriteLine(pin
            ? "Threads N: DuckDB SET threads=N; DeltaSharp degree of parallelism N where the API has one; both worker processes " +
              "pinned to CPUs 0..N-1 (taskset, when N < CPUs) and started with DOTNET_PROCESSOR_COUNT=N."
            : "Threads N: DuckDB SET threads=N; DeltaSharp degree of parallelism N where the API has one; workers started with " +
              "DOTNET_PROCESSOR_COUNT=N, not pinned (--no-pin).");
        Console.WriteLine("Times are medians; ratio = median over pairs of DeltaSharp/DuckDB (< 1 means DeltaSharp is faster). " +
            "Shared machines are noisy: compare ratios, not absolute times." + LoadAverage());
        if (deltaSharpEnvironment.Count > 0)
        {
            Console.WriteLine($"DeltaSharp worker environment: {string.Join(" ", deltaSharpEnvironment)}");
        }

        var results = new List<(WorkloadInfo Workload, int Threads, SideSamples Ours, SideSamples Theirs)>();
        bool headerPrinted = false;
        foreach (WorkloadInfo workload in WorkloadCatalog.All(scale))
        {
            if (only is not null && Array.IndexOf(only, workload.Name) < 0)
            {
                continue;
            }
            foreach (int t in threads)
            {
                // Fresh worker processes per workload and thread count: a peak RSS never includes memory a previous
                // run left behind in the managed heap or the native allocators, and each pair is limited to t CPUs
                // from its first instruction (see WorkerProcess.Start).
                using WorkerProcess ours = WorkerProcess.Start(CompareWorker.DeltaSharpSide, scale.Name, dataDirectory, duckLibrary, t, pin, deltaSharpEnvironment);
                using WorkerProcess theirs = WorkerProcess.Start(CompareWorker.DuckDbSide, scale.Name, dataDirectory, duckLibrary, t, pin);
                if (!headerPrinted)
                {
                    Console.WriteLine($"Worker baseline RSS: DeltaSharp {ours.BaselineKilobytes / 1024.0:F0} MB, DuckDB {theirs.BaselineKilobytes / 1024.0:F0} MB " +
                        "(peaks below include it; one fresh pair of workers per workload and thread count).");
                    Console.WriteLine();
                    Console.WriteLine(Header());
                    headerPrinted = true;
                }
                var a = new SideSamples { Unavailable = Prepare(ours, workload.Name) };
                var b = new SideSamples { Unavailable = Prepare(theirs, workload.Name) };
                for (int i = 0; i < warmup + runs; i++)
                {
                    bool timed = i >= warmup;
                    RunOnce(ours, t, a, timed, cold: i == 0);
                    RunOnce(theirs, t, b, timed, cold: i == 0);
                }
                results.Add((workload, t, a, b));
                string extra = ours.ProcessorCount == t && theirs.ProcessorCount == t
                    ? string.Empty
                    : string.Create(Inv, $"CPUs seen {ours.ProcessorCount}/{theirs.ProcessorCount}; ");
                if (a.HasData && WriteOutputGlob(workload.Name, paths) is { } written)
                {
                    // Before "release" (which deletes it): DuckDB checks what the DeltaSharp writer wrote.
                    extra += WriteCheck.Verify(duck, written, paths);
                }
                Console.WriteLine(Row(workload, t, a, b, extra.TrimEnd(' ', ';')));
                ours.Send("release");
                theirs.Send("release");
            }
        }

        PrintColdStarts(results, warmup);
        Console.WriteLine();
        Console.WriteLine("Workloads:");
        foreach (WorkloadInfo workload in WorkloadCatalog.All(scale))
        {
            Console.WriteLine($"  {workload.Name,-18} {workload.Description}");
        }
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        foreach ((WorkloadInfo workload, int _, SideSamples a, SideSamples b) in results)
        {
            if (a.Unavailable is not null)
            {
                reasons.Add($"  {workload.Name} (DeltaSharp): {a.Unavailable}");
            }
            if (b.Unavailable is not null)
            {
                reasons.Add($"  {workload.Name} (DuckDB): {b.Unavailable}");
            }
        }
        if (reasons.Count > 0)
        {
            Console.WriteLine("n/a:");
            foreach (string reason in reasons)
            {
                Console.WriteLine(reason);
            }
        }
        Console.WriteLine($"Total {total.Elapsed.TotalSeconds:F0}s.");
        var last = new StringBuilder();
        foreach ((WorkloadInfo workload, int t, SideSamples a, SideSamples b) in results)
        {
            double ratio = PairRatio(a, b);
            last.Append(last.Length == 0 ? string.Empty : " ")
                .Append(workload.Name).Append("_t").Append(t.ToString(Inv)).Append('=')
                .Append(double.IsNaN(ratio) ? "n/a" : ratio.ToString("F3", Inv));
        }
        Console.WriteLine(last.ToString());
        return 0;
    }

    /// <summary>Parquet glob of what the DeltaSharp side of a write workload wrote, or null for other workloads.</summary>
    private static string? WriteOutputGlob(string workload, DatasetPaths paths) => workload switch
    {
        "write_snappy" => Path.Combine(paths.WriteOutput, "deltasharp.parquet"),
        "write_delta" => Path.Combine(paths.WriteOutput, "deltasharp_table", "*.parquet"),
        _ => null,
    };

    private static string? Prepare(WorkerProcess worker, string name)
    {
        string reply = worker.Send("prepare " + name);
        return reply == "ok" ? null : reply.StartsWith("na ", StringComparison.Ordinal) ? reply.Substring(3) : reply;
    }

    private static void RunOnce(WorkerProcess worker, int threads, SideSamples samples, bool timed, bool cold)
    {
        if (samples.Unavailable is not null)
        {
            return;
        }
        string reply = worker.Send("run " + threads.ToString(Inv));
        if (!reply.StartsWith("ok ", StringComparison.Ordinal))
        {
            samples.Unavailable = reply.StartsWith("na ", StringComparison.Ordinal) ? reply.Substring(3) : reply;
            return;
        }
        string[] parts = reply.Split(' ');
        var sample = new RunSample(
            double.Parse(parts[1], Inv),
            parts.Length > 4 ? double.Parse(parts[4], Inv) : double.NaN,
            parts.Length > 5 ? double.Parse(parts[5], Inv) : double.NaN,
            parts.Length > 6 ? long.Parse(parts[6], Inv) : -1);
        if (cold)
        {
            samples.Cold = sample;
        }
        if (!timed)
        {
            return;
        }
        samples.Seconds.Add(sample.Seconds);
        if (!double.IsNaN(sample.CpuSeconds))
        {
            samples.CpuSeconds.Add(sample.CpuSeconds);
        }
        samples.Rows = long.Parse(parts[2], Inv);
        samples.PeakKilobytes = Math.Max(samples.PeakKilobytes, long.Parse(parts[3], Inv));
    }

    /// <summary>Median over timed pairs of DeltaSharp seconds / DuckDB seconds; NaN when a side is missing.</summary>
    private static double PairRatio(SideSamples a, SideSamples b) => SideSamples.Median(PairRatios(a, b));

    /// <summary>DeltaSharp seconds / DuckDB seconds of each timed pair (run i of A with run i of B), in run order.</summary>
    private static List<double> PairRatios(SideSamples a, SideSamples b)
    {
        var ratios = new List<double>();
        if (!a.HasData || !b.HasData)
        {
            return ratios;
        }
        int n = Math.Min(a.Seconds.Count, b.Seconds.Count);
        for (int i = 0; i < n; i++)
        {
            ratios.Add(a.Seconds[i] / b.Seconds[i]);
        }
        return ratios;
    }

    /// <summary>"min-max" of the per-pair ratios (the spread the median hides), or n/a.</summary>
    private static string PairRange(SideSamples a, SideSamples b)
    {
        List<double> ratios = PairRatios(a, b);
        if (ratios.Count == 0)
        {
            return "n/a";
        }
        ratios.Sort();
        return ratios[0].ToString("F2", Inv) + "-" + ratios[^1].ToString("F2", Inv);
    }

    private static string Header() =>
        string.Format(Inv, "{0,-18} {1,3} {2,10} {3,10} {4,7} {14,11} {5,11} {6,11} {7,9} {8,9} {9,7} {10,7} {11,8} {12,8}  {13}",
            "workload", "thr", "DS s", "DuckDB s", "ratio", "DS rows", "DuckDB rows", "DS Mr/s", "DDB Mr/s", "DS GB/s", "DDB GB/s", "DS MB", "DDB MB", "note", "pair range");

    private static string Row(WorkloadInfo workload, int threads, SideSamples a, SideSamples b, string extraNote)
    {
        double ta = a.HasData ? SideSamples.Median(a.Seconds) : double.NaN;
        double tb = b.HasData ? SideSamples.Median(b.Seconds) : double.NaN;
        double ratio = PairRatio(a, b);
        string note = string.Empty;
        if (a.HasData && b.HasData && a.Rows != b.Rows)
        {
            note = "rows differ";
        }
        else if (!a.HasData)
        {
            note = "DeltaSharp n/a";
        }
        else if (!b.HasData)
        {
            note = "DuckDB n/a";
        }
        if (extraNote.Length > 0)
        {
            note = note.Length == 0 ? extraNote : note + "; " + extraNote;
        }
        return string.Format(Inv, "{0,-18} {1,3} {2,10} {3,10} {4,7} {14,11} {5,11} {6,11} {7,9} {8,9} {9,7} {10,7} {11,8} {12,8}  {13}",
            workload.Name, threads, Num(ta, "F4"), Num(tb, "F4"), Num(ratio, "F3"),
            a.HasData ? a.Rows.ToString(Inv) : "n/a", b.HasData ? b.Rows.ToString(Inv) : "n/a",
            Num(a.Rows / ta / 1e6, "F2"), Num(b.Rows / tb / 1e6, "F2"),
            workload.ArrowBytesPerRow > 0 ? Num(a.Rows * workload.ArrowBytesPerRow / ta / 1e9, "F3") : "-",
            workload.ArrowBytesPerRow > 0 ? Num(b.Rows * workload.ArrowBytesPerRow / tb / 1e9, "F3") : "-",
            a.HasData ? Num(a.PeakKilobytes / 1024.0, "F0") : "n/a", b.HasData ? Num(b.PeakKilobytes / 1024.0, "F0") : "n/a", note, PairRange(a, b));
    }

    /// <summary>
    /// The cold start of each side: its first run in the fresh worker (the first warm-up run, or the first timed run
    /// with <c>--warmup 0</c>) next to its steady median — what a process that loads one table and exits pays.
    /// </summary>
    private static void PrintColdStarts(List<(WorkloadInfo Workload, int Threads, SideSamples Ours, SideSamples Theirs)> results, int warmup)
    {
        Console.WriteLine();
        Console.WriteLine("Cold start: the first run of each fresh worker (" + (warmup > 0 ? "its first warm-up run, not in the medians above" : "--warmup 0: also the first timed run") +
            "): tier-0 JIT, type loading, first heap growth. cold/steady = cold time / steady median; CPU = process CPU seconds " +
            "of the run (all threads: background JIT, GC); JIT = time the JIT spent in that run and methods compiled." + LoadAverage());
        Console.WriteLine(string.Format(Inv, "{0,-18} {1,3} {2,9} {3,9} {4,7} {5,9} {6,9} {7,15} {8,9} {9,9} {10,7}",
            "workload", "thr", "DS cold", "DS steady", "c/s", "DS cpu", "DS scpu", "DS JIT ms (n)", "DDB cold", "DDB stdy", "c/s"));
        foreach ((WorkloadInfo workload, int t, SideSamples a, SideSamples b) in results)
        {
            (string cold, string steady, string ratio) ours = ColdColumns(a);
            (string cold, string steady, string ratio) theirs = ColdColumns(b);
            string jit = a.Cold is { JitMethods: >= 0 } c
                ? c.JitMilliseconds.ToString("F0", Inv) + " (" + c.JitMethods.ToString(Inv) + ")"
                : "n/a";
            Console.WriteLine(string.Format(Inv, "{0,-18} {1,3} {2,9} {3,9} {4,7} {5,9} {6,9} {7,15} {8,9} {9,9} {10,7}",
                workload.Name, t, ours.cold, ours.steady, ours.ratio,
                a.Cold is { } ac ? Num(ac.CpuSeconds, "F3") : "n/a",
                a.CpuSeconds.Count > 0 ? Num(SideSamples.Median(a.CpuSeconds), "F3") : "n/a",
                jit, theirs.cold, theirs.steady, theirs.ratio));
        }
    }

    private static (string Cold, string Steady, string Ratio) ColdColumns(SideSamples samples)
    {
        if (samples.Unavailable is not null || samples.Cold is null)
        {
            return ("n/a", "n/a", "n/a");
        }
        double steady = samples.HasData ? SideSamples.Median(samples.Seconds) : double.NaN;
        return (Num(samples.Cold.Seconds, "F4"), Num(steady, "F4"), Num(samples.Cold.Seconds / steady, "F2"));
    }

    /// <summary>" Load average: 1.2 3.4 5.6." from /proc/loadavg, or empty.</summary>
    internal static string LoadAverage()
    {
        try
        {
            string[] parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return parts.Length >= 3 ? $" Load average: {parts[0]} {parts[1]} {parts[2]}." : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static string Num(double value, string format) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : value.ToString(format, Inv);

    /// <summary>Every value of a repeatable option (<c>--name value --name value</c>), in order.</summary>
    internal static List<string> Options(string[] args, string name)
    {
        var values = new List<string>();
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                values.Add(args[++i]);
            }
        }
        return values;
    }

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
