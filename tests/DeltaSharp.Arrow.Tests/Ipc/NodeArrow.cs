using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json.Nodes;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Arrow.Tests.Ipc;

/// <summary>Runs the apache-arrow JS helper scripts in tests/DeltaSharp.Arrow.Tests/js with node.</summary>
internal static class NodeArrow
{
    public static string ScriptDirectory => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "DeltaSharp.Arrow.Tests", "js");

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; returns stdout parsed as JSON.</summary>
    public static JsonNode Run(string script, params string[] args)
    {
        string modules = TestEnvironment.RequireNodeModules();
        string node = File.Exists("/usr/bin/node") ? "/usr/bin/node" : "node";
        var info = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(ScriptDirectory, script));
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["NODE_PATH"] = modules;
        using Process process = Process.Start(info)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within 120 s");
        }
        string stderr = stderrTask.Result;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} failed ({process.ExitCode}): {stderr}");
        }
        return JsonNode.Parse(stdout)!;
    }
}
