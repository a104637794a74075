using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Benchmarks.Datasets;
using DeltaSharp.TestSupport.DuckDb;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>
/// Child process of <c>compare</c> running ONE side (DeltaSharp or DuckDB), so each side's peak RSS is its own.
/// Line protocol on stdin/stdout (replies start with "@@ "):
/// <c>prepare NAME</c> → <c>ok</c> | <c>na REASON</c>; <c>run THREADS</c> → <c>ok SECONDS ROWS PEAK_KIB CPU_SECONDS
/// JIT_MS JIT_METHODS</c> | <c>na REASON</c>; <c>release</c> → <c>ok</c>; <c>quit</c>. At start-up the worker prints
/// <c>ready BASELINE_RSS_KIB PROCESSOR_COUNT</c>. CPU_SECONDS is the process's CPU time during the run (every
/// thread: background JIT and GC included); JIT_MS and JIT_METHODS are the time the JIT spent and the methods it
/// compiled during the run (<see cref="System.Runtime.JitInfo"/>, all threads). Readers use the first four fields by
/// position, so fields are only ever appended.
/// </summary>
internal static class CompareWorker
{
    /// <summary>First argument selecting this mode.</summary>
    public const string CommandName = "compare-worker";

    /// <summary>Side name of DeltaSharp.</summary>
    public const string DeltaSharpSide = "deltasharp";

    /// <summary>Side name of DuckDB.</summary>
    public const string DuckDbSide = "duckdb";

    public static async Task<int> RunAsync(string[] args)
    {
        string side = Argument(args, "--side");
        DatasetScale scale = Argument(args, "--scale") == DatasetScale.Quick.Name ? DatasetScale.Quick : DatasetScale.Full;
        var paths = new DatasetPaths(Path.Combine(Argument(args, "--data-dir"), scale.Name));
        DuckDbConnection? duck = null;
        if (side == DuckDbSide)
        {
            string library = Argument(args, "--duckdb-lib");
            Environment.SetEnvironmentVariable("DELTASHARP_DUCKDB_LIB", library);
            DuckDbStreaming.EnsureLoaded(library);
            duck = DuckDbConnection.OpenInMemory();
            TrySet(duck, "SET enable_object_cache=false");
            TrySet(duck, "SET enable_progress_bar=false");
        }
        IWorkloadSide? current = null;
        string? unavailable = null;
        Reply(string.Create(CultureInfo.InvariantCulture, $"ready {PeakMemory.ReadCurrentKilobytes()} {Environment.ProcessorCount}"));
        try
        {
            string? line;
            while ((line = Console.In.ReadLine()) is not null)
            {
                string[] parts = line.Split(' ', 2);
                switch (parts[0])
                {
                    case "prepare":
                        current?.Dispose();
                        current = null;
                        unavailable = null;
                        try
                        {
                            current = side == DuckDbSide
                                ? DuckDbWorkloads.Create(parts[1], scale, paths, duck!)
                                : DeltaSharpWorkloads.Create(parts[1], scale, paths);
                            Reply("ok");
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            unavailable = Describe(e);
                            Reply("na " + unavailable);
                        }
                        break;
                    case "release":
                        current?.Dispose();
                        current = null;
                        unavailable = null;
                        Reply("ok");
                        break;
                    case "run":
                        if (current is null)
                        {
                            Reply("na " + (unavailable ?? "not prepared"));
                            break;
                        }
                        await RunOnceAsync(current, int.Parse(parts[1], CultureInfo.InvariantCulture), side == DeltaSharpSide).ConfigureAwait(false);
                        break;
                    case "quit":
                        return 0;
                    default:
                        Reply("na unknown command " + parts[0]);
                        break;
                }
            }
            return 0;
        }
        finally
        {
            current?.Dispose();
            duck?.Dispose();
        }
    }

    private static async Task RunOnceAsync(IWorkloadSide workload, int threads, bool managed)
    {
        if (managed)
        {
            // Start every run from a collected heap so the peak is the run's own, not garbage of the previous one.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        PeakMemory.Reset();
        try
        {
            TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
            TimeSpan jitStart = JitInfo.GetCompilationTime(currentThread: false);
            long methodsStart = JitInfo.GetCompiledMethodCount(currentThread: false);
            long start = Stopwatch.GetTimestamp();
            long rows = await workload.RunAsync(threads, CancellationToken.None).ConfigureAwait(false);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long peak = PeakMemory.ReadPeakKilobytes();
            double cpu = (Environment.CpuUsage.TotalTime - cpuStart).TotalSeconds;
            double jitMilliseconds = (JitInfo.GetCompilationTime(currentThread: false) - jitStart).TotalMilliseconds;
            long methods = JitInfo.GetCompiledMethodCount(currentThread: false) - methodsStart;
            Reply(string.Create(CultureInfo.InvariantCulture, $"ok {seconds:R} {rows} {peak} {cpu:F3} {jitMilliseconds:F1} {methods}"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Reply("na " + Describe(e));
        }
    }

    private static string Describe(Exception e)
    {
        string message = e is WorkloadUnavailableException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        return message.Replace('\n', ' ').Replace('\r', ' ');
    }

    private static void TrySet(DuckDbConnection duck, string sql)
    {
        try
        {
            duck.Execute(sql);
        }
        catch (InvalidOperationException)
        {
            // Setting absent in this DuckDB version.
        }
    }

    private static void Reply(string text)
    {
        Console.Out.WriteLine("@@ " + text);
        Console.Out.Flush();
    }

    private static string Argument(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"{CommandName}: missing {name}");
    }
}
