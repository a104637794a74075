using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Expressions;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Tests.Expressions;

/// <summary>
/// Random rows over <see cref="BinderTests.Schema"/>'s scalar columns, the same rows as an Arrow batch, random
/// predicate texts, and a reference evaluator: a direct row-by-row SQL three-valued interpretation of the bound
/// expression tree over the C# values (independent of the normal form and the vectorised evaluator).
/// </summary>
internal sealed class PredicateModel
{
    public const int Rows = 240;
    private static readonly string[] Names = ["a", "b", "c", "x'y", "Ünï", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz1", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz2", ""];

    public readonly long?[] Id = new long?[Rows];
    public readonly int?[] I = new int?[Rows];
    public readonly string?[] Name = new string?[Rows];
    public readonly int?[] D = new int?[Rows];
    public readonly long?[] Ts = new long?[Rows];
    public readonly double?[] Dbl = new double?[Rows];
    public readonly decimal?[] Dec = new decimal?[Rows];
    public readonly bool?[] Flag = new bool?[Rows];
    public readonly bool[] SValid = new bool[Rows];
    public readonly int?[] Sx = new int?[Rows];
    public readonly string?[] Sy = new string?[Rows];

    public PredicateModel(int seed)
    {
        var random = new Random(seed);
        for (int r = 0; r < Rows; r++)
        {
            bool Null() => random.Next(6) == 0;
            Id[r] = Null() ? null : random.Next(-5, 20);
            I[r] = Null() ? null : random.Next(0, 4);
            Name[r] = Null() ? null : Names[random.Next(Names.Length)];
            D[r] = Null() ? null : 19_723 + random.Next(0, 5);
            Ts[r] = Null() ? null : 1_704_067_200_000_000L + (random.Next(0, 4) * 1_000_000L) + random.Next(0, 3) * 999;
            Dbl[r] = Null() ? null : random.Next(8) switch { 0 => double.NaN, 1 => -0.0, 2 => 0.0, _ => random.Next(-3, 4) / 2.0 };
            Dec[r] = Null() ? null : random.Next(-300, 300) / 100m;
            Flag[r] = Null() ? null : random.Next(2) == 0;
            SValid[r] = random.Next(5) != 0;
            Sx[r] = SValid[r] && !Null() ? random.Next(0, 4) : null;
            Sy[r] = SValid[r] && !Null() ? Names[random.Next(3)] : null;
        }
    }

    public RecordBatch ToBatch()
    {
        var sFields = new[] { new Field("x", ArrowType.Int32, true), new Field("y", BinaryType.Utf8, true) };
        return TestArrays.Batch(
            ("id", TestArrays.Primitive(ArrowType.Int64, Id), true),
            ("i", TestArrays.Primitive(ArrowType.Int32, I), true),
            ("Name", TestArrays.String(Name), true),
            ("d", TestArrays.Primitive(ArrowType.Date32, D), true),
            ("ts", TestArrays.Primitive(new TimestampType(TimeUnit.Microsecond, "UTC"), Ts), true),
            ("dbl", TestArrays.Primitive(ArrowType.Float64, Dbl), true),
            ("dec", TestArrays.Decimal128(10, 2, Dec), true),
            ("flag", TestArrays.Boolean(Flag), true),
            ("s", TestArrays.Struct(sFields, [TestArrays.Primitive(ArrowType.Int32, Sx), TestArrays.String(Sy)], SValid), true));
    }

