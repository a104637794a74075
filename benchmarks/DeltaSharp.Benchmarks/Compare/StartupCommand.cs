using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using DeltaSharp.Benchmarks.Datasets;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>
/// <c>startup [--cli [NAME=]PATH[,VAR=VALUE...]]... [--runs N] [--only a,b] [--quick] [--data-dir DIR]
/// [--conformance-dir DIR] [--list]</c>: cold start of the <c>deltasharp</c> CLI. Every run is a fresh process
/// (stdout to /dev/null) of one command on one table; with several <c>--cli</c> variants the runs alternate
/// (A B A B …) so a noisy machine slows every variant alike. Prints per case and variant the median wall time, CPU
/// time (user + system of the child) and peak RSS with their ranges; the LAST line is
/// <c>case/variant=median_wall_seconds …</c> (or n/a).
/// </summary>
internal static class StartupCommand
{
    /// <summary>First argument selecting this mode.</summary>
    public const string CommandName = "startup";

    private const string TimePath = "/usr/bin/time";
    private const string SmallTable = "delta-kernel-rs__basic_partitioned";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        int runs = int.Parse(Option(args, "--runs") ?? "5", Inv);
        string[]? only = Option(args, "--only")?.Split(',');
        DatasetScale scale = Array.IndexOf(args, "--quick") >= 0 ? DatasetScale.Quick : DatasetScale.Full;
        string dataDirectory = Path.GetFullPath(Option(args, "--data-dir") ?? BenchEnvironment.DefaultDataDirectory());
        var paths = new DatasetPaths(Path.Combine(dataDirectory, scale.Name));
        string conformance = ConformanceDirectory(Option(args, "--conformance-dir"));
        List<StartupCase> cases = Cases(paths, Path.Combine(conformance, SmallTable));
        if (Array.IndexOf(args, "--list") >= 0)
        {
            foreach (StartupCase c in cases)
            {
                Console.WriteLine($"{c.Name,-20} deltasharp {string.Join(' ', c.Arguments)}");
            }
            return 0;
        }

