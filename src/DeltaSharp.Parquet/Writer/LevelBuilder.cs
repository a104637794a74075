using System;
using System.Buffers.Binary;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// Computes Dremel definition and repetition levels of one leaf from Arrow validity bitmaps and offsets, and the
/// slots of the leaf's non-null values. Flat leaves take a bulk path; nested leaves walk each row. Pure apart
/// from filling the given <see cref="LevelBuffers"/>.
/// </summary>
internal static class LevelBuilder
{
    public static void Build(LeafColumnPlan plan, ArrayData column, LevelBuffers output)
    {
        output.Reset();
        if (plan.Nodes.Length == 1 && !plan.IsArrowDictionary)
        {
            BuildFlat(plan, column, output);
            return;
        }
        output.ValuesArray = FindValuesArray(plan, column);
        for (int row = 0; row < column.Length; row++)
        {
            Emit(plan, 0, column, row, 0, 0, output);
        }
    }

    /// <summary>Levels of the selected rows (logical indices into <paramref name="column"/>), in selection order.</summary>
    public static void Build(LeafColumnPlan plan, ArrayData column, ReadOnlySpan<int> rows, LevelBuffers output)
    {
        output.Reset();
        output.ValuesArray = FindValuesArray(plan, column);
        foreach (int row in rows)
        {
            if ((uint)row >= (uint)column.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {row} is outside a batch of {column.Length} rows.");
            }
            Emit(plan, 0, column, row, 0, 0, output);
        }
    }

    private static ArrayData FindValuesArray(LeafColumnPlan plan, ArrayData column)
    {
        ArrayData current = column;
        foreach (LevelNode node in plan.Nodes)
        {
            switch (node.Kind)
            {
                case LevelNodeKind.Struct:
                    current = current.Children[node.ChildIndex];
                    break;
                case LevelNodeKind.Leaf:
                    return plan.IsArrowDictionary
                        ? current.Dictionary ?? throw new ArgumentException($"Column '{plan.DisplayPath}': dictionary array without its dictionary.")
                        : current;
                default:
                    current = current.Children[0];
                    break;
            }
        }
        return current;
    }

    private static void BuildFlat(LeafColumnPlan plan, ArrayData column, LevelBuffers output)
    {
        output.ValuesArray = column;
        int length = column.Length;
        int offset = column.Offset;
        bool nullable = plan.Nodes[0].Nullable;
        output.EnsureCapacity(length, length);
        Span<short> def = output.DefinitionTail(length);
        output.RepetitionTail(length).Clear();
        Span<int> values = output.ValuesTail(length);
        if (column.Type.TypeId == ArrowTypeId.Null)
        {
            def.Clear();
            output.CommitBulk(length, 0);
            return;
        }
        ArrowBuffer? validity = column.ValidityBuffer;
        if (validity is null || column.NullCount == 0)
        {
            def.Fill(nullable ? (short)1 : (short)0);
            for (int i = 0; i < length; i++)
            {
                values[i] = offset + i;
            }
            output.CommitBulk(length, length);
            return;
        }
        if (!nullable)
        {
            throw new ArgumentException($"Column '{plan.DisplayPath}' is not nullable but its array has {column.NullCount} nulls.");
        }
        ReadOnlySpan<byte> bits = validity.Span;
        int count = 0;
        for (int i = 0; i < length; i++)
        {
            int abs = offset + i;
            bool valid = (bits[abs >> 3] & (1 << (abs & 7))) != 0;
            def[i] = valid ? (short)1 : (short)0;
            values[count] = abs;
            count += valid ? 1 : 0;
        }
        output.CommitBulk(length, count);
    }

    private static bool IsValid(ArrayData array, int abs)
    {
        if (array.Type.TypeId == ArrowTypeId.Null)
        {
            return false;
        }
        ArrowBuffer? validity = array.ValidityBuffer;
        return validity is null || BitUtility.GetBit(validity.Span, abs);
    }

