using System;
using System.Runtime.CompilerServices;

namespace DeltaSharp.Arrow.Memory;

/// <summary>
/// Builds a validity bitmap lazily: while every slot is valid no memory is used and <see cref="Build"/> returns
/// <see langword="null"/> (Arrow's "no validity buffer"). The first null materializes the bitmap.
/// </summary>
/// <remarks>Owns its memory until <see cref="Build"/>; <see cref="Dispose"/> frees unbuilt memory. Not
/// thread-safe.</remarks>
public sealed class ValidityBuilder : IDisposable
{
    private readonly ArrowAllocator _allocator;
    private BitmapBuilder? _bitmap;
    private int _length;

    /// <summary>Creates an empty validity builder drawing from <paramref name="allocator"/> (null = default).</summary>
    public ValidityBuilder(ArrowAllocator? allocator = null) => _allocator = ArrowAllocator.OrDefault(allocator);

    /// <summary>Number of slots appended.</summary>
    public int Length => _length;

    /// <summary>Number of null slots appended.</summary>
    public int NullCount => _bitmap?.UnsetCount ?? 0;

    /// <summary>Appends one valid slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendValid()
    {
        _bitmap?.Append(true);
        _length++;
    }

    /// <summary>Appends one null slot.</summary>
    public void AppendNull()
    {
        Materialize().Append(false);
        _length++;
    }

    /// <summary>Appends one slot, valid when <paramref name="isValid"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(bool isValid)
    {
        if (isValid)
        {
            AppendValid();
        }
        else
        {
            AppendNull();
        }
    }

    /// <summary>Appends <paramref name="count"/> slots that are all valid or all null.</summary>
    public void AppendRun(bool isValid, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (isValid && _bitmap is null)
        {
            _length += count;
            return;
        }
        Materialize().AppendRun(isValid, count);
        _length += count;
    }

    /// <summary>Appends <paramref name="count"/> slots whose validity is copied from an LSB-first
    /// <paramref name="bitmap"/> starting at bit <paramref name="bitOffset"/> (set = valid).</summary>
    public void AppendBits(ReadOnlySpan<byte> bitmap, int bitOffset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_bitmap is null && BitUtility.CountSetBits(bitmap, bitOffset, count) == count)
        {
            _length += count;
            return;
        }
        Materialize().AppendBits(bitmap, bitOffset, count);
        _length += count;
    }

    /// <summary>Marks slot <paramref name="index"/> (already appended) valid or null.</summary>
    public void Set(int index, bool isValid)
    {
        if ((uint)index >= (uint)_length)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        if (isValid && _bitmap is null)
        {
            return;
        }
        Materialize().Set(index, isValid);
    }

    /// <summary>True when slot <paramref name="index"/> is valid.</summary>
    public bool IsValid(int index) => _bitmap is null || BitUtility.GetBit(_bitmap.WrittenBytes, index);

    /// <summary>Forgets all slots.</summary>
    public void Clear()
    {
        _bitmap?.Clear();
        _length = 0;
    }

    /// <summary>
    /// Returns the bitmap (owned by the caller) or <see langword="null"/> when no slot is null, with the null count,
    /// and resets this builder.
    /// </summary>
    public ArrowBuffer? Build(out int nullCount)
    {
        nullCount = NullCount;
        ArrowBuffer? result = null;
        if (_bitmap is not null)
        {
            if (nullCount > 0)
            {
                result = _bitmap.Build();
            }
            else
            {
                _bitmap.Clear();
            }
        }
        _length = 0;
        return result;
    }

    /// <summary>Frees unbuilt memory. Idempotent.</summary>
    public void Dispose() => _bitmap?.Dispose();

    private BitmapBuilder Materialize()
    {
        if (_bitmap is null)
        {
            _bitmap = new BitmapBuilder(_allocator);
            _bitmap.AppendRun(true, _length);
        }
        else if (_bitmap.Length != _length)
        {
            // After a Build that returned null (all valid) the bitmap was cleared; re-fill any valid prefix.
            _bitmap.AppendRun(true, _length - _bitmap.Length);
        }
        return _bitmap;
    }
}
