using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

/// <summary>
/// Evaluates a normalized predicate over a record batch column by column into a selection bitmap (bit i set when
/// row i is TRUE). Leaves run one typed loop over the column's values; AND/OR combine bitmaps 64 bits at a time.
/// Scratch bitmaps are pooled; nothing is allocated per value. Columns are found by logical name (top level in the
/// batch schema, then struct fields), case-insensitively.
/// </summary>
internal static class BatchPredicateEvaluator
{
    public static int Evaluate(PredicateNode node, RecordBatch batch, Span<byte> selection)
    {
        int n = batch.Length;
        int bytes = BitUtility.BytesForBits(n);
        if (selection.Length < bytes)
        {
            throw new ArgumentException($"The selection needs {bytes} bytes for {n} rows.", nameof(selection));
        }
        Span<byte> result = selection.Slice(0, bytes);
        Eval(node, batch, n, result);
        return BitUtility.CountSetBits(result, 0, n);
    }

    private static void Eval(PredicateNode node, RecordBatch batch, int n, Span<byte> result)
    {
        switch (node)
        {
            case ConstantNode constant:
                result.Fill(constant.Value ? (byte)0xFF : (byte)0);
                ClearTail(result, n);
                return;
            case LeafNode leaf:
                EvalLeaf(leaf, batch, n, result);
                return;
            case AndNode or OrNode:
            {
                bool isAnd = node is AndNode;
                PredicateNode[] children = isAnd ? ((AndNode)node).Children : ((OrNode)node).Children;
                Eval(children[0], batch, n, result);
                byte[] scratch = ArrayPool<byte>.Shared.Rent(result.Length);
                try
                {
                    Span<byte> other = scratch.AsSpan(0, result.Length);
                    for (int c = 1; c < children.Length; c++)
                    {
                        Eval(children[c], batch, n, other);
                        if (isAnd)
                        {
                            AndInto(result, other);
                        }
                        else
                        {
                            OrInto(result, other);
                        }
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
                return;
            }
            default:
                throw new InvalidOperationException("Unknown predicate node.");
        }
    }

    private static void AndInto(Span<byte> target, ReadOnlySpan<byte> other)
    {
        int words = target.Length / 8;
        Span<ulong> t = MemoryMarshal.Cast<byte, ulong>(target.Slice(0, words * 8));
        ReadOnlySpan<ulong> o = MemoryMarshal.Cast<byte, ulong>(other.Slice(0, words * 8));
        for (int i = 0; i < t.Length; i++)
        {
            t[i] &= o[i];
        }
        for (int i = words * 8; i < target.Length; i++)
        {
            target[i] &= other[i];
        }
    }

    private static void OrInto(Span<byte> target, ReadOnlySpan<byte> other)
    {
        int words = target.Length / 8;
        Span<ulong> t = MemoryMarshal.Cast<byte, ulong>(target.Slice(0, words * 8));
        ReadOnlySpan<ulong> o = MemoryMarshal.Cast<byte, ulong>(other.Slice(0, words * 8));
        for (int i = 0; i < t.Length; i++)
        {
            t[i] |= o[i];
        }
        for (int i = words * 8; i < target.Length; i++)
        {
            target[i] |= other[i];
        }
    }

    private static void ClearTail(Span<byte> bitmap, int n)
    {
        if ((n & 7) != 0 && bitmap.Length > 0)
        {
            bitmap[n >> 3] &= (byte)((1 << (n & 7)) - 1);
        }
    }

    private static void EvalLeaf(LeafNode leaf, RecordBatch batch, int n, Span<byte> result)
    {
        result.Clear();
        DeltaStructField[] path = leaf.Path;
        ArrowArray array = FindTopLevel(batch, path[0].Name);
        byte[] validScratch = ArrayPool<byte>.Shared.Rent(result.Length);
        try
        {
            Span<byte> valid = validScratch.AsSpan(0, result.Length);
            valid.Fill(0xFF);
            bool anyNull = AndValidity(valid, array, 0, n);
            int shift = 0;
            for (int level = 1; level < path.Length; level++)
            {
                var parent = array as StructArray ?? throw new DeltaException($"Column {string.Join('.', path, 0, level)} is not a struct in the batch.");
                shift += parent.Data.Offset;
                array = FindField(parent, path[level].Name);
                anyNull |= AndValidity(valid, array, shift, n);
            }
            ClearTail(valid, n);
            if (leaf.Operator is LeafOperator.IsNull or LeafOperator.IsNotNull)
            {
                valid.CopyTo(result);
                if (leaf.Operator == LeafOperator.IsNull)
                {
                    for (int i = 0; i < result.Length; i++)
                    {
                        result[i] = (byte)~result[i];
                    }
                    ClearTail(result, n);
                }
                return;
            }
            ReadOnlySpan<byte> validity = anyNull ? valid : ReadOnlySpan<byte>.Empty;
            Compare(leaf, array, shift, n, validity, result);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(validScratch);
        }
    }

    /// <summary>ANDs the validity of <paramref name="array"/> slots [shift, shift+n) into <paramref name="valid"/>;
    /// returns whether any of them is null.</summary>
    private static bool AndValidity(Span<byte> valid, ArrowArray array, int shift, int n)
    {
        if (array.NullCount == 0 || array.Data.ValidityBuffer is null)
        {
            if (array.Type.TypeId == ArrowTypeId.Null)
            {
                valid.Clear();
                return true;
            }
            return false;
        }
        byte[] scratch = ArrayPool<byte>.Shared.Rent(valid.Length);
        try
        {
            Span<byte> bits = scratch.AsSpan(0, valid.Length);
            BitUtility.CopyBits(array.ValidityBitmap, array.Data.Offset + shift, bits, 0, n);
            AndInto(valid, bits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
        return true;
    }

    internal static ArrowArray FindTopLevel(RecordBatch batch, string name)
    {
        var fields = batch.Schema.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.Ordinal))
            {
                return batch.Column(i);
            }
        }
        for (int i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return batch.Column(i);
            }
        }
        throw new ArgumentException($"The batch has no column '{name}' that the predicate needs.", nameof(batch));
    }

