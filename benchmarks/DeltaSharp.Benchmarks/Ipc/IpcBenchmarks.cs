using System;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Benchmarks.Ipc;

/// <summary>
/// Arrow IPC stream throughput on a realistic batch: 1,000,000 rows of int64 id, float64 value, utf8 name
/// (~12 bytes), bool flag, timestamp[us] with ~10% nulls (about 38 MB of buffers). Divide <see cref="PayloadBytes"/>
/// by the mean time for GB/s.
/// </summary>
[MemoryDiagnoser]
public class IpcBenchmarks : IDisposable
{
    private const int Rows = 1_000_000;
    private RecordBatch _batch = null!;
    private byte[] _plain = null!;
    private byte[] _lz4 = null!;
    private byte[] _zstd = null!;
    private ArrowBuffer _plainBuffer = null!;
    private MemoryStream _sink = null!;

    /// <summary>Stream size without compression (bytes), printed at setup.</summary>
    public static long PayloadBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        long[] ids = new long[Rows];
        double[] values = new double[Rows];
        long[] times = new long[Rows];
        byte[] validity = new byte[(Rows + 7) / 8];
        byte[] flags = new byte[(Rows + 7) / 8];
        int[] offsets = new int[Rows + 1];
        var text = new MemoryStream();
        int nulls = 0;
        for (int i = 0; i < Rows; i++)
        {
            ids[i] = i;
            values[i] = random.NextDouble() * 1000;
            times[i] = 1_700_000_000_000_000L + (i * 1000L);
            bool valid = random.Next(10) != 0;
            if (valid)
            {
                validity[i >> 3] |= (byte)(1 << (i & 7));
            }
            else
            {
                nulls++;
            }
            if (random.Next(2) == 0)
            {
                flags[i >> 3] |= (byte)(1 << (i & 7));
            }
            byte[] name = Encoding.UTF8.GetBytes("customer-" + (i % 5000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            text.Write(name);
            offsets[i + 1] = (int)text.Length;
        }
        var schema = new DeltaSharp.Arrow.Schema([
            new Field("id", ArrowType.Int64, false),
            new Field("value", ArrowType.Float64),
            new Field("name", ArrowType.Utf8),
            new Field("flag", ArrowType.Boolean, false),
            new Field("ts", new TimestampType(TimeUnit.Microsecond, "UTC")),
        ]);
        _batch = new RecordBatch(schema, [
            ArrowArray.FromData(new ArrayData(ArrowType.Int64, Rows, 0, 0, [null, ArrowBuffer.CopyFrom<long>(ids)])),
            ArrowArray.FromData(new ArrayData(ArrowType.Float64, Rows, nulls, 0, [ArrowBuffer.CopyFrom(validity), ArrowBuffer.CopyFrom<double>(values)])),
            ArrowArray.FromData(new ArrayData(ArrowType.Utf8, Rows, nulls, 0, [ArrowBuffer.CopyFrom(validity), ArrowBuffer.CopyFrom<int>(offsets), ArrowBuffer.CopyFrom(text.ToArray())])),
            ArrowArray.FromData(new ArrayData(ArrowType.Boolean, Rows, 0, 0, [null, ArrowBuffer.CopyFrom(flags)])),
            ArrowArray.FromData(new ArrayData(schema.Fields[4].DataType, Rows, nulls, 0, [ArrowBuffer.CopyFrom(validity), ArrowBuffer.CopyFrom<long>(times)])),
        ], Rows);
        _plain = Write(ArrowIpcCompression.None);
        _lz4 = Write(ArrowIpcCompression.Lz4Frame);
        _zstd = Write(ArrowIpcCompression.Zstd);
        _plainBuffer = ArrowBuffer.CopyFrom(_plain);
        _sink = new MemoryStream(_plain.Length + 4096);
        PayloadBytes = _plain.Length;
        Console.WriteLine($"// IPC stream bytes: plain {_plain.Length}, lz4 {_lz4.Length}, zstd {_zstd.Length}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _batch.Dispose();
        _plainBuffer.Dispose();
    }

    public void Dispose()
    {
        _sink?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public long WriteStream()
    {
        _sink.SetLength(0);
        using (var writer = new ArrowStreamWriter(_sink, _batch.Schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(_batch);
        }
        return _sink.Length;
    }

    [Benchmark]
    public long WriteStreamLz4()
    {
        _sink.SetLength(0);
        using (var writer = new ArrowStreamWriter(_sink, _batch.Schema, new ArrowIpcWriteOptions { Compression = ArrowIpcCompression.Lz4Frame }, leaveOpen: true))
        {
            writer.WriteRecordBatch(_batch);
        }
        return _sink.Length;
    }

    [Benchmark]
    public int ReadStreamFromStream() => ReadAll(new ArrowStreamReader(new MemoryStream(_plain, writable: false)));

    [Benchmark]
    public int ReadStreamZeroCopy() => ReadAll(new ArrowStreamReader(_plainBuffer));

    [Benchmark]
    public int ReadStreamLz4() => ReadAll(new ArrowStreamReader(new MemoryStream(_lz4, writable: false)));

    [Benchmark]
    public int ReadStreamZstd() => ReadAll(new ArrowStreamReader(new MemoryStream(_zstd, writable: false)));

    private static int ReadAll(ArrowStreamReader reader)
    {
        using (reader)
        {
            int rows = 0;
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                rows += batch.Length;
                batch.Dispose();
            }
            return rows;
        }
    }

    private byte[] Write(ArrowIpcCompression compression)
    {
        var ms = new MemoryStream();
        using (var writer = new ArrowStreamWriter(ms, _batch.Schema, new ArrowIpcWriteOptions { Compression = compression }, leaveOpen: true))
        {
            writer.WriteRecordBatch(_batch);
        }
        return ms.ToArray();
    }
}
