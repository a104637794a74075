using System;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Types;
using ArrowSchema = DeltaSharp.Arrow.Schema;

namespace DeltaSharp.Benchmarks.Arrow;

/// <summary>Builder append throughput: one operation = append <see cref="N"/> values and build the array.</summary>
[MemoryDiagnoser]
public class BuilderBenchmarks : IDisposable
{
    private const int N = 1_000_000;

    private readonly long[] _longs = new long[N];
    private readonly double[] _doubles = new double[N];
    private byte[] _stringData = [];
    private int[] _stringLengths = [];
    private string[] _strings = [];
    private PrimitiveBuilder<long> _longBuilder = null!;
    private PrimitiveBuilder<double> _doubleBuilder = null!;
    private BinaryBuilder _stringBuilder = null!;
    private RecordBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        Random random = new(42);
        for (int i = 0; i < N; i++)
        {
            _longs[i] = random.NextInt64();
            _doubles[i] = random.NextDouble() * 1e6;
        }
        _strings = new string[N];
        _stringLengths = new int[N];
        MemoryStream data = new();
        for (int i = 0; i < N; i++)
        {
            _strings[i] = "value-" + (i * 7919 % 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            byte[] bytes = Encoding.UTF8.GetBytes(_strings[i]);
            _stringLengths[i] = bytes.Length;
            data.Write(bytes);
        }
        _stringData = data.ToArray();
        _longBuilder = new PrimitiveBuilder<long>(ArrowType.Int64);
        _doubleBuilder = new PrimitiveBuilder<double>(ArrowType.Float64);
        _stringBuilder = new BinaryBuilder(ArrowType.Utf8);

        PrimitiveBuilder<long> ids = new(ArrowType.Int64);
        BinaryBuilder names = new(ArrowType.Utf8);
        PrimitiveBuilder<double> xs = new(ArrowType.Float64);
        for (int i = 0; i < 100_000; i++)
        {
            ids.Append(_longs[i]);
            names.Append(_strings[i]);
            if (i % 10 == 0)
            {
                xs.AppendNull();
            }
            else
            {
                xs.Append(_doubles[i]);
            }
        }
        _batch = new RecordBatch(
            new ArrowSchema([new Field("id", ArrowType.Int64), new Field("name", ArrowType.Utf8), new Field("x", ArrowType.Float64)]),
            [ids.Build(), names.Build(), xs.Build()],
            100_000);
        ids.Dispose();
        names.Dispose();
        xs.Dispose();
    }

    public void Dispose()
    {
        Cleanup();
        GC.SuppressFinalize(this);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _longBuilder.Dispose();
        _doubleBuilder.Dispose();
        _stringBuilder.Dispose();
        _batch.Dispose();
    }

    [Benchmark(Description = "int64 Append x1M")]
    public int Int64Append()
    {
        PrimitiveBuilder<long> b = _longBuilder;
        long[] values = _longs;
        for (int i = 0; i < values.Length; i++)
        {
            b.Append(values[i]);
        }
        using PrimitiveArray<long> array = b.Build();
        return array.Length;
    }

    [Benchmark(Description = "int64 AppendSpan bulk x1M")]
    public int Int64AppendSpan()
    {
        _longs.AsSpan().CopyTo(_longBuilder.AppendSpan(N));
        using PrimitiveArray<long> array = _longBuilder.Build();
        return array.Length;
    }

    [Benchmark(Description = "nullable int64 Append (10% null) x1M")]
    public int NullableInt64Append()
    {
        PrimitiveBuilder<long> b = _longBuilder;
        long[] values = _longs;
        for (int i = 0; i < values.Length; i++)
        {
            if (i % 10 == 0)
            {
                b.AppendNull();
            }
            else
            {
                b.Append(values[i]);
            }
        }
        using PrimitiveArray<long> array = b.Build();
        return array.NullCount;
    }

    [Benchmark(Description = "double Append x1M")]
    public int DoubleAppend()
    {
        PrimitiveBuilder<double> b = _doubleBuilder;
        double[] values = _doubles;
        for (int i = 0; i < values.Length; i++)
        {
            b.Append(values[i]);
        }
        using PrimitiveArray<double> array = b.Build();
        return array.Length;
    }

    [Benchmark(Description = "string Append(utf8 bytes) x1M")]
    public int StringAppendBytes()
    {
        BinaryBuilder b = _stringBuilder;
        ReadOnlySpan<byte> data = _stringData;
        int position = 0;
        foreach (int length in _stringLengths)
        {
            b.Append(data.Slice(position, length));
            position += length;
        }
        using BinaryArray array = b.Build();
        return array.Length;
    }

    [Benchmark(Description = "string Append(string) x1M")]
    public int StringAppendString()
    {
        BinaryBuilder b = _stringBuilder;
        foreach (string s in _strings)
        {
            b.Append(s);
        }
        using BinaryArray array = b.Build();
        return array.Length;
    }

    [Benchmark(Description = "string AppendValues bulk x1M")]
    public int StringAppendValues()
    {
        _stringBuilder.AppendValues(_stringData, _stringLengths);
        using BinaryArray array = _stringBuilder.Build();
        return array.Length;
    }

    [Benchmark(Description = "JSONL write 100k rows (int64, string, nullable double)")]
    public long JsonLinesWrite()
    {
        using JsonLinesWriter writer = new(Stream.Null);
        writer.Write(_batch);
        writer.Flush();
        return _batch.Length;
    }
}
