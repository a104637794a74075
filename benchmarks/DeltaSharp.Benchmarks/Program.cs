namespace DeltaSharp.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
