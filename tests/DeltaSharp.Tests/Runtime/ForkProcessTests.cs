using System;
using System.Diagnostics;
using System.IO;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Runtime;

/// <summary>
/// Real fork: tests/DeltaSharp.ForkProbe initialises DeltaSharp, calls libc fork(), and the child reports through a
/// pipe. Launched with DOTNET_EnableWriteXorExecute=0 (with W^X on, any code the child generates corrupts the
/// parent, see docs/runtime.md). A child that hangs is killed by the probe and the test fails.
/// </summary>
public sealed class ForkProcessTests
{
    [Fact]
    public void ChildOfAnInitialisedProcessFailsFastWithBothProcessIds()
    {
        string line = RunProbe("after-init");
        // CHILD <parentPid> <childPid> status=0 getpid=<childPid> guard=Forked(current=..,creator=..,message=..) ...
        string[] parts = line.Split(' ');
        Assert.Equal("CHILD", parts[0]);
        int parent = int.Parse(parts[1]);
        int child = int.Parse(parts[2]);
        Assert.NotEqual(parent, child);
        Assert.Equal("getpid=" + child, parts[4]);
        string expected = $"Forked(current={child},creator={parent},message=DeltaSharp_cannot_be_used_in_process_{child}:_it_was_initialised_in_process_{parent}";
        Assert.StartsWith("guard=" + expected, parts[5], StringComparison.Ordinal);
        Assert.StartsWith("preForkObject=" + expected, parts[6], StringComparison.Ordinal);
        Assert.StartsWith("shared=" + expected, parts[7], StringComparison.Ordinal);
        Assert.StartsWith("storeCall=" + expected, parts[8], StringComparison.Ordinal);
        Assert.StartsWith("openTable=" + expected, parts[9], StringComparison.Ordinal);
        Assert.StartsWith("preForkTable=" + expected, parts[10], StringComparison.Ordinal);
        Assert.Contains("spawn", parts[5], StringComparison.Ordinal);
    }

    [Fact]
    public void ChildOfAProcessThatNeverUsedDeltaSharpInitialisesNormally()
    {
        string line = RunProbe("before-init");
        string[] parts = line.Split(' ');
        Assert.Equal("CHILD", parts[0]);
        string child = parts[2];
        Assert.Equal("OK", parts[4]);
        Assert.Equal("getpid=" + child, parts[5]);
        Assert.Equal("creator=" + child, parts[6]);
    }

    private static string RunProbe(string mode)
    {
        TestEnvironment.Require(OperatingSystem.IsLinux(), "fork probe needs Linux");
        string probe = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory.Replace("DeltaSharp.Tests", "DeltaSharp.ForkProbe", StringComparison.Ordinal), "DeltaSharp.ForkProbe.dll"));
        Assert.True(File.Exists(probe), "fork probe not built at " + probe);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(mode);
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        using Process process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("fork probe hung (killed after 90 s)");
        }
        string output = stdout.Result.Trim();
        Assert.True(process.ExitCode == 0, $"probe exit {process.ExitCode}: {output} {stderr.Result}");
        return output;
    }
}