    private static void Emit(LeafColumnPlan plan, int depth, ArrayData array, int logical, short def, short rep, LevelBuffers output)
    {
        LevelNode node = plan.Nodes[depth];
        int abs = array.Offset + logical;
        if (!IsValid(array, abs))
        {
            if (!node.Nullable)
            {
                throw new ArgumentException($"Column '{plan.DisplayPath}': a non-nullable level holds a null.");
            }
            output.AddLevel(def, rep);
            return;
        }
        if (node.Nullable)
        {
            def++;
        }
        switch (node.Kind)
        {
            case LevelNodeKind.Leaf:
                if (plan.IsArrowDictionary)
                {
                    ArrayData dictionary = output.ValuesArray!;
                    long key = ReadIndex(array, abs);
                    if ((ulong)key >= (ulong)dictionary.Length)
                    {
                        throw new ArgumentException($"Column '{plan.DisplayPath}': dictionary index {key} is outside a dictionary of {dictionary.Length} values.");
                    }
                    int dictAbs = dictionary.Offset + (int)key;
                    if (!IsValid(dictionary, dictAbs))
                    {
                        if (!node.Nullable)
                        {
                            throw new ArgumentException($"Column '{plan.DisplayPath}': a non-nullable column references a null dictionary value.");
                        }
                        output.AddLevel((short)(def - 1), rep);
                        return;
                    }
                    output.AddLevel(def, rep);
                    output.AddValue(dictAbs);
                    return;
                }
                output.AddLevel(def, rep);
                output.AddValue(abs);
                return;
            case LevelNodeKind.Struct:
                Emit(plan, depth + 1, array.Children[node.ChildIndex], abs, def, rep, output);
                return;
            default:
            {
                long start;
                long end;
                switch (node.Kind)
                {
                    case LevelNodeKind.LargeList:
                    {
                        ReadOnlySpan<byte> offsets = array.GetBuffer(1).Span;
                        start = BinaryPrimitives.ReadInt64LittleEndian(offsets[(abs * 8)..]);
                        end = BinaryPrimitives.ReadInt64LittleEndian(offsets[((abs + 1) * 8)..]);
                        break;
                    }
                    case LevelNodeKind.FixedSizeList:
                        start = (long)abs * node.FixedSize;
                        end = start + node.FixedSize;
                        break;
                    default:
                    {
                        ReadOnlySpan<byte> offsets = array.GetBuffer(1).Span;
                        start = BinaryPrimitives.ReadInt32LittleEndian(offsets[(abs * 4)..]);
                        end = BinaryPrimitives.ReadInt32LittleEndian(offsets[((abs + 1) * 4)..]);
                        break;
                    }
                }
                if (end <= start)
                {
                    output.AddLevel(def, rep);
                    return;
                }
                ArrayData child = array.Children[0];
                if (end > child.Length)
                {
                    throw new ArgumentException($"Column '{plan.DisplayPath}': list offsets [{start}, {end}) exceed the child array length {child.Length}.");
                }
                short childDef = (short)(def + 1);
                for (long k = start; k < end; k++)
                {
                    Emit(plan, depth + 1, child, (int)k, childDef, k == start ? rep : node.RepetitionLevel, output);
                }
                return;
            }
        }
    }

    private static long ReadIndex(ArrayData array, int abs)
    {
        ReadOnlySpan<byte> data = array.GetBuffer(1).Span;
        var type = (DictionaryType)array.Type;
        return (type.IndexType.BitWidth, type.IndexType.IsSigned) switch
        {
            (8, true) => (sbyte)data[abs],
            (8, false) => data[abs],
            (16, true) => BinaryPrimitives.ReadInt16LittleEndian(data[(abs * 2)..]),
            (16, false) => BinaryPrimitives.ReadUInt16LittleEndian(data[(abs * 2)..]),
            (32, true) => BinaryPrimitives.ReadInt32LittleEndian(data[(abs * 4)..]),
            (32, false) => BinaryPrimitives.ReadUInt32LittleEndian(data[(abs * 4)..]),
            _ => BinaryPrimitives.ReadInt64LittleEndian(data[(abs * 8)..]),
        };
    }
}
