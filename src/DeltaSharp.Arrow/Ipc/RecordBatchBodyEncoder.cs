using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using System.Buffers.Binary;
using System.Collections.Generic;
using DeltaSharp.Arrow.Compression;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Lays out the field nodes and buffers of one record batch (or dictionary batch) as the IPC format requires:
/// pre-order over the fields, slices re-based to start at zero (offsets rebased, bitmaps shifted, child ranges
/// narrowed), every buffer 8-byte aligned and padded, optionally compressed per buffer. Source buffers are only
/// borrowed until <see cref="WriteBodyAsync"/> returns; dispose to return pooled buffers. Not thread-safe; one instance per message.
/// </summary>
internal sealed class RecordBatchBodyEncoder : IDisposable
{
    private static readonly byte[] Zeros = new byte[8];

    private readonly List<long> _nodeLengths = new();
    private readonly List<long> _nodeNullCounts = new();
    private readonly List<Segment> _segments = new();
    private readonly List<long> _variadicCounts = new();
    private readonly ArrowIpcCompression _compression;
    private readonly int _level;
    private long[] _offsets = Array.Empty<long>();
    private long[] _lengths = Array.Empty<long>();

    public RecordBatchBodyEncoder(ArrowIpcCompression compression, int level)
    {
        _compression = compression;
        _level = level;
    }

    /// <summary>Dictionaries met while walking the columns, in dictionary pre-order (borrowed).</summary>
    public List<ArrayData> Dictionaries { get; } = new();

    public long BodyLength { get; private set; }

    public ArrowIpcCompression Compression => _compression;

    public IReadOnlyList<long> NodeLengths => _nodeLengths;

    public IReadOnlyList<long> NodeNullCounts => _nodeNullCounts;

    public IReadOnlyList<long> VariadicCounts => _variadicCounts;

    public long[] BufferOffsets => _offsets;

    public long[] BufferLengths => _lengths;

    /// <summary>Adds a whole column (all of its slots).</summary>
    public void AddColumn(ArrayData column) => Emit(column, column.Offset, column.Length);

    /// <summary>Computes the body layout (and compresses buffers when asked). Call once, after the columns.</summary>
    public void Finish()
    {
        _offsets = new long[_segments.Count];
        _lengths = new long[_segments.Count];
        long position = 0;
        for (int i = 0; i < _segments.Count; i++)
        {
            Segment segment = _segments[i];
            if (_compression != ArrowIpcCompression.None && segment.Length > 0)
            {
                segment = Compress(segment);
                _segments[i] = segment;
            }
            _offsets[i] = position;
            _lengths[i] = segment.StoredLength;
            position += Pad8(segment.StoredLength);
        }
        BodyLength = position;
    }

