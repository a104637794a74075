using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Expressions;

/// <summary>
/// Float/double statistics in file skipping, against the row-by-row truth: random small "files" of edge values
/// (NaN, ±0, ±∞, extremes, values that are not exact in binary) get statistics written the ways real writers write
/// them (NaN left out of min/max as arrow-rs/parquet-mr/delta-rs do, with ±∞ as Kernel's strings or dropped; Spark's
/// "NaN is largest" with NaN as a string; floats printed in their shortest form), and for every predicate a file may
/// be skipped only if none of its rows satisfies it. The rules must also actually skip (the maximum for
/// <c>= value</c>, the minimum for <c>&lt;</c>/<c>&lt;=</c>/<c>=</c>).
/// </summary>
public sealed class FloatStatisticsSkippingTests
{
    private static readonly DeltaSchema Schema = DeltaSchema.Parse("""
        {"type":"struct","fields":[
          {"name":"d","type":"double","nullable":true,"metadata":{}},
          {"name":"f","type":"float","nullable":true,"metadata":{}}
        ]}
        """);

    private static readonly double[] DoubleEdges =
    [
        double.NaN, double.NegativeInfinity, -1e300, -1.5, -0.0, 0.0, double.Epsilon, 0.1, 0.5, 1.1, 2.0, 1e300, double.PositiveInfinity,
        (double)1.1f, double.MaxValue,
    ];

    private static readonly float[] FloatEdges =
    [
        float.NaN, float.NegativeInfinity, -float.MaxValue, -1.5f, -0.0f, 0.0f, float.Epsilon, 0.1f, 1.1f, 2.5f, float.MaxValue, float.PositiveInfinity,
    ];

    private enum Writer
    {
        /// <summary>NaN left out of min/max (absent when every value is NaN); ±∞ as "Infinity"/"-Infinity".</summary>
        NaNExcludedInfinityStrings,

        /// <summary>NaN left out; a non-finite bound is dropped (delta-rs writes JSON numbers only).</summary>
        NaNExcludedFiniteOnly,

        /// <summary>Spark's aggregates: NaN sorts above everything, so max is "NaN" when a NaN is present.</summary>
        SparkNaNLargest,
    }

    [Fact]
    public void No_file_with_a_matching_row_is_skipped_and_safe_rules_skip()
    {
        var random = new Random(20261122);
        List<DeltaExpression> predicates = Predicates();
        var skippedByOperator = new Dictionary<string, int>();
        int checkedPairs = 0;
        using var stats = new StatsSummarySource(ColumnMappingMode.None);
        for (int file = 0; file < 160; file++)
        {
            int rows = random.Next(1, 5);
            var d = new double?[rows];
            var f = new float?[rows];
            for (int r = 0; r < rows; r++)
            {
                d[r] = random.Next(8) == 0 ? null : DoubleEdges[random.Next(DoubleEdges.Length)];
                f[r] = random.Next(8) == 0 ? null : FloatEdges[random.Next(FloatEdges.Length)];
            }
            using RecordBatch batch = TestArrays.Batch(
                ("d", TestArrays.Primitive(ArrowType.Float64, d), true),
                ("f", TestArrays.Primitive(ArrowType.Float32, f), true));
            byte[] selection = new byte[1];
            foreach (Writer writer in Enum.GetValues<Writer>())
            {
                string json = StatsJson(d, f, writer);
                foreach (DeltaExpression expression in predicates)
                {
                    DeltaPredicate predicate = DeltaPredicate.Bind(expression, Schema);
                    int matching = predicate.Evaluate(batch, selection);
                    stats.Load(Encoding.UTF8.GetBytes(json));
                    bool mayMatch = SkippingEvaluator.MayBeTrue(predicate.Positive, stats);
                    checkedPairs++;
                    Assert.True(mayMatch || matching == 0,
                        $"file skipped although {matching} row(s) match '{predicate}': d=[{Join(d)}] f=[{Join(f)}] stats {json}");
                    if (!mayMatch)
                    {
                        string key = expression is ComparisonExpression c ? c.Operator.ToString() : expression.GetType().Name;
                        skippedByOperator[key] = skippedByOperator.GetValueOrDefault(key) + 1;
                    }
                }
            }
        }
        Assert.True(checkedPairs > 10_000);
        // The safe rules must do work: the maximum rules out "= v", the minimum "<", "<=" and "= v".
        Assert.True(skippedByOperator.GetValueOrDefault(nameof(ComparisonOperator.Equal)) > 0, "no '=' skip");
        Assert.True(skippedByOperator.GetValueOrDefault(nameof(ComparisonOperator.LessThan)) > 0, "no '<' skip");
        Assert.True(skippedByOperator.GetValueOrDefault(nameof(ComparisonOperator.LessThanOrEqual)) > 0, "no '<=' skip");
    }

