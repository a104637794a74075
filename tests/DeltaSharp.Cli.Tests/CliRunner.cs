using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Cli.Tests;

/// <summary>Runs the real <c>deltasharp</c> tool (the built DeltaSharp.Cli.dll) as a child process.</summary>
internal static class CliRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string ToolPath { get; } = Path.Combine(AppContext.BaseDirectory, "DeltaSharp.Cli.dll");

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);

    public static async Task<CliResult> RunAsync(System.Collections.Generic.IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var output = new MemoryStream();
        Task copyOut = process.StandardOutput.BaseStream.CopyToAsync(output, TestContext.Current.CancellationToken);
        Task<string> readErr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new System.Threading.CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"deltasharp {string.Join(' ', args)} did not finish within {Timeout}");
        }
        await copyOut;
        return new CliResult(process.ExitCode, output.ToArray(), await readErr);
    }
}