    /// <summary>
    /// Writes the body (exactly <see cref="BodyLength"/> bytes, padding zeroed) straight from the source buffers:
    /// no intermediate copy of uncompressed data.
    /// </summary>
    public async ValueTask WriteBodyAsync(Stream stream, bool useAsync, CancellationToken cancellationToken)
    {
        for (int i = 0; i < _segments.Count; i++)
        {
            Segment segment = _segments[i];
            long length = segment.StoredLength;
            if (length > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (segment.Compressed is not null || segment.Owned is not null)
                {
                    byte[] bytes = segment.Compressed ?? segment.Owned!;
                    if (useAsync)
                    {
                        await stream.WriteAsync(bytes.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        stream.Write(bytes, 0, (int)length);
                    }
                }
                else if (useAsync)
                {
                    await stream.WriteAsync(NativeSegment(segment), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    stream.Write(segment.Bytes);
                }
            }
            int padding = (int)(Pad8(length) - length);
            if (padding > 0)
            {
                if (useAsync)
                {
                    await stream.WriteAsync(Zeros.AsMemory(0, padding), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    stream.Write(Zeros, 0, padding);
                }
            }
        }
    }

    /// <summary>Returns pooled compression buffers.</summary>
    public void Dispose()
    {
        for (int i = 0; i < _segments.Count; i++)
        {
            if (_segments[i].Compressed is { } rented)
            {
                ArrayPool<byte>.Shared.Return(rented);
                _segments[i] = Segment.Empty;
            }
        }
    }

    private static unsafe Memory<byte> NativeSegment(Segment segment) =>
        new NativeMemoryManager((byte*)segment.Source!.Address + segment.Start, checked((int)segment.Length)).Memory;

    private static long Pad8(long value) => (value + 7) & ~7L;

    private Segment Compress(Segment segment)
    {
        ReadOnlySpan<byte> raw = segment.Bytes;
        int bound = _compression == ArrowIpcCompression.Zstd ? ZstdCodec.GetMaxCompressedLength(raw.Length) : Lz4FrameCodec.GetMaxCompressedLength(raw.Length);
        byte[] output = ArrayPool<byte>.Shared.Rent(8 + Math.Max(bound, raw.Length));
        int size = _compression == ArrowIpcCompression.Zstd
            ? ZstdCodec.Compress(raw, output.AsSpan(8), _level)
            : Lz4FrameCodec.Compress(raw, output.AsSpan(8));
        if (size >= raw.Length)
        {
            // Not worth it: the format allows storing the buffer as is, marked with length -1.
            BinaryPrimitives.WriteInt64LittleEndian(output, -1);
            raw.CopyTo(output.AsSpan(8));
            size = raw.Length;
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(output, raw.Length);
        }
        return new Segment(null, 0, 0, null) { Compressed = output, StoredLength = 8 + size };
    }

    private void Emit(ArrayData a, long start, long length)
    {
        ArrowType type = a.Type;
        int nullCount = CountNulls(a, start, length);
        _nodeLengths.Add(length);
        _nodeNullCounts.Add(nullCount);
        switch (type.TypeId)
        {
            case ArrowTypeId.Null:
                return;
            case ArrowTypeId.Struct:
                AddValidity(a, start, length, nullCount);
                foreach (ArrayData child in a.Children)
                {
                    Emit(child, child.Offset + start, length);
                }
                return;
            case ArrowTypeId.List or ArrowTypeId.Map or ArrowTypeId.LargeList:
            {
                AddValidity(a, start, length, nullCount);
                (long first, long last) = AddOffsets(a.GetBuffer(1), start, length, type.TypeId == ArrowTypeId.LargeList);
                ArrayData child = a.Children[0];
                Emit(child, child.Offset + first, last - first);
                return;
            }
            case ArrowTypeId.FixedSizeList:
            {
                AddValidity(a, start, length, nullCount);
                long size = ((FixedSizeListType)type).ListSize;
                ArrayData child = a.Children[0];
                Emit(child, child.Offset + (start * size), length * size);
                return;
            }
            case ArrowTypeId.Binary or ArrowTypeId.String or ArrowTypeId.LargeBinary or ArrowTypeId.LargeString:
            {
                AddValidity(a, start, length, nullCount);
                (long first, long last) = AddOffsets(a.GetBuffer(1), start, length, type.TypeId is ArrowTypeId.LargeBinary or ArrowTypeId.LargeString);
                _segments.Add(Segment.Slice(a.GetBuffer(2), first, last - first));
                return;
            }
            case ArrowTypeId.BinaryView or ArrowTypeId.StringView:
            {
                AddValidity(a, start, length, nullCount);
                _segments.Add(Segment.Slice(a.GetBuffer(1), start * 16, length * 16));
                int dataBuffers = a.Buffers.Count - 2;
                for (int i = 0; i < dataBuffers; i++)
                {
                    ArrowBuffer data = a.GetBuffer(i + 2);
                    _segments.Add(Segment.Slice(data, 0, data.Length));
                }
                _variadicCounts.Add(dataBuffers);
                return;
            }
            case ArrowTypeId.Boolean:
                AddValidity(a, start, length, nullCount);
                _segments.Add(BitmapRange(a.GetBuffer(1), start, length));
                return;
            case ArrowTypeId.Dictionary:
            {
                AddValidity(a, start, length, nullCount);
                long width = ((DictionaryType)type).IndexType.BitWidth / 8;
                _segments.Add(Segment.Slice(a.GetBuffer(1), start * width, length * width));
                Dictionaries.Add(a.Dictionary!);
                return;
            }
            default:
            {
                AddValidity(a, start, length, nullCount);
                long width = type.BitWidth / 8;
                if (width <= 0)
                {
                    throw new NotSupportedException($"Type {type} cannot be written to Arrow IPC.");
                }
                _segments.Add(Segment.Slice(a.GetBuffer(1), start * width, length * width));
                return;
            }
        }
    }

    private static int CountNulls(ArrayData a, long start, long length)
    {
        if (a.Type.TypeId == ArrowTypeId.Null)
        {
            return (int)length;
        }
        ArrowBuffer? validity = a.ValidityBuffer;
        if (validity is null)
        {
            return 0;
        }
        if (start == a.Offset && length == a.Length)
        {
            return a.NullCount;
        }
        return (int)length - BitUtility.CountSetBits(validity.Span, (int)start, (int)length);
    }

    private void AddValidity(ArrayData a, long start, long length, int nullCount)
    {
        if (nullCount == 0)
        {
            _segments.Add(Segment.Empty);
            return;
        }
        _segments.Add(BitmapRange(a.ValidityBuffer!, start, length));
    }

    private static Segment BitmapRange(ArrowBuffer bitmap, long start, long length)
    {
        long bytes = (length + 7) / 8;
        if ((start & 7) == 0)
        {
            return Segment.Slice(bitmap, start / 8, bytes);
        }
        byte[] shifted = new byte[bytes];
        BitUtility.CopyBits(bitmap.Span, (int)start, shifted, 0, (int)length);
        return Segment.Own(shifted);
    }

    private (long First, long Last) AddOffsets(ArrowBuffer offsets, long start, long length, bool large)
    {
        int width = large ? 8 : 4;
        if (offsets.Length == 0)
        {
            // An empty array may omit its offsets; the format wants one zero offset.
            _segments.Add(Segment.Own(new byte[width]));
            return (0, 0);
        }
        ReadOnlySpan<byte> span = offsets.Span;
        long first = large ? BinaryPrimitives.ReadInt64LittleEndian(span.Slice((int)(start * 8))) : BinaryPrimitives.ReadInt32LittleEndian(span.Slice((int)(start * 4)));
        long endIndex = start + length;
        long last = large ? BinaryPrimitives.ReadInt64LittleEndian(span.Slice((int)(endIndex * 8))) : BinaryPrimitives.ReadInt32LittleEndian(span.Slice((int)(endIndex * 4)));
        if (first == 0)
        {
            _segments.Add(Segment.Slice(offsets, start * width, (length + 1) * width));
            return (first, last);
        }
        byte[] rebased = new byte[(length + 1) * width];
        for (long i = 0; i <= length; i++)
        {
            if (large)
            {
                long value = BinaryPrimitives.ReadInt64LittleEndian(span.Slice((int)((start + i) * 8)));
                BinaryPrimitives.WriteInt64LittleEndian(rebased.AsSpan((int)(i * 8)), value - first);
            }
            else
            {
                int value = BinaryPrimitives.ReadInt32LittleEndian(span.Slice((int)((start + i) * 4)));
                BinaryPrimitives.WriteInt32LittleEndian(rebased.AsSpan((int)(i * 4)), value - (int)first);
            }
        }
        _segments.Add(Segment.Own(rebased));
        return (first, last);
    }

    /// <summary>One body buffer: a borrowed range of an Arrow buffer, or bytes computed by the encoder.</summary>
    private readonly record struct Segment(ArrowBuffer? Source, long Start, long Length, byte[]? Owned)
    {
        public static Segment Empty => new(null, 0, 0, null);

        public byte[]? Compressed { get; init; }

        public long StoredLength { get; init; } = Length;

        public ReadOnlySpan<byte> Bytes => Owned is not null
            ? Owned
            : Source is null ? ReadOnlySpan<byte>.Empty : Source.Span.Slice((int)Start, (int)Length);

        public static Segment Slice(ArrowBuffer source, long start, long length)
        {
            if (start < 0 || length < 0 || start + length > source.Length)
            {
                throw new InvalidOperationException($"Array buffer of {source.Length} bytes is too short for the range [{start}, +{length}) its layout requires.");
            }
            return new Segment(source, start, length, null);
        }

        public static Segment Own(byte[] bytes) => new(null, 0, bytes.Length, bytes);
    }
}
