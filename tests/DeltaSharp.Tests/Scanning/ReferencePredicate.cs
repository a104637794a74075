using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Expressions;

namespace DeltaSharp.Tests.Scanning;

/// <summary>
/// A deliberately naive reference: SQL three-valued interpretation of a bound predicate, row by row, over values
/// read one at a time from Arrow arrays through their typed indexers. Independent of the engine's normal form,
/// vectorised evaluator and skipping.
/// </summary>
internal static class ReferencePredicate
{
    public static bool? Eval(DeltaExpression e, RecordBatch batch, int row)
    {
        switch (e)
        {
            case AndExpression a:
            {
                bool? l = Eval(a.Left, batch, row), r = Eval(a.Right, batch, row);
                return l == false || r == false ? false : l == true && r == true ? true : null;
            }
            case OrExpression o:
            {
                bool? l = Eval(o.Left, batch, row), r = Eval(o.Right, batch, row);
                return l == true || r == true ? true : l == false && r == false ? false : null;
            }
            case NotExpression n:
                return Eval(n.Operand, batch, row) is bool b ? !b : null;
            case LiteralExpression lit:
                return lit.IsNullLiteral ? null : (bool)lit.Value!;
            case IsNullExpression isNull:
                return (Value(batch, (ColumnExpression)isNull.Operand, row) is null) != isNull.Negated;
            case InExpression inList:
            {
                object? v = Value(batch, (ColumnExpression)inList.Value, row);
                bool sawNull = v is null;
                foreach (LiteralExpression item in inList.Items)
                {
                    object? w = NormalizeLiteral(item);
                    if (w is null)
                    {
                        sawNull = true;
                    }
                    else if (v is not null && Compare(v, w) == 0)
                    {
                        return true;
                    }
                }
                return sawNull ? null : false;
            }
            case ComparisonExpression c:
            {
                object? v = Value(batch, (ColumnExpression)c.Left, row);
                object? w = NormalizeLiteral((LiteralExpression)c.Right);
                if (c.Operator == ComparisonOperator.NullSafeEqual)
                {
                    return v is null || w is null ? v is null && w is null : Compare(v, w) == 0;
                }
                if (v is null || w is null)
                {
                    return null;
                }
                int cmp = Compare(v, w);
                return c.Operator switch
                {
                    ComparisonOperator.Equal => cmp == 0,
                    ComparisonOperator.NotEqual => cmp != 0,
                    ComparisonOperator.LessThan => cmp < 0,
                    ComparisonOperator.LessThanOrEqual => cmp <= 0,
                    ComparisonOperator.GreaterThan => cmp > 0,
                    _ => cmp >= 0,
                };
            }
            default:
                throw new InvalidOperationException(e.ToString());
        }
    }

    /// <summary>The value at <paramref name="row"/> of the column, normalized for comparison; null when it or a parent is null.</summary>
    public static object? Value(RecordBatch batch, ColumnExpression column, int row)
    {
        ArrowArray array = FindColumn(batch, column.Path[0]);
        int slot = row;
        for (int level = 1; level < column.Path.Count; level++)
        {
            if (array.IsNull(slot))
            {
                return null;
            }
            var parent = (StructArray)array;
            slot = parent.GetFieldSlot(slot);
            array = parent.GetField(FieldIndex(parent, column.Path[level]));
        }
        return array.IsNull(slot) ? null : Read(array, slot);
    }

    public static object Read(ArrowArray array, int slot) => array switch
    {
        PrimitiveArray<sbyte> a => (long)a.GetValue(slot),
        PrimitiveArray<short> a => (long)a.GetValue(slot),
        PrimitiveArray<int> a => (long)a.GetValue(slot),
        PrimitiveArray<long> a => a.GetValue(slot),
        PrimitiveArray<float> a => (double)a.GetValue(slot),
        PrimitiveArray<double> a => a.GetValue(slot),
        BooleanArray a => a.GetValue(slot) ? 1L : 0L,
        DecimalArray a => new Dec(a.GetUnscaled(slot), a.DecimalType.Scale),
        BinaryArray a => a.GetBytes(slot).ToArray(),
        _ => throw new InvalidOperationException($"no reference for {array.Type}"),
    };

