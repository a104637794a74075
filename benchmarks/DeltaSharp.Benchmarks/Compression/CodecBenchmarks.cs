using System;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Arrow.Compression;

namespace DeltaSharp.Benchmarks.Compression;

/// <summary>
/// Codec throughput on 4 MiB of moderately compressible column-like data (sorted ints with noise). Divide
/// <see cref="Size"/> by the mean time for GB/s.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    /// <summary>Uncompressed input size.</summary>
    public const int Size = 4 << 20;

    private readonly byte[] _input = new byte[Size];
    private readonly byte[] _output = new byte[Size];
    private byte[] _zstd = null!;
    private byte[] _lz4Frame = null!;
    private byte[] _lz4Block = null!;
    private byte[] _scratch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        for (int i = 0; i < Size; i += 8)
        {
            BitConverter.TryWriteBytes(_input.AsSpan(i), (long)(i / 8) * 3 + random.Next(16));
        }
        _scratch = new byte[Math.Max(ZstdCodec.GetMaxCompressedLength(Size), Lz4FrameCodec.GetMaxCompressedLength(Size))];
        _zstd = _scratch.AsSpan(0, ZstdCodec.Compress(_input, _scratch, 1)).ToArray();
        _lz4Frame = _scratch.AsSpan(0, Lz4FrameCodec.Compress(_input, _scratch)).ToArray();
        _lz4Block = _scratch.AsSpan(0, Lz4BlockCodec.Compress(_input, _scratch)).ToArray();
        Console.WriteLine($"// compressed sizes: zstd(1) {_zstd.Length}, lz4 frame {_lz4Frame.Length}, lz4 block {_lz4Block.Length}");
    }

    [Benchmark]
    public int ZstdCompressLevel1() => ZstdCodec.Compress(_input, _scratch, 1);

    [Benchmark]
    public int ZstdDecompress() => ZstdCodec.Decompress(_zstd, _output);

    [Benchmark]
    public int Lz4FrameCompress() => Lz4FrameCodec.Compress(_input, _scratch);

    [Benchmark]
    public int Lz4FrameDecompress() => Lz4FrameCodec.Decompress(_lz4Frame, _output);

    [Benchmark]
    public int Lz4BlockCompress() => Lz4BlockCodec.Compress(_input, _scratch);

    [Benchmark(Baseline = true)]
    public int Lz4BlockDecompress() => Lz4BlockCodec.Decompress(_lz4Block, _output);
}