        List<CliVariant> variants;
        try
        {
            variants = Variants(CompareCommand.Options(args, "--cli"));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"startup: {e.Message}");
            return 2;
        }
        bool timeAvailable = File.Exists(TimePath);
        Console.WriteLine($"deltasharp cold start: {runs} fresh processes per case and variant, variants alternating; " +
            $"{Environment.ProcessorCount} CPUs.{CompareCommand.LoadAverage()}");
        foreach (CliVariant v in variants)
        {
            Console.WriteLine($"  {v.Name}: {v.Path}{(v.Environment.Count > 0 ? " with " + string.Join(" ", v.Environment) : string.Empty)}");
        }
        Console.WriteLine("wall = process start to exit (as the shell sees it); cpu = user + system seconds of the CLI process " +
            "(every thread: background JIT, GC); peak = max RSS" + (timeAvailable ? string.Empty : " (n/a: /usr/bin/time missing)") +
            ". Medians [min-max].");
        Console.WriteLine();
        Console.WriteLine(string.Format(Inv, "{0,-20} {1,-12} {2,22} {3,22} {4,8}  {5}", "case", "variant", "wall s", "cpu s", "peak MB", "note"));

        var summary = new StringBuilder();
        var total = Stopwatch.StartNew();
        foreach (StartupCase c in cases)
        {
            if (only is not null && Array.IndexOf(only, c.Name) < 0)
            {
                continue;
            }
            var samples = new List<List<ProcessSample>>();
            foreach (CliVariant _ in variants)
            {
                samples.Add([]);
            }
            string?[] failure = new string?[variants.Count];
            string? missing = c.RequiredPath is { } required && !Directory.Exists(required)
                ? $"{required} missing (run `compare` once to generate the datasets, or pass --conformance-dir)"
                : null;
            for (int run = 0; run < runs && missing is null; run++)
            {
                for (int i = 0; i < variants.Count; i++)
                {
                    if (failure[i] is not null)
                    {
                        continue;
                    }
                    ProcessSample sample = RunOnce(variants[i], c.Arguments, timeAvailable);
                    if (sample.Failure is not null)
                    {
                        failure[i] = sample.Failure;
                        continue;
                    }
                    samples[i].Add(sample);
                }
            }
            for (int i = 0; i < variants.Count; i++)
            {
                string? note = missing ?? failure[i];
                List<ProcessSample> s = samples[i];
                string wall = note is null ? Spread(s, x => x.WallSeconds, "F3") : "n/a";
                string cpu = note is null ? Spread(s, x => x.CpuSeconds, "F3") : "n/a";
                string peak = note is null && s.Count > 0 && s[0].PeakKilobytes >= 0
                    ? (SideSamples.Median(Values(s, x => x.PeakKilobytes)) / 1024.0).ToString("F0", Inv)
                    : "n/a";
                Console.WriteLine(string.Format(Inv, "{0,-20} {1,-12} {2,22} {3,22} {4,8}  {5}", c.Name, variants[i].Name, wall, cpu, peak, note ?? string.Empty));
                summary.Append(summary.Length == 0 ? string.Empty : " ")
                    .Append(c.Name).Append('/').Append(variants[i].Name).Append('=')
                    .Append(note is null && s.Count > 0 ? SideSamples.Median(Values(s, x => x.WallSeconds)).ToString("F3", Inv) : "n/a");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Total {total.Elapsed.TotalSeconds:F0}s.{CompareCommand.LoadAverage()}");
        Console.WriteLine(summary.ToString());
        return 0;
    }

    /// <summary>One command line of the CLI measured cold.</summary>
    /// <param name="Name">Case name (<c>--only</c>, last line).</param>
    /// <param name="Arguments">The CLI arguments.</param>
    /// <param name="RequiredPath">Table directory that must exist, or null.</param>
    private sealed record StartupCase(string Name, string[] Arguments, string? RequiredPath);

    /// <summary>A CLI binary (apphost or .dll) and the environment it runs with.</summary>
    private sealed record CliVariant(string Name, string Path, List<string> Environment);

    /// <summary>What one fresh process cost; <see cref="Failure"/> names why it did not succeed.</summary>
    private sealed record ProcessSample(double WallSeconds, double CpuSeconds, long PeakKilobytes, string? Failure);

    private static List<StartupCase> Cases(DatasetPaths paths, string small)
    {
        string ckpt = paths.LogCheckpoint;
        string many = paths.LogManyCommits;
        string wide = paths.Wide("snappy");
        return
        [
            new("help", ["--help"], null),
            new("small_describe", ["describe", small], small),
            new("small_files", ["files", small], small),
            new("small_cat_jsonl", ["cat", small, "--format", "jsonl"], small),
            new("small_cat_limit10", ["cat", small, "--limit", "10"], small),
            new("ckpt_describe", ["describe", ckpt], ckpt),
            new("ckpt_files", ["files", ckpt], ckpt),
            new("json_many_describe", ["describe", many], many),
            new("json_many_files", ["files", many], many),
            new("scan_describe", ["describe", wide], wide),
            new("scan_cat_limit10", ["cat", wide, "--limit", "10"], wide),
            new("scan_cat_jsonl", ["cat", wide, "--format", "jsonl"], wide),
        ];
    }

    private static List<CliVariant> Variants(List<string> specs)
    {
        if (specs.Count == 0)
        {
            string published = Path.Combine(BenchEnvironment.RepositoryRoot(), "artifacts", "cli", "DeltaSharp.Cli");
            if (!File.Exists(published))
            {
                throw new ArgumentException($"no --cli given and {published} does not exist: run `bash scripts/deltasharp.sh --publish` " +
                    "or pass --cli PATH (an apphost, or DeltaSharp.Cli.dll to run through `dotnet`)");
            }
            specs.Add(published);
        }
        var variants = new List<CliVariant>();
        foreach (string spec in specs)
        {
            string[] parts = spec.Split(',');
            string head = parts[0];
            int equals = head.IndexOf('=', StringComparison.Ordinal);
            string name = equals > 0 ? head.Substring(0, equals) : "cli" + (variants.Count + 1).ToString(Inv);
            string path = Path.GetFullPath(equals > 0 ? head.Substring(equals + 1) : head);
            if (!File.Exists(path))
            {
                throw new ArgumentException($"--cli {spec}: {path} does not exist");
            }
            var environment = new List<string>();
            for (int i = 1; i < parts.Length; i++)
            {
                if (parts[i].IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    throw new ArgumentException($"--cli {spec}: '{parts[i]}' is not VAR=VALUE");
                }
                environment.Add(parts[i]);
            }
            variants.Add(new CliVariant(name, path, environment));
        }
        return variants;
    }

    /// <summary>
    /// Runs the CLI once as <c>/usr/bin/time -f … -o FILE /bin/sh -c 'exec "$@" &gt;/dev/null' sh CLI ARGS</c>: the shell
    /// execs the CLI in place, so time's figures are the CLI's own (user + system CPU of every thread, max RSS);
    /// stdout goes to /dev/null so output is written, not piped back to this process. Wall time is measured here.
    /// </summary>
    private static ProcessSample RunOnce(CliVariant variant, string[] arguments, bool timeAvailable)
    {
        string timeFile = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo(timeAvailable ? TimePath : "/bin/sh")
            {
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            if (timeAvailable)
            {
                foreach (string a in new[] { "-f", "%U %S %M", "-o", timeFile, "/bin/sh" })
                {
                    info.ArgumentList.Add(a);
                }
            }
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("exec \"$@\" >/dev/null");
            info.ArgumentList.Add("sh");
            if (variant.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                info.ArgumentList.Add("dotnet");
            }
            info.ArgumentList.Add(variant.Path);
            foreach (string a in arguments)
            {
                info.ArgumentList.Add(a);
            }
            foreach (string assignment in variant.Environment)
            {
                int equals = assignment.IndexOf('=', StringComparison.Ordinal);
                info.Environment[assignment.Substring(0, equals)] = assignment.Substring(equals + 1);
            }
            long start = Stopwatch.GetTimestamp();
            using Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName);
            process.StandardInput.Close();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (process.ExitCode != 0)
            {
                string first = stderr.Split('\n')[0].Trim();
                return new ProcessSample(wall, double.NaN, -1, $"exit {process.ExitCode}: {first}");
            }
            if (!timeAvailable)
            {
                return new ProcessSample(wall, double.NaN, -1, null);
            }
            string[] figures = File.ReadAllText(timeFile).Trim().Split('\n')[^1].Split(' ');
            double cpu = double.Parse(figures[0], Inv) + double.Parse(figures[1], Inv);
            return new ProcessSample(wall, cpu, long.Parse(figures[2], Inv), null);
        }
        finally
        {
            File.Delete(timeFile);
        }
    }

    private static string ConformanceDirectory(string? option)
    {
        if (option is not null)
        {
            return Path.GetFullPath(option);
        }
        string? env = Environment.GetEnvironmentVariable("DELTASHARP_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return Path.GetFullPath(env);
        }
        // The shared corpus sits next to the repository (../shared/conformance), as README's example assumes.
        return Path.GetFullPath(Path.Combine(BenchEnvironment.RepositoryRoot(), "..", "shared", "conformance"));
    }

    private static List<double> Values(List<ProcessSample> samples, Func<ProcessSample, double> selector)
    {
        var values = new List<double>(samples.Count);
        foreach (ProcessSample s in samples)
        {
            values.Add(selector(s));
        }
        return values;
    }

    private static string Spread(List<ProcessSample> samples, Func<ProcessSample, double> selector, string format)
    {
        List<double> values = Values(samples, selector);
        if (values.Count == 0 || double.IsNaN(values[0]))
        {
            return "n/a";
        }
        values.Sort();
        return SideSamples.Median(values).ToString(format, Inv) + " [" + values[0].ToString(format, Inv) + "-" + values[^1].ToString(format, Inv) + "]";
    }

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