    [Theory]
    // NaN-excluding stats: max 3 with a NaN row (NaN sorts above every number, so NaN > 5 holds).
    [InlineData("""{"numRecords":3,"minValues":{"d":1.0},"maxValues":{"d":3.0},"nullCount":{"d":0}}""", "d > 5", true)]
    [InlineData("""{"numRecords":3,"minValues":{"d":1.0},"maxValues":{"d":3.0},"nullCount":{"d":0}}""", "d >= 5", true)]
    [InlineData("""{"numRecords":3,"minValues":{"d":1.0},"maxValues":{"d":1.0},"nullCount":{"d":0}}""", "d <> 1", true)]
    [InlineData("""{"numRecords":3,"minValues":{"d":1.0},"maxValues":{"d":3.0},"nullCount":{"d":0}}""", "d = 5", false)]
    [InlineData("""{"numRecords":3,"minValues":{"d":1.0},"maxValues":{"d":3.0},"nullCount":{"d":0}}""", "d IN (5, 7)", false)]
    [InlineData("""{"numRecords":3,"minValues":{"d":1.0},"maxValues":{"d":3.0},"nullCount":{"d":0}}""", "d < 1", false)]
    [InlineData("""{"numRecords":3,"minValues":{"d":1.0},"maxValues":{"d":3.0},"nullCount":{"d":0}}""", "d <= 0.5", false)]
    [InlineData("""{"numRecords":3,"minValues":{"d":1.0},"maxValues":{"d":3.0},"nullCount":{"d":0}}""", "NOT (d >= 1)", false)]
    // Signed zeros compare equal: a -0.0 row matches "= 0" and "<= 0" whichever zero the stats hold.
    [InlineData("""{"numRecords":1,"minValues":{"d":0.0},"maxValues":{"d":0.0},"nullCount":{"d":0}}""", "d = -0.0", true)]
    [InlineData("""{"numRecords":1,"minValues":{"d":-0.0},"maxValues":{"d":-0.0},"nullCount":{"d":0}}""", "d >= 0", true)]
    [InlineData("""{"numRecords":1,"minValues":{"d":0.0},"maxValues":{"d":0.0},"nullCount":{"d":0}}""", "d < 0", false)]
    // Spark: NaN max (string) is unknown; a NaN min is unknown.
    [InlineData("""{"numRecords":2,"minValues":{"d":1.0},"maxValues":{"d":"NaN"},"nullCount":{"d":0}}""", "d = 5", true)]
    [InlineData("""{"numRecords":2,"minValues":{"d":"NaN"},"maxValues":{"d":"NaN"},"nullCount":{"d":0}}""", "d < 0", true)]
    // Kernel's infinity strings: min "Infinity" means every non-NaN value is +inf.
    [InlineData("""{"numRecords":2,"minValues":{"d":"Infinity"},"maxValues":{"d":"Infinity"},"nullCount":{"d":0}}""", "d < 1e308", false)]
    [InlineData("""{"numRecords":2,"minValues":{"d":"-Infinity"},"maxValues":{"d":"-Infinity"},"nullCount":{"d":0}}""", "d = 0", false)]
    [InlineData("""{"numRecords":2,"minValues":{"d":"-Infinity"},"maxValues":{"d":"-Infinity"},"nullCount":{"d":0}}""", "d > 0", true)]
    // Floats printed in shortest form: "1.1" is 1.1f (1.100000023841858), above the double 1.1; "f = 1.1" compares
    // the float widened to double with the double 1.1 (as Spark does), which no 1.1f row satisfies.
    [InlineData("""{"numRecords":1,"minValues":{"f":1.1},"maxValues":{"f":1.1},"nullCount":{"f":0}}""", "f = 1.100000023841858", true)]
    [InlineData("""{"numRecords":1,"minValues":{"f":1.1},"maxValues":{"f":1.1},"nullCount":{"f":0}}""", "f >= 1.100000023841858", true)]
    [InlineData("""{"numRecords":1,"minValues":{"f":1.1},"maxValues":{"f":1.1},"nullCount":{"f":0}}""", "f <= 1.100000023841858", true)]
    [InlineData("""{"numRecords":1,"minValues":{"f":1.1},"maxValues":{"f":1.1},"nullCount":{"f":0}}""", "f = 1.2", false)]
    // A double column whose stats were written as a float before type widening: "1.1" may stand for 1.1f.
    [InlineData("""{"numRecords":1,"minValues":{"d":1.1},"maxValues":{"d":1.1},"nullCount":{"d":0}}""", "d = 1.100000023841858", true)]
    public void Edge_rules(string stats, string where, bool mayMatch)
    {
        using var source = new StatsSummarySource(ColumnMappingMode.None);
        source.Load(Encoding.UTF8.GetBytes(stats));
        DeltaPredicate predicate = DeltaPredicate.Parse(where, Schema);
        Assert.Equal(mayMatch, SkippingEvaluator.MayBeTrue(predicate.Positive, source));
    }