    private static readonly string[] Atoms =
    [
        "id > 3", "id <= -2", "id = 7", "id <> 0", "id IN (1, 2, 3)", "id NOT IN (1, NULL)", "id NOT IN (4, 5)", "id <=> 5", "id <=> NULL",
        "i = 2", "i >= 1", "i IS NULL", "i IS NOT NULL", "3 > i", "i BETWEEN 1 AND 2",
        "Name = 'b'", "name < 'c'", "Name >= 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz2'", "name > 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'", "Name <> 'x''y'", "Name IS NULL", "Name = ''", "name IN ('a', 'Ünï')", "Name <=> 'a'",
        "d = DATE '2024-01-02'", "d > '2024-01-03'", "d IN (DATE '2024-01-01', NULL)",
        "ts >= TIMESTAMP '2024-01-01 00:00:02'", "ts < TIMESTAMP '2024-01-01 00:00:01.000999'", "ts = TIMESTAMP '2024-01-01 00:00:03.001998'", "ts > TIMESTAMP '2024-01-01 00:00:03.001'",
        "dbl > 0", "dbl < 0", "dbl = 0", "dbl = 'NaN'", "dbl >= 1.5", "dbl <> -0.0", "dbl > 'NaN'", "dbl < 'NaN'",
        "dec >= 1.25", "dec < -1", "dec = 0.5",
        "flag", "flag = FALSE", "flag IS NULL",
        "s.x = 1", "s.x > 1", "s.y = 'a'", "s.y IS NULL", "s IS NULL", "s IS NOT NULL", "s.x <=> 2",
        "TRUE", "FALSE", "NULL", "id = NULL",
    ];

    public static string RandomPredicate(Random random, int depth)
    {
        if (depth == 0 || random.Next(3) == 0)
        {
            return Atoms[random.Next(Atoms.Length)];
        }
        return random.Next(4) switch
        {
            0 => $"({RandomPredicate(random, depth - 1)}) AND ({RandomPredicate(random, depth - 1)})",
            1 => $"({RandomPredicate(random, depth - 1)}) OR ({RandomPredicate(random, depth - 1)})",
            2 => $"NOT ({RandomPredicate(random, depth - 1)})",
            _ => $"{RandomPredicate(random, depth - 1)} AND NOT {Atoms[random.Next(Atoms.Length)]}",
        };
    }