    private static ArrowArray FindField(StructArray parent, string name)
    {
        var fields = parent.StructType.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return parent.GetField(i);
            }
        }
        throw new ArgumentException($"The batch's struct has no field '{name}' that the predicate needs.");
    }

    private static void Compare(LeafNode leaf, ArrowArray array, int shift, int n, ReadOnlySpan<byte> valid, Span<byte> result)
    {
        LiteralExpression literal = leaf.Literal!;
        LeafOperator op = leaf.Operator;
        switch (array)
        {
            case PrimitiveArray<sbyte> a:
                CompareIntegers(a.Values, literal.LongValue, op, shift, n, valid, result);
                break;
            case PrimitiveArray<short> a:
                CompareIntegers(a.Values, literal.LongValue, op, shift, n, valid, result);
                break;
            case PrimitiveArray<int> a:
                CompareIntegers(a.Values, literal.LongValue, op, shift, n, valid, result);
                break;
            case PrimitiveArray<long> a:
                CompareIntegers(a.Values, literal.LongValue, op, shift, n, valid, result);
                break;
            case PrimitiveArray<float> a:
            {
                ReadOnlySpan<float> values = a.Values;
                double lit = literal.DoubleValue;
                for (int i = 0; i < n; i++)
                {
                    if (IsValid(valid, i) && LeafNode.Satisfies(op, LeafNode.CompareDouble(values[i + shift], lit)))
                    {
                        Set(result, i);
                    }
                }
                break;
            }
            case PrimitiveArray<double> a:
            {
                ReadOnlySpan<double> values = a.Values;
                double lit = literal.DoubleValue;
                for (int i = 0; i < n; i++)
                {
                    if (IsValid(valid, i) && LeafNode.Satisfies(op, LeafNode.CompareDouble(values[i + shift], lit)))
                    {
                        Set(result, i);
                    }
                }
                break;
            }
            case DecimalArray a when leaf.Type is DeltaDecimalType decimalType && a.DecimalType.Scale == decimalType.Scale:
            {
                Int128 lit = literal.Unscaled;
                for (int i = 0; i < n; i++)
                {
                    if (IsValid(valid, i) && LeafNode.Satisfies(op, a.GetUnscaledInt128(i + shift).CompareTo(lit)))
                    {
                        Set(result, i);
                    }
                }
                break;
            }
            case BinaryArray a:
            {
                ReadOnlySpan<byte> lit = literal.Bytes;
                for (int i = 0; i < n; i++)
                {
                    if (IsValid(valid, i) && LeafNode.Satisfies(op, LeafNode.CompareBytes(a.GetBytes(i + shift), lit)))
                    {
                        Set(result, i);
                    }
                }
                break;
            }
            case BinaryViewArray a:
            {
                ReadOnlySpan<byte> lit = literal.Bytes;
                for (int i = 0; i < n; i++)
                {
                    if (IsValid(valid, i) && LeafNode.Satisfies(op, LeafNode.CompareBytes(a.GetBytes(i + shift), lit)))
                    {
                        Set(result, i);
                    }
                }
                break;
            }
            case BooleanArray a:
            {
                long lit = literal.LongValue;
                for (int i = 0; i < n; i++)
                {
                    if (IsValid(valid, i) && LeafNode.Satisfies(op, (a.GetValue(i + shift) ? 1L : 0L).CompareTo(lit)))
                    {
                        Set(result, i);
                    }
                }
                break;
            }
            case NullArray:
                break;
            default:
                throw new DeltaException($"Cannot evaluate a comparison on column {leaf.Path[^1].Name}: the batch holds {array.Type} for a column of type {leaf.Type}.");
        }
    }

    private static void CompareIntegers<T>(ReadOnlySpan<T> values, long literal, LeafOperator op, int shift, int n, ReadOnlySpan<byte> valid, Span<byte> result)
        where T : struct, IBinaryInteger<T>
    {
        values = values.Slice(shift, n);
        switch (op)
        {
            case LeafOperator.Equal:
                for (int i = 0; i < values.Length; i++)
                {
                    if (long.CreateTruncating(values[i]) == literal)
                    {
                        Set(result, i);
                    }
                }
                break;
            case LeafOperator.NotEqual:
                for (int i = 0; i < values.Length; i++)
                {
                    if (long.CreateTruncating(values[i]) != literal)
                    {
                        Set(result, i);
                    }
                }
                break;
            case LeafOperator.LessThan:
                for (int i = 0; i < values.Length; i++)
                {
                    if (long.CreateTruncating(values[i]) < literal)
                    {
                        Set(result, i);
                    }
                }
                break;
            case LeafOperator.LessThanOrEqual:
                for (int i = 0; i < values.Length; i++)
                {
                    if (long.CreateTruncating(values[i]) <= literal)
                    {
                        Set(result, i);
                    }
                }
                break;
            case LeafOperator.GreaterThan:
                for (int i = 0; i < values.Length; i++)
                {
                    if (long.CreateTruncating(values[i]) > literal)
                    {
                        Set(result, i);
                    }
                }
                break;
            default:
                for (int i = 0; i < values.Length; i++)
                {
                    if (long.CreateTruncating(values[i]) >= literal)
                    {
                        Set(result, i);
                    }
                }
                break;
        }
        if (!valid.IsEmpty)
        {
            AndInto(result, valid);
        }
    }

    private static bool IsValid(ReadOnlySpan<byte> valid, int i) => valid.IsEmpty || (valid[i >> 3] & (1 << (i & 7))) != 0;

    private static void Set(Span<byte> result, int i) => result[i >> 3] |= (byte)(1 << (i & 7));
}
