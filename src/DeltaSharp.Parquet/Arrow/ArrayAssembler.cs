using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Pages;

namespace DeltaSharp.Parquet.Arrow;

/// <summary>
/// Reassembles Arrow arrays from decoded leaf columns (definition/repetition levels + non-null values) for any
/// nesting of structs, lists and maps. Each node reads the levels of one representative leaf below it; the level
/// thresholds on <see cref="ArrowNode"/> decide slots, validity and list offsets. Buffers come from the allocator.
/// </summary>
internal sealed class ArrayAssembler
{
    private const long JulianEpochDay = 2440588;
    private const long MicrosPerDay = 86_400_000_000L;

    /// <summary>Value buffers at least this large are handed to Arrow instead of copied (smaller ones are copied into
    /// allocator memory: pinning small arrays would fragment the managed heap).</summary>
    private const int TakeThreshold = 256 * 1024;

    private readonly ArrowAllocator _allocator;
    private readonly IReadOnlyDictionary<int, ColumnChunkData> _leaves;

    public ArrayAssembler(ArrowAllocator allocator, IReadOnlyDictionary<int, ColumnChunkData> leaves)
    {
        _allocator = allocator;
        _leaves = leaves;
    }

    public ArrayData Assemble(ArrowNode node) => node.Kind switch
    {
        ArrowNodeKind.Primitive => AssemblePrimitive(node),
        ArrowNodeKind.Struct => AssembleStruct(node),
        _ => AssembleList(node),
    };

    private ColumnChunkData Leaf(ArrowNode node) => _leaves[node.RepresentativeLeaf.LeafIndex];

    private ArrayData AssembleStruct(ArrowNode node)
    {
        ColumnChunkData leaf = Leaf(node);
        ArrowBuffer? validity = BuildValidity(node, leaf, out int length, out int nullCount);
        List<ArrayData> children = new(node.Children.Count);
        try
        {
            foreach (ArrowNode child in node.Children)
            {
                ArrayData data = Assemble(child);
                children.Add(data);
                if (data.Length != length)
                {
                    throw new ParquetFormatException($"struct '{node.Field.Name}' has {length} slots but its field '{child.Field.Name}' has {data.Length}");
                }
            }
            return new ArrayData(node.Field.DataType, length, nullCount, 0, [validity], children);
        }
        catch
        {
            validity?.Dispose();
            foreach (ArrayData c in children)
            {
                c.Dispose();
            }
            throw;
        }
    }

