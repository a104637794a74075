using System;
using System.Diagnostics;
using System.IO;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>Locates the repository, the dataset cache and DuckDB's C library for the compare harness.</summary>
internal static class BenchEnvironment
{
    /// <summary>The repository root (the directory holding DeltaSharp.sln), found upwards from the binary.</summary>
    public static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir, "DeltaSharp.sln")))
            {
                return dir;
            }
            dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
        }
        return Directory.GetCurrentDirectory();
    }

    /// <summary>Default dataset cache: benchmarks/.data under the repository (gitignored).</summary>
    public static string DefaultDataDirectory() => Path.Combine(RepositoryRoot(), "benchmarks", ".data");

    /// <summary>
    /// Path of libduckdb.so: <c>DELTASHARP_DUCKDB_LIB</c>, tools/node/node_modules, benchmarks/.duckdb, or else
    /// runs benchmarks/install-duckdb.sh (npm) and uses the path it prints.
    /// </summary>
    public static string DuckDbLibrary()
    {
        string root = RepositoryRoot();
        string? env = Environment.GetEnvironmentVariable("DELTASHARP_DUCKDB_LIB");
        const string Package = "node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so";
        foreach (string? candidate in new[]
        {
            env,
            Path.Combine(root, "tools", "node", Package),
            Path.Combine(root, "benchmarks", ".duckdb", Package),
        })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }
        string script = Path.Combine(root, "benchmarks", "install-duckdb.sh");
        Console.Error.WriteLine($"DuckDB not found; running {script}");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        using Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start bash");
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string[] lines = output.Trim().Split('\n');
        string path = lines[^1].Trim();
        if (process.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}); install DuckDB or set DELTASHARP_DUCKDB_LIB");
        }
        return path;
    }
}