    private static List<DeltaExpression> Predicates()
    {
        var result = new List<DeltaExpression>();
        ComparisonOperator[] operators =
        [
            ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.LessThan, ComparisonOperator.LessThanOrEqual,
            ComparisonOperator.GreaterThan, ComparisonOperator.GreaterThanOrEqual, ComparisonOperator.NullSafeEqual,
        ];
        foreach (ComparisonOperator op in operators)
        {
            foreach (double value in DoubleEdges)
            {
                result.Add(DeltaExpression.Compare(DeltaExpression.Column("d"), op, LiteralExpression.Double(value)));
            }
            foreach (float value in FloatEdges)
            {
                result.Add(DeltaExpression.Compare(DeltaExpression.Column("f"), op, LiteralExpression.Float(value)));
            }
        }
        result.Add(DeltaExpression.In(DeltaExpression.Column("d"), [LiteralExpression.Double(double.NaN), LiteralExpression.Double(-1.5)]));
        result.Add(DeltaExpression.In(DeltaExpression.Column("d"), [LiteralExpression.Double(0.5), LiteralExpression.Double(2.0)]));
        result.Add(DeltaExpression.Not(DeltaExpression.Compare(DeltaExpression.Column("d"), ComparisonOperator.LessThanOrEqual, LiteralExpression.Double(0.0))));
        result.Add(DeltaExpression.Not(DeltaExpression.Compare(DeltaExpression.Column("f"), ComparisonOperator.GreaterThan, LiteralExpression.Float(1.1f))));
        result.Add(DeltaExpression.Or(
            DeltaExpression.Compare(DeltaExpression.Column("d"), ComparisonOperator.GreaterThan, LiteralExpression.Double(1e300)),
            DeltaExpression.Compare(DeltaExpression.Column("f"), ComparisonOperator.Equal, LiteralExpression.Float(float.NaN))));
        result.Add(DeltaExpression.And(
            DeltaExpression.Compare(DeltaExpression.Column("d"), ComparisonOperator.GreaterThanOrEqual, LiteralExpression.Double(-0.0)),
            DeltaExpression.Compare(DeltaExpression.Column("f"), ComparisonOperator.LessThan, LiteralExpression.Float(0.0f))));
        return result;
    }

    private static string StatsJson(double?[] d, float?[] f, Writer writer)
    {
        var min = new List<string>();
        var max = new List<string>();
        Add("d", d.Where(v => v is not null).Select(v => v!.Value).ToList(), v => v.ToString("R", CultureInfo.InvariantCulture));
        Add("f", f.Where(v => v is not null).Select(v => (double)v!.Value).ToList(), v => ((float)v).ToString("R", CultureInfo.InvariantCulture));
        int dNulls = d.Count(v => v is null);
        int fNulls = f.Count(v => v is null);
        return $"{{\"numRecords\":{d.Length},\"minValues\":{{{string.Join(",", min)}}},\"maxValues\":{{{string.Join(",", max)}}},\"nullCount\":{{\"d\":{dNulls},\"f\":{fNulls}}}}}";

        void Add(string name, List<double> values, Func<double, string> format)
        {
            if (values.Count == 0)
            {
                return;
            }
            double? lo;
            double? hi;
            if (writer == Writer.SparkNaNLargest)
            {
                // NaN is the largest value and equal to itself.
                lo = values.Any(v => !double.IsNaN(v)) ? values.Where(v => !double.IsNaN(v)).Min() : double.NaN;
                hi = values.Any(double.IsNaN) ? double.NaN : values.Max();
            }
            else
            {
                List<double> numbers = values.Where(v => !double.IsNaN(v)).ToList();
                lo = numbers.Count == 0 ? null : numbers.Min();
                hi = numbers.Count == 0 ? null : numbers.Max();
            }
            if (Render(lo) is string low)
            {
                min.Add($"\"{name}\":{low}");
            }
            if (Render(hi) is string high)
            {
                max.Add($"\"{name}\":{high}");
            }

            string? Render(double? value)
            {
                if (value is not double v)
                {
                    return null;
                }
                if (double.IsNaN(v))
                {
                    return "\"NaN\"";
                }
                if (double.IsInfinity(v))
                {
                    return writer == Writer.NaNExcludedFiniteOnly ? null : v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
                }
                string text = format(v);
                return text.Contains('E', StringComparison.Ordinal) || text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
            }
        }
    }

    private static string Join<T>(T?[] values) where T : struct => string.Join(", ", values.Select(v => v?.ToString() ?? "null"));
}
