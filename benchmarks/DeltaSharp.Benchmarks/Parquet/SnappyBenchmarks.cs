using System;
using System.Text;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Parquet.Compression;

namespace DeltaSharp.Benchmarks.Parquet;

/// <summary>Managed Snappy on 4 MiB of column-like data (repetitive text and numbers, ~3x compressible).
/// Throughput = 4 MiB / mean time.</summary>
[MemoryDiagnoser]
public class SnappyBenchmarks
{
    private const int Size = 4 << 20;
    private byte[] _raw = [];
    private byte[] _compressed = [];
    private byte[] _output = [];
    private int _compressedLength;

    [GlobalSetup]
    public void Setup()
    {
        Random random = new(42);
        StringBuilder sb = new(Size);
        string[] words = ["alpha", "beta", "gamma", "delta", "epsilon", "customer", "order", "lineitem", "2024-01-01"];
        while (sb.Length < Size)
        {
            sb.Append(words[random.Next(words.Length)]).Append(',').Append(random.Next(100000)).Append(';');
        }
        _raw = Encoding.ASCII.GetBytes(sb.ToString(0, Size));
        _compressed = new byte[Snappy.MaxCompressedLength(Size)];
        _compressedLength = Snappy.Compress(_raw, _compressed);
        _output = new byte[Size];
    }

    [Benchmark]
    public int Decompress() => Snappy.Decompress(_compressed.AsSpan(0, _compressedLength), _output);

    [Benchmark]
    public int Compress() => Snappy.Compress(_raw, _compressed);
}