    /// <summary>SQL three-valued value of the bound predicate at row <paramref name="r"/>.</summary>
    public bool? Eval(DeltaExpression e, int r)
    {
        switch (e)
        {
            case AndExpression a:
            {
                bool? l = Eval(a.Left, r), rr = Eval(a.Right, r);
                return l == false || rr == false ? false : l == true && rr == true ? true : null;
            }
            case OrExpression o:
            {
                bool? l = Eval(o.Left, r), rr = Eval(o.Right, r);
                return l == true || rr == true ? true : l == false && rr == false ? false : null;
            }
            case NotExpression n:
                return Eval(n.Operand, r) is bool b ? !b : null;
            case LiteralExpression lit:
                return lit.IsNullLiteral ? null : (bool)lit.Value!;
            case IsNullExpression isNull:
                return (Value((ColumnExpression)isNull.Operand, r) is null) != isNull.Negated;
            case InExpression inList:
            {
                object? v = Value((ColumnExpression)inList.Value, r);
                bool sawNull = v is null;
                foreach (LiteralExpression item in inList.Items)
                {
                    object? w = Normalize(item.Value);
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
                object? v = Value((ColumnExpression)c.Left, r);
                object? w = Normalize(((LiteralExpression)c.Right).Value);
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

    public object? Value(ColumnExpression column, int r)
    {
        string path = string.Join('.', column.Path);
        return path switch
        {
            "id" => Id[r],
            "i" => I[r] is int i ? (long)i : null,
            "Name" => Name[r],
            "d" => D[r] is int d ? (long)d : null,
            "ts" => Ts[r],
            "dbl" => Dbl[r],
            "dec" => Dec[r],
            "flag" => Flag[r] is bool f ? (f ? 1L : 0L) : null,
            "s" => SValid[r] ? "struct" : null,
            "s.x" => Sx[r] is int x ? (long)x : null,
            "s.y" => Sy[r],
            _ => throw new InvalidOperationException(path),
        };
    }

    private static object? Normalize(object? literal) => literal switch
    {
        null => null,
        bool b => b ? 1L : 0L,
        sbyte or short or int or long => Convert.ToInt64(literal, CultureInfo.InvariantCulture),
        float f => (double)f,
        DateOnly d => (long)(d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber),
        DateTimeOffset t => (t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10,
        _ => literal,
    };

    private static int Compare(object v, object w) => (v, w) switch
    {
        (long a, long b) => a.CompareTo(b),
        (double a, double b) => double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0,
        (decimal a, decimal b) => a.CompareTo(b),
        (string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)),
        _ => throw new InvalidOperationException($"{v.GetType()} vs {w.GetType()}"),
    };

    /// <summary>Fabricates Spark-like statistics JSON for rows [from, to): strings cut to 32 characters (the max with
    /// a tie-breaker), timestamps truncated to milliseconds, NaN left out of double bounds.</summary>
    public string Stats(int from, int to, bool tight = true)
    {
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\"numRecords\":{to - from},");
        if (!tight)
        {
            json.Append("\"tightBounds\":false,");
        }
        var min = new List<string>();
        var max = new List<string>();
        var nulls = new List<string>();
        void Column(string name, Func<int, object?> get, Func<object, string> format, Comparison<object> order, bool truncateStrings = false)
        {
            object? lo = null, hi = null;
            int nullCount = 0;
            for (int r = from; r < to; r++)
            {
                object? v = get(r);
                if (v is null)
                {
                    nullCount++;
                    continue;
                }
                if (v is double dv && double.IsNaN(dv))
                {
                    continue;
                }
                lo = lo is null || order(v, lo) < 0 ? v : lo;
                hi = hi is null || order(v, hi) > 0 ? v : hi;
            }
            nulls.Add($"\"{name}\":{(tight ? nullCount : nullCount + 1)}");
            if (lo is not null)
            {
                string loText = format(lo), hiText = format(hi!);
                if (truncateStrings && ((string)lo).Length > 32)
                {
                    loText = format(((string)lo).Substring(0, 32));
                }
                if (truncateStrings && ((string)hi!).Length > 32)
                {
                    hiText = format(string.Concat(((string)hi).AsSpan(0, 32), "\uFFFD"));
                }
                min.Add($"\"{name}\":{loText}");
                max.Add($"\"{name}\":{hiText}");
            }
        }
        static string Str(object s) => System.Text.Json.JsonSerializer.Serialize((string)s);
        static int Ord(object a, object b) => Compare(a, b);
        Column("id", r => Id[r], v => v.ToString()!, Ord);
        Column("i", r => I[r] is int i ? (long)i : null, v => v.ToString()!, Ord);
        Column("Name", r => Name[r], Str, Ord, truncateStrings: true);
        Column("d", r => D[r] is int d ? (long)d : null, v => "\"" + DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)(long)v).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"", Ord);
        Column("ts", r => Ts[r], v => "\"" + new DateTime(DateTime.UnixEpoch.Ticks + ((long)v * 10), DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "\"", Ord);
        Column("dbl", r => Dbl[r], v => ((double)v).ToString("R", CultureInfo.InvariantCulture), Ord);
        Column("dec", r => Dec[r], v => ((decimal)v).ToString(CultureInfo.InvariantCulture), Ord);
        json.Append("\"minValues\":{").Append(string.Join(',', min));
        json.Append(",\"s\":{").Append(SubStats(from, to, isMin: true)).Append("}},");
        json.Append("\"maxValues\":{").Append(string.Join(',', max));
        json.Append(",\"s\":{").Append(SubStats(from, to, isMin: false)).Append("}},");
        int sxNull = 0, syNull = 0;
        for (int r = from; r < to; r++)
        {
            sxNull += Sx[r] is null ? 1 : 0;
            syNull += Sy[r] is null ? 1 : 0;
        }
        json.Append("\"nullCount\":{").Append(string.Join(',', nulls)).Append(CultureInfo.InvariantCulture, $",\"s\":{{\"x\":{sxNull},\"y\":{syNull}}}}}}}");
        return json.ToString();
    }

    private string SubStats(int from, int to, bool isMin)
    {
        int? x = null;
        string? y = null;
        for (int r = from; r < to; r++)
        {
            if (Sx[r] is int v)
            {
                x = x is null ? v : isMin ? Math.Min(x.Value, v) : Math.Max(x.Value, v);
            }
            if (Sy[r] is string s)
            {
                y = y is null ? s : (string.CompareOrdinal(s, y) < 0) == isMin ? s : y;
            }
        }
        var parts = new List<string>();
        if (x is not null)
        {
            parts.Add($"\"x\":{x}");
        }
        if (y is not null)
        {
            parts.Add($"\"y\":{System.Text.Json.JsonSerializer.Serialize(y)}");
        }
        return string.Join(',', parts);
    }
}