    private static ArrowArray FindColumn(RecordBatch batch, string name)
    {
        for (int i = 0; i < batch.ColumnCount; i++)
        {
            if (string.Equals(batch.Schema.Fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return batch.Column(i);
            }
        }
        throw new InvalidOperationException(name);
    }

    private static int FieldIndex(StructArray parent, string name)
    {
        for (int i = 0; i < parent.StructType.Fields.Count; i++)
        {
            if (string.Equals(parent.StructType.Fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new InvalidOperationException(name);
    }

    private static object? NormalizeLiteral(LiteralExpression literal) =>
        literal.Type is DeltaSharp.Schema.DeltaDecimalType && literal.Value is string text ? ParseDec(text) : Normalize(literal.Value);

    private static object? Normalize(object? literal) => literal switch
    {
        null => null,
        bool b => b ? 1L : 0L,
        sbyte or short or int or long => Convert.ToInt64(literal, CultureInfo.InvariantCulture),
        float f => (double)f,
        double d => d,
        decimal m => new Dec(new BigInteger(m * Pow10(m.Scale)), m.Scale),
        string s when literal is string => Encoding.UTF8.GetBytes(s),
        byte[] bytes => bytes,
        DateOnly d => (long)(d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber),
        DateTimeOffset t => (t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10,
        DateTime t => (t.Ticks - DateTime.UnixEpoch.Ticks) / 10,
        _ => throw new InvalidOperationException(literal.GetType().ToString()),
    };

    private static decimal Pow10(int scale)
    {
        decimal p = 1;
        for (int i = 0; i < scale; i++)
        {
            p *= 10;
        }
        return p;
    }

    private static int Compare(object v, object w) => (v, w) switch
    {
        (long a, long b) => a.CompareTo(b),
        (double a, double b) => double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0,
        (Dec a, Dec b) => (a.Unscaled * BigInteger.Pow(10, Math.Max(0, b.Scale - a.Scale))).CompareTo(b.Unscaled * BigInteger.Pow(10, Math.Max(0, a.Scale - b.Scale))),
        (byte[] a, byte[] b) => Math.Sign(a.AsSpan().SequenceCompareTo(b)),
        _ => throw new InvalidOperationException($"{v.GetType()} vs {w.GetType()}"),
    };

    /// <summary>A literal for a normalized value of a column of Arrow type <paramref name="type"/>.</summary>
    public static LiteralExpression? Literal(object value, ArrowType type) => (type, value) switch
    {
        (TimestampType { TimeZone: not null }, long micros) => LiteralExpression.Timestamp(new DateTimeOffset(DateTime.UnixEpoch.Ticks + (micros * 10), TimeSpan.Zero)),
        (TimestampType, long micros) => LiteralExpression.TimestampNtz(new DateTime(DateTime.UnixEpoch.Ticks + (micros * 10))),
        (_, long days) when type.TypeId == ArrowTypeId.Date32 => LiteralExpression.Date(DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)days)),
        (_, long l) when type.TypeId == ArrowTypeId.Boolean => LiteralExpression.Boolean(l != 0),
        (_, long l) => LiteralExpression.Long(l),
        (_, double d) => LiteralExpression.Double(d),
        (DecimalType t, Dec d) => LiteralExpression.Decimal((Int128)d.Unscaled, t.Precision, d.Scale),
        (BinaryType { IsUtf8: true }, byte[] bytes) => LiteralExpression.String(Encoding.UTF8.GetString(bytes)),
        (BinaryType, byte[] bytes) => LiteralExpression.Binary(bytes),
        _ => null,
    };

    /// <summary>A decimal value: unscaled and scale.</summary>
    internal sealed record Dec(BigInteger Unscaled, int Scale);

    private static Dec ParseDec(string s)
    {
        int dot = s.IndexOf('.', StringComparison.Ordinal);
        return new Dec(BigInteger.Parse(s.Replace(".", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture), s.Length - dot - 1);
    }

    public static List<(string Path, ArrowType Type)> ScalarColumns(Arrow.Schema schema)
    {
        var result = new List<(string, ArrowType)>();
        foreach (Field field in schema.Fields)
        {
            Add(field, new ColumnExpression(new[] { field.Name }).Name, result, 0);
        }
        return result;
    }

    private static void Add(Field field, string path, List<(string, ArrowType)> result, int depth)
    {
        switch (field.DataType)
        {
            case StructType s when depth < 2:
                foreach (Field child in s.Fields)
                {
                    Add(child, path + "." + new ColumnExpression(new[] { child.Name }).Name, result, depth + 1);
                }
                break;
            case IntegerType or FloatingPointType or BooleanType or DecimalType or TimestampType or BinaryType:
                result.Add((path, field.DataType));
                break;
            default:
                if (field.DataType.TypeId == ArrowTypeId.Date32)
                {
                    result.Add((path, field.DataType));
                }
                break;
        }
    }
}