    private ArrayData AssembleList(ArrowNode node)
    {
        ColumnChunkData leaf = Leaf(node);
        ReadOnlySpan<int> def = leaf.WindowDefinitionLevels;
        ReadOnlySpan<int> rep = leaf.WindowRepetitionLevels;
        int levels = leaf.WindowLevels;
        // Sized for the worst case (every level a slot), written through spans, then truncated.
        using ArrowBufferBuilder offsets = new(_allocator, 4L * (levels + 1));
        using ArrowBufferBuilder bits = new(_allocator, (levels + 7) / 8);
        Span<int> offsetSpan = offsets.AppendSpan<int>(levels + 1);
        Span<byte> bitmap = bits.AppendSpan((levels + 7) / 8);
        bitmap.Clear();
        int slots = 0, nulls = 0, elements = 0;
        bool hasDef = !def.IsEmpty, hasRep = !rep.IsEmpty;
        int slotRep = node.SlotRep, slotDef = node.SlotDef, presentDef = node.PresentDef;
        int elementRep = node.ElementRep, elementDef = node.ElementDef;
        for (int p = 0; p < levels; p++)
        {
            int d = hasDef ? def[p] : 0;
            int r = hasRep ? rep[p] : 0;
            if (r <= slotRep && d >= slotDef)
            {
                offsetSpan[slots] = elements;
                if (d >= presentDef)
                {
                    bitmap[slots >> 3] |= (byte)(1 << (slots & 7));
                }
                else
                {
                    nulls++;
                }
                slots++;
            }
            if (r <= elementRep && d >= elementDef)
            {
                elements++;
            }
        }
        offsetSpan[slots] = elements;
        offsets.Truncate(4L * (slots + 1));
        bits.Truncate((slots + 7) / 8);
        ArrayData child = Assemble(node.Children[0]);
        try
        {
            if (child.Length != elements)
            {
                throw new ParquetFormatException($"list '{node.Field.Name}' has {elements} elements but its values have {child.Length}");
            }
            ArrowBuffer? validity = nulls > 0 ? bits.Build() : null;
            return new ArrayData(node.Field.DataType, slots, nulls, 0, [validity, offsets.Build()], [child]);
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>Counts the node's slots and builds its validity bitmap (null when every slot is valid).</summary>
    private ArrowBuffer? BuildValidity(ArrowNode node, ColumnChunkData leaf, out int length, out int nullCount)
    {
        ReadOnlySpan<int> def = leaf.WindowDefinitionLevels;
        ReadOnlySpan<int> rep = leaf.WindowRepetitionLevels;
        int levels = leaf.WindowLevels;
        if (def.IsEmpty && rep.IsEmpty)
        {
            length = levels;
            nullCount = 0;
            return null;
        }
        using ArrowBufferBuilder bits = new(_allocator, (levels + 7) / 8);
        Span<byte> bitmap = bits.AppendSpan((levels + 7) / 8);
        bitmap.Clear();
        int slots = 0, nulls = 0;
        bool hasDef = !def.IsEmpty, hasRep = !rep.IsEmpty;
        int slotRep = node.SlotRep, slotDef = node.SlotDef, presentDef = node.PresentDef;
        if (!hasRep && slotDef == 0)
        {
            // Not inside a list: every level is a slot, valid when its level reaches presentDef.
            nulls = levels - ThresholdBits(def, presentDef, bitmap);
            length = levels;
            nullCount = nulls;
            return nulls > 0 ? bits.Build() : null;
        }
        for (int p = 0; p < levels; p++)
        {
            int d = hasDef ? def[p] : 0;
            if ((hasRep ? rep[p] : 0) <= slotRep && d >= slotDef)
            {
                if (d >= presentDef)
                {
                    bitmap[slots >> 3] |= (byte)(1 << (slots & 7));
                }
                else
                {
                    nulls++;
                }
                slots++;
            }
        }
        bits.Truncate((slots + 7) / 8);
        length = slots;
        nullCount = nulls;
        return nulls > 0 ? bits.Build() : null;
    }

    private ArrayData AssemblePrimitive(ArrowNode node)
    {
        ColumnChunkData leaf = Leaf(node);
        ReadOnlySpan<int> def = leaf.WindowDefinitionLevels;
        int levels = leaf.WindowLevels;
        int maxDef = leaf.Column.MaxDefinitionLevel;

        // Slot p is valid when def == maxDef; valid slots consume values in order.
        int slots;
        int nulls;
        bool dense = def.IsEmpty || node.SlotDef == 0 && leaf.Column.MaxRepetitionLevel == 0;
        bool flat = node.SlotDef == 0 && leaf.Column.MaxRepetitionLevel == 0;
        if (def.IsEmpty)
        {
            slots = levels;
            nulls = 0;
        }
        else if (flat)
        {
            // Every level is a slot; the non-null ones are exactly the window's values.
            slots = levels;
            nulls = levels - leaf.WindowValues;
        }
        else
        {
            slots = 0;
            nulls = 0;
            for (int p = 0; p < levels; p++)
            {
                int d = def[p];
                if (d >= node.SlotDef)
                {
                    slots++;
                    if (d != maxDef)
                    {
                        nulls++;
                    }
                }
            }
        }
        if (slots - nulls != leaf.WindowValues)
        {
            throw new ParquetFormatException($"column has {slots - nulls} non-null slots but {leaf.WindowValues} values");
        }
        if (node.Conversion == LeafConversion.Null)
        {
            return new ArrayData(ArrowType.Null, slots, slots, 0, []);
        }
        ArrowBuffer? validity = null;
        // slotValid[i]: computed on the fly from the level stream.
        if (nulls > 0)
        {
            using ArrowBufferBuilder bits = new(_allocator);
            Span<byte> bitmap = bits.AppendSpan((slots + 7) / 8);
            bitmap.Clear();
            if (flat)
            {
                FlatValidity(def, maxDef, bitmap);
            }
            else
            {
                int s = 0;
                for (int p = 0; p < levels; p++)
                {
                    int d = def[p];
                    if (d >= node.SlotDef)
                    {
                        if (d == maxDef)
                        {
                            bitmap[s >> 3] |= (byte)(1 << (s & 7));
                        }
                        s++;
                    }
                }
            }
            validity = bits.Build();
        }
        try
        {
            if (node.Conversion == LeafConversion.Binary)
            {
                return BuildBinary(node, leaf, slots, nulls, validity);
            }
            ArrowBuffer values = BuildFixed(node, leaf, slots, nulls, validity, dense);
            return new ArrayData(node.Field.DataType, slots, nulls, 0, [validity, values]);
        }
        catch
        {
            validity?.Dispose();
            throw;
        }
    }

    /// <summary>Validity bits of a flat column: bit p set when level p is the maximum definition level.</summary>
    private static void FlatValidity(ReadOnlySpan<int> def, int maxDef, Span<byte> bitmap)
    {
        int full = def.Length >> 3;
        for (int b = 0; b < full; b++)
        {
            ReadOnlySpan<int> d = def.Slice(b << 3, 8);
            bitmap[b] = (byte)(
                (d[0] == maxDef ? 1 : 0) | (d[1] == maxDef ? 2 : 0) | (d[2] == maxDef ? 4 : 0) | (d[3] == maxDef ? 8 : 0) |
                (d[4] == maxDef ? 16 : 0) | (d[5] == maxDef ? 32 : 0) | (d[6] == maxDef ? 64 : 0) | (d[7] == maxDef ? 128 : 0));
        }
        for (int p = full << 3; p < def.Length; p++)
        {
            if (def[p] == maxDef)
            {
                bitmap[p >> 3] |= (byte)(1 << (p & 7));
            }
        }
    }

    /// <summary>Sets bit p of <paramref name="bitmap"/> (cleared) when level p is at least
    /// <paramref name="threshold"/>; returns the bits set.</summary>
    private static int ThresholdBits(ReadOnlySpan<int> def, int threshold, Span<byte> bitmap)
    {
        int set = 0;
        int full = def.Length >> 3;
        for (int b = 0; b < full; b++)
        {
            ReadOnlySpan<int> d = def.Slice(b << 3, 8);
            int bits =
                (d[0] >= threshold ? 1 : 0) | (d[1] >= threshold ? 2 : 0) | (d[2] >= threshold ? 4 : 0) | (d[3] >= threshold ? 8 : 0) |
                (d[4] >= threshold ? 16 : 0) | (d[5] >= threshold ? 32 : 0) | (d[6] >= threshold ? 64 : 0) | (d[7] >= threshold ? 128 : 0);
            bitmap[b] = (byte)bits;
            set += System.Numerics.BitOperations.PopCount((uint)bits);
        }
        for (int p = full << 3; p < def.Length; p++)
        {
            if (def[p] >= threshold)
            {
                bitmap[p >> 3] |= (byte)(1 << (p & 7));
                set++;
            }
        }
        return set;
    }

    private static bool IsValid(ReadOnlySpan<byte> bitmap, int index) => (bitmap[index >> 3] & (1 << (index & 7))) != 0;

    private ArrayData BuildBinary(ArrowNode node, ColumnChunkData leaf, int slots, int nulls, ArrowBuffer? validity)
    {
        ReadOnlySpan<int> source = leaf.WindowOffsets;
        using ArrowBufferBuilder offsets = new(_allocator, 4L * (slots + 1));
        Span<int> target = offsets.AppendSpan<int>(slots + 1);
        if (nulls == 0)
        {
            source[..(slots + 1)].CopyTo(target);
        }
        else
        {
            ReadOnlySpan<byte> bitmap = validity!.Span;
            int v = 0;
            target[0] = 0;
            for (int s = 0; s < slots; s++)
            {
                if (IsValid(bitmap, s))
                {
                    v++;
                }
                target[s + 1] = source[v];
            }
        }
        ArrowBuffer? taken = TakeAllValues(leaf);
        if (taken is not null)
        {
            return new ArrayData(node.Field.DataType, slots, nulls, 0, [validity, offsets.Build(), taken]);
        }
        ReadOnlySpan<byte> bytes = leaf.WindowData;
        using ArrowBufferBuilder data = new(_allocator, bytes.Length);
        data.Append(bytes);
        return new ArrayData(node.Field.DataType, slots, nulls, 0, [validity, offsets.Build(), data.Build()]);
    }

    /// <summary>
    /// The leaf's value bytes handed to Arrow without a copy, when the window holds every decoded value (a whole row
    /// group or page per batch) and they are large; else null (the caller copies). Values are copied once: from the
    /// page into the pooled decode buffer, which then becomes the Arrow buffer.
    /// </summary>
    private static ArrowBuffer? TakeAllValues(ColumnChunkData leaf) =>
        leaf.WindowValues == leaf.Values.Count ? leaf.Values.TryTakeAllData(TakeThreshold) : null;

    private ArrowBuffer BuildFixed(ArrowNode node, ColumnChunkData leaf, int slots, int nulls, ArrowBuffer? validity, bool dense)
    {
        _ = dense;
        if (node.Conversion == LeafConversion.Copy && nulls == 0 && leaf.Values.Width == node.OutputWidth && TakeAllValues(leaf) is { } taken)
        {
            return taken;
        }
        ReadOnlySpan<byte> source = leaf.WindowData;
        ReadOnlySpan<byte> bitmap = validity is null ? default : validity.Span;
        using ArrowBufferBuilder output = new(_allocator);
        switch (node.Conversion)
        {
            case LeafConversion.Boolean:
                {
                    Span<byte> bits = output.AppendSpan((slots + 7) / 8);
                    bits.Clear();
                    int v = 0;
                    if (nulls == 0)
                    {
                        // Eight 0/1 bytes -> one bitmap byte (the multiply gathers bit 0 of each byte into the top byte).
                        int full = slots >> 3;
                        for (int b = 0; b < full; b++)
                        {
                            ulong eight = BinaryPrimitives.ReadUInt64LittleEndian(source.Slice(b << 3, 8)) & 0x0101010101010101UL;
                            bits[b] = (byte)((eight * 0x0102040810204080UL) >> 56);
                        }
                        v = full << 3;
                        for (int s = v; s < slots; s++)
                        {
                            if (source[s] != 0)
                            {
                                bits[s >> 3] |= (byte)(1 << (s & 7));
                            }
                        }
                        break;
                    }
                    for (int s = 0; s < slots; s++)
                    {
                        if (nulls == 0 || IsValid(bitmap, s))
                        {
                            if (source[v++] != 0)
                            {
                                bits[s >> 3] |= (byte)(1 << (s & 7));
                            }
                        }
                    }
                    break;
                }
            case LeafConversion.Copy:
                {
                    int width = node.OutputWidth;
                    if (leaf.Values.Width != width)
                    {
                        throw new ParquetFormatException($"column values are {leaf.Values.Width} bytes wide but the type needs {width}");
                    }
                    Span<byte> target = output.AppendSpan(checked(slots * width));
                    if (nulls == 0)
                    {
                        source[..target.Length].CopyTo(target);
                    }
                    else
                    {
                        ScatterFixed(source, target, bitmap, slots, width);
                    }
                    break;
                }
            case LeafConversion.Narrow8:
            case LeafConversion.Narrow16:
                {
                    int width = node.OutputWidth;
                    ReadOnlySpan<int> ints = MemoryMarshal.Cast<byte, int>(source);
                    Span<byte> target = output.AppendSpan(checked(slots * width));
                    target.Clear();
                    int v = 0;
                    for (int s = 0; s < slots; s++)
                    {
                        if (nulls == 0 || IsValid(bitmap, s))
                        {
                            int value = ints[v++];
                            if (width == 1)
                            {
                                target[s] = (byte)value;
                            }
                            else
                            {
                                BinaryPrimitives.WriteInt16LittleEndian(target[(s * 2)..], (short)value);
                            }
                        }
                    }
                    break;
                }
            case LeafConversion.IntegerToDecimal:
                {
                    int width = node.OutputWidth;
                    int sourceWidth = leaf.Values.Width;
                    Span<byte> target = output.AppendSpan(checked(slots * width));
                    target.Clear();
                    int v = 0;
                    for (int s = 0; s < slots; s++)
                    {
                        if (nulls == 0 || IsValid(bitmap, s))
                        {
                            long value = sourceWidth == 4
                                ? BinaryPrimitives.ReadInt32LittleEndian(source[(v * 4)..])
                                : BinaryPrimitives.ReadInt64LittleEndian(source[(v * 8)..]);
                            v++;
                            Span<byte> slot = target.Slice(s * width, width);
                            BinaryPrimitives.WriteInt64LittleEndian(slot, value);
                            slot[8..].Fill(value < 0 ? (byte)0xFF : (byte)0);
                        }
                    }
                    break;
                }
            case LeafConversion.BigEndianDecimal:
                {
                    int width = node.OutputWidth;
                    Span<byte> target = output.AppendSpan(checked(slots * width));
                    target.Clear();
                    int v = 0;
                    for (int s = 0; s < slots; s++)
                    {
                        if (nulls == 0 || IsValid(bitmap, s))
                        {
                            ReadOnlySpan<byte> bigEndian = leaf.Values.IsVariableLength
                                ? leaf.Values.GetBinary(v)
                                : source.Slice(v * leaf.Values.Width, leaf.Values.Width);
                            v++;
                            WriteDecimal(bigEndian, target.Slice(s * width, width));
                        }
                    }
                    break;
                }
            case LeafConversion.Int96ToMicros:
                {
                    Span<long> target = output.AppendSpan<long>(slots);
                    target.Clear();
                    int v = 0;
                    for (int s = 0; s < slots; s++)
                    {
                        if (nulls == 0 || IsValid(bitmap, s))
                        {
                            ReadOnlySpan<byte> raw = source.Slice(v * 12, 12);
                            v++;
                            long nanos = BinaryPrimitives.ReadInt64LittleEndian(raw);
                            long julian = BinaryPrimitives.ReadInt32LittleEndian(raw[8..]);
                            target[s] = unchecked(((julian - JulianEpochDay) * MicrosPerDay) + (nanos / 1000));
                        }
                    }
                    break;
                }
            default:
                throw new InvalidOperationException("unexpected conversion " + node.Conversion);
        }
        return output.Build();
    }

    private static void ScatterFixed(ReadOnlySpan<byte> source, Span<byte> target, ReadOnlySpan<byte> bitmap, int slots, int width)
    {
        switch (width)
        {
            case 4:
                ScatterTyped(MemoryMarshal.Cast<byte, int>(source), MemoryMarshal.Cast<byte, int>(target), bitmap, slots);
                return;
            case 8:
                ScatterTyped(MemoryMarshal.Cast<byte, long>(source), MemoryMarshal.Cast<byte, long>(target), bitmap, slots);
                return;
            default:
                int v = 0;
                for (int s = 0; s < slots; s++)
                {
                    Span<byte> slot = target.Slice(s * width, width);
                    if (IsValid(bitmap, s))
                    {
                        source.Slice(v * width, width).CopyTo(slot);
                        v++;
                    }
                    else
                    {
                        slot.Clear();
                    }
                }
                return;
        }
    }

    /// <summary>Spreads the packed non-null values over the slots (null slots zeroed); eight slots whose validity
    /// byte is all ones are one block copy.</summary>
    private static void ScatterTyped<T>(ReadOnlySpan<T> source, Span<T> target, ReadOnlySpan<byte> bitmap, int slots)
        where T : unmanaged
    {
        int v = 0;
        int s = 0;
        int fullBytes = slots >> 3;
        for (int b = 0; b < fullBytes; b++, s += 8)
        {
            byte bits = bitmap[b];
            if (bits == 0xFF)
            {
                source.Slice(v, 8).CopyTo(target.Slice(s, 8));
                v += 8;
            }
            else if (bits == 0)
            {
                target.Slice(s, 8).Clear();
            }
            else
            {
                for (int k = 0; k < 8; k++)
                {
                    target[s + k] = (bits & (1 << k)) != 0 ? source[v++] : default;
                }
            }
        }
        for (; s < slots; s++)
        {
            target[s] = IsValid(bitmap, s) ? source[v++] : default;
        }
    }

    /// <summary>Writes a big-endian two's complement integer as a little-endian, sign-extended decimal.</summary>
    private static void WriteDecimal(ReadOnlySpan<byte> bigEndian, Span<byte> target)
    {
        if (bigEndian.IsEmpty)
        {
            target.Clear();
            return;
        }
        byte sign = (bigEndian[0] & 0x80) != 0 ? (byte)0xFF : (byte)0;
        if (bigEndian.Length > target.Length)
        {
            int excess = bigEndian.Length - target.Length;
            for (int i = 0; i < excess; i++)
            {
                if (bigEndian[i] != sign)
                {
                    throw new ParquetFormatException($"decimal value of {bigEndian.Length} bytes does not fit in {target.Length} bytes");
                }
            }
            bigEndian = bigEndian[excess..];
        }
        int n = bigEndian.Length;
        for (int i = 0; i < n; i++)
        {
            target[i] = bigEndian[n - 1 - i];
        }
        target[n..].Fill(sign);
    }
}
