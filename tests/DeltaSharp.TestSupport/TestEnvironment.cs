using System;
using System.IO;
using Xunit;

namespace DeltaSharp.TestSupport;

/// <summary>
/// Resolves the shared test corpora and external peers. A test that needs a resource calls one of the
/// <c>Require*</c> methods: when the resource is missing the test is reported as skipped with the reason,
/// except when <c>DELTASHARP_REQUIRE_ALL=1</c> (set by CI), where a missing resource fails the test.
/// </summary>
public static class TestEnvironment
{
    /// <summary>True when CI demands that every resource be present.</summary>
    public static bool RequireAll => Environment.GetEnvironmentVariable("DELTASHARP_REQUIRE_ALL") == "1";

    /// <summary>The repository root (the folder holding DeltaSharp.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The conformance corpus folder (<c>shared/conformance</c>); skips or fails when absent.</summary>
    public static string RequireConformanceDir() =>
        RequireDirectory("DELTASHARP_CONFORMANCE_DIR", Path.Combine(RepositoryRoot, "..", "shared", "conformance"), "Delta conformance corpus");

    /// <summary>The parquet-testing folder (<c>shared/parquet-testing</c>); skips or fails when absent.</summary>
    public static string RequireParquetTestingDir() =>
        RequireDirectory("DELTASHARP_PARQUET_TESTING_DIR", Path.Combine(RepositoryRoot, "..", "shared", "parquet-testing"), "parquet-testing corpus");

    /// <summary>The npm tree with apache-arrow, azurite and DuckDB (<c>tools/node/node_modules</c>).</summary>
    public static string RequireNodeModules() =>
        RequireDirectory("DELTASHARP_NODE_MODULES", Path.Combine(RepositoryRoot, "tools", "node", "node_modules"), "npm test tools (run scripts/install-test-tools.sh)");

    /// <summary>Path of DuckDB's C library <c>libduckdb.so</c>.</summary>
    public static string RequireDuckDbLibrary()
    {
        string? path = Environment.GetEnvironmentVariable("DELTASHARP_DUCKDB_LIB");
        if (string.IsNullOrEmpty(path))
        {
            path = Path.Combine(RepositoryRoot, "tools", "node", "node_modules", "@duckdb", "node-bindings-linux-x64", "libduckdb.so");
        }
        Require(File.Exists(path), $"DuckDB C library not found at {path} (run scripts/install-test-tools.sh)");
        return path;
    }

    /// <summary>Reads an environment variable that a resource needs; skips or fails when unset.</summary>
    public static string RequireVariable(string name, string what)
    {
        string? value = Environment.GetEnvironmentVariable(name);
        Require(!string.IsNullOrEmpty(value), $"{what}: environment variable {name} is not set (scripts/test.sh sets it)");
        return value!;
    }

    /// <summary>Skips the current test with <paramref name="reason"/> unless <paramref name="condition"/> holds;
    /// under <c>DELTASHARP_REQUIRE_ALL=1</c> fails it instead.</summary>
    public static void Require(bool condition, string reason)
    {
        if (condition)
        {
            return;
        }
        if (RequireAll)
        {
            Assert.Fail("Required test resource missing (DELTASHARP_REQUIRE_ALL=1): " + reason);
        }
        Assert.Skip(reason);
    }

    private static string RequireDirectory(string variable, string fallback, string what)
    {
        string? configured = Environment.GetEnvironmentVariable(variable);
        string path = Path.GetFullPath(string.IsNullOrEmpty(configured) ? fallback : configured);
        Require(Directory.Exists(path), $"{what} not found at {path} (set {variable})");
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeltaSharp.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
