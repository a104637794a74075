using System;
using System.Collections.Generic;
using System.Threading;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// The physical form of an Arrow array, exactly as the Arrow columnar spec lays it out: type, logical
/// <see cref="Length"/>, <see cref="Offset"/> (in slots, into the buffers), <see cref="NullCount"/>, buffers in spec
/// order, children and (for dictionary-encoded arrays) the dictionary.
/// </summary>
/// <remarks>
/// <para><b>Buffers in spec order.</b> Validity (null when there are no nulls) first, then: primitives, boolean,
/// fixed-size binary, decimals and temporal types [validity, values]; binary/string and their large forms
/// [validity, offsets, data]; views [validity, views, data buffers…]; list, large list, map [validity, offsets];
/// fixed-size list and struct [validity]; dictionary [validity, indices]; null: no buffers.</para>
/// <para><b>Offsets.</b> <see cref="Offset"/> applies to this level only. Children of lists and maps are addressed
/// through the offsets buffer; children of structs are addressed as <c>Offset + i</c>; children of fixed-size
/// lists as <c>(Offset + i) × size</c>. Children are never pre-sliced by this library.</para>
/// <para><b>Ownership.</b> An <see cref="ArrayData"/> owns its buffers, children and dictionary: the constructor
/// takes them over (on success) and <see cref="Dispose"/> releases them all. <see cref="Slice"/> and
/// <see cref="Retain"/> create independent owners that share memory through buffer reference counts. Dispose is
/// idempotent and thread-safe; using a disposed instance's buffers throws <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class ArrayData : IDisposable
{
    /// <summary>Null count value meaning "not computed yet".</summary>
    public const int UnknownNullCount = -1;

    private readonly ArrowBuffer?[] _buffers;
    private readonly ArrayData[] _children;
    private int _nullCount;
    private int _disposed;

    /// <summary>Creates array data, taking ownership of <paramref name="buffers"/>, <paramref name="children"/>
    /// and <paramref name="dictionary"/>. The layout is not validated here; call <see cref="Validate"/> for
    /// untrusted input.</summary>
    /// <param name="type">The type.</param>
    /// <param name="length">Logical number of slots.</param>
    /// <param name="nullCount">Number of null slots, or <see cref="UnknownNullCount"/> to compute on demand.</param>
    /// <param name="offset">Slot offset into the buffers.</param>
    /// <param name="buffers">Buffers in spec order; the validity entry may be null.</param>
    /// <param name="children">Child arrays (null for none).</param>
    /// <param name="dictionary">Dictionary values for dictionary-encoded arrays.</param>
    public ArrayData(
        ArrowType type,
        int length,
        int nullCount,
        int offset,
        IReadOnlyList<ArrowBuffer?> buffers,
        IReadOnlyList<ArrayData>? children = null,
        ArrayData? dictionary = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(nullCount, UnknownNullCount);
        if (type.TypeId == ArrowTypeId.Dictionary && dictionary is null)
        {
            throw new ArgumentException("A dictionary-encoded array needs its dictionary.", nameof(dictionary));
        }
        Type = type;
        Length = length;
        Offset = offset;
        _nullCount = type.TypeId == ArrowTypeId.Null ? length : nullCount;
        _buffers = [.. buffers];
        _children = children is null ? [] : [.. children];
        Dictionary = dictionary;
    }

    /// <summary>The type.</summary>
    public ArrowType Type { get; }

    /// <summary>Logical number of slots.</summary>
    public int Length { get; }

    /// <summary>Slot offset into the buffers.</summary>
    public int Offset { get; }

    /// <summary>True once disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Number of null slots (computed from the validity bitmap on first use when unknown).</summary>
    public int NullCount
    {
        get
        {
            int count = Volatile.Read(ref _nullCount);
            if (count == UnknownNullCount)
            {
                count = ComputeNullCount();
                Volatile.Write(ref _nullCount, count);
            }
            return count;
        }
    }

    /// <summary>The buffers in Arrow spec order (see the type remarks). Borrowed: owned by this instance.</summary>
    public IReadOnlyList<ArrowBuffer?> Buffers
    {
        get
        {
            ThrowIfDisposed();
            return _buffers;
        }
    }

    /// <summary>The child arrays. Borrowed: owned by this instance.</summary>
    public IReadOnlyList<ArrayData> Children
    {
        get
        {
            ThrowIfDisposed();
            return _children;
        }
    }

    /// <summary>The dictionary (dictionary-encoded arrays only). Borrowed: owned by this instance.</summary>
    public ArrayData? Dictionary { get; }

    /// <summary>The validity buffer (buffer 0), or null when absent (no nulls, or a type without one).</summary>
    public ArrowBuffer? ValidityBuffer
    {
        get
        {
            ThrowIfDisposed();
            return _buffers.Length > 0 && Type.TypeId != ArrowTypeId.Null ? _buffers[0] : null;
        }
    }

    /// <summary>Buffer <paramref name="index"/>; throws when it is absent.</summary>
    public ArrowBuffer GetBuffer(int index)
    {
        ThrowIfDisposed();
        if ((uint)index >= (uint)_buffers.Length || _buffers[index] is not { } buffer)
        {
            throw new InvalidOperationException($"{Type} array has no buffer {index}.");
        }
        return buffer;
    }

    /// <summary>True when slot <paramref name="index"/> (0-based, relative to <see cref="Offset"/>) is non-null.</summary>
    public bool IsValid(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        if (Type.TypeId == ArrowTypeId.Null)
        {
            return false;
        }
        ArrowBuffer? validity = ValidityBuffer;
        return validity is null || BitUtility.GetBit(validity.Span, Offset + index);
    }

    /// <summary>
    /// A new owner of slots <c>[offset, offset + length)</c> sharing this array's memory (no copy). The caller owns
    /// the result; this instance is unaffected.
    /// </summary>
    public ArrayData Slice(int offset, int length)
    {
        ThrowIfDisposed();
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Slice [{offset}, +{length}) is outside an array of length {Length}.");
        }
        int nullCount = offset == 0 && length == Length ? Volatile.Read(ref _nullCount) : UnknownNullCount;
        if (Type.TypeId == ArrowTypeId.Null)
        {
            nullCount = length;
        }
        else if (ValidityBuffer is null)
        {
            nullCount = 0;
        }
        return CloneShared(Offset + offset, length, nullCount);
    }

    /// <summary>A new owner of the same slots sharing this array's memory. The caller owns the result.</summary>
    public ArrayData Retain()
    {
        ThrowIfDisposed();
        return CloneShared(Offset, Length, Volatile.Read(ref _nullCount));
    }

    /// <summary>Releases the buffers, children and dictionary. Idempotent; any thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        foreach (ArrowBuffer? buffer in _buffers)
        {
            buffer?.Dispose();
        }
        foreach (ArrayData child in _children)
        {
            child.Dispose();
        }
        Dictionary?.Dispose();
    }

    /// <summary>
    /// Checks that the layout is consistent for the type (buffer count, buffer sizes, offsets monotonic and in
    /// range, child lengths). Use on untrusted input (IPC, C Data Interface import).
    /// </summary>
    /// <exception cref="InvalidOperationException">The layout is invalid; the message says what is wrong.</exception>
    public void Validate() => ArrayValidator.Validate(this);

    /// <inheritdoc />
    public override string ToString() => $"{Type} [length={Length}, offset={Offset}]";

    internal void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
    }

    private ArrayData CloneShared(int offset, int length, int nullCount)
    {
        ArrowBuffer?[] buffers = new ArrowBuffer?[_buffers.Length];
        ArrayData[] children = new ArrayData[_children.Length];
        ArrayData? dictionary = null;
        try
        {
            for (int i = 0; i < buffers.Length; i++)
            {
                buffers[i] = _buffers[i]?.Retain();
            }
            for (int i = 0; i < children.Length; i++)
            {
                children[i] = _children[i].Retain();
            }
            dictionary = Dictionary?.Retain();
            return new ArrayData(Type, length, nullCount, offset, buffers, children, dictionary);
        }
        catch
        {
            foreach (ArrowBuffer? b in buffers)
            {
                b?.Dispose();
            }
            foreach (ArrayData? c in children)
            {
                c?.Dispose();
            }
            dictionary?.Dispose();
            throw;
        }
    }

    private int ComputeNullCount()
    {
        if (Type.TypeId == ArrowTypeId.Null)
        {
            return Length;
        }
        ArrowBuffer? validity = ValidityBuffer;
        return validity is null ? 0 : Length - BitUtility.CountSetBits(validity.Span, Offset, Length);
    }
}
