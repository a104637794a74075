using System;
using System.Threading.Tasks;
using DeltaSharp.Benchmarks.Compare;

namespace DeltaSharp.Benchmarks;

/// <summary>
/// Entry point. <c>compare [--quick] [...]</c> runs the side-by-side DeltaSharp/DuckDB harness (see
/// benchmarks/README.md); <c>compare-worker</c> is its child process; <c>startup [...]</c> measures the CLI's cold
/// start in fresh processes; any other arguments go to BenchmarkDotNet's
/// switcher over this assembly (every [Benchmark] class under benchmarks/DeltaSharp.Benchmarks/&lt;Area&gt;/).
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == CompareCommand.CommandName)
        {
            return CompareCommand.Run(args.AsSpan(1).ToArray());
        }
        if (args.Length > 0 && args[0] == StartupCommand.CommandName)
        {
            return StartupCommand.Run(args.AsSpan(1).ToArray());
        }
        if (args.Length > 0 && args[0] == CompareWorker.CommandName)
        {
            return await CompareWorker.RunAsync(args.AsSpan(1).ToArray()).ConfigureAwait(false);
        }
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
