using System;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Arrow;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Expressions;

/// <summary>Row filtering, partition pruning and statistics skipping checked against the reference interpretation
/// in <see cref="PredicateModel"/> over hundreds of random predicates.</summary>
public sealed class EvaluatorTests : LeakCheckedTest
{
    private const int Predicates = 600;

    [Fact]
    public void VectorisedEvaluationEqualsReferenceThreeValuedLogic()
    {
        var model = new PredicateModel(11);
        using RecordBatch batch = model.ToBatch();
        var random = new Random(5);
        byte[] selection = new byte[(PredicateModel.Rows + 7) / 8];
        int nonTrivial = 0;
        for (int p = 0; p < Predicates; p++)
        {
            string text = PredicateModel.RandomPredicate(random, 3);
            DeltaPredicate predicate = DeltaPredicate.Parse(text, BinderTests.Schema);
            int count = predicate.Evaluate(batch, selection);
            int expected = 0;
            for (int r = 0; r < PredicateModel.Rows; r++)
            {
                bool want = model.Eval(predicate.Expression, r) == true;
                expected += want ? 1 : 0;
                bool got = (selection[r >> 3] & (1 << (r & 7))) != 0;
                Assert.True(want == got, $"row {r} of '{text}' (bound '{predicate}'): expected {want}, got {got}");
            }
            Assert.Equal(expected, count);
            nonTrivial += expected > 0 && expected < PredicateModel.Rows ? 1 : 0;
        }
        Assert.True(nonTrivial > Predicates / 3, $"only {nonTrivial} predicates split the rows");
    }

    [Fact]
    public void FilterReturnsExactlyTheMatchingRowsOnSlicedInput()
    {
        var model = new PredicateModel(3);
        using RecordBatch full = model.ToBatch();
        using RecordBatch batch = full.Slice(13, 200);
        DeltaPredicate predicate = DeltaPredicate.Parse("s.x >= 1 AND (Name IS NOT NULL OR id > 3)", BinderTests.Schema);
        using RecordBatch filtered = predicate.Filter(batch, Allocator);
        var expectedIds = new List<long?>();
        for (int r = 13; r < 213; r++)
        {
            if (model.Eval(predicate.Expression, r) == true)
            {
                expectedIds.Add(model.Id[r]);
            }
        }
        Assert.Equal(expectedIds.Count, filtered.Length);
        var ids = (PrimitiveArray<long>)filtered.Column("id");
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.Equal(expectedIds[i], ids[i]);
        }
    }

    [Fact]
    public void StatisticsSkippingNeverSkipsAFileWithAMatchingRow()
    {
        var model = new PredicateModel(7);
        var random = new Random(9);
        int skipped = 0, checkedFiles = 0;
        using var stats = new StatsSummarySource(ColumnMappingMode.None);
        for (int p = 0; p < Predicates; p++)
        {
            DeltaPredicate predicate = DeltaPredicate.Parse(PredicateModel.RandomPredicate(random, 3), BinderTests.Schema);
            for (int from = 0; from < PredicateModel.Rows; from += 12)
            {
                bool tight = from % 36 != 0;
                stats.Load(Encoding.UTF8.GetBytes(model.Stats(from, from + 12, tight)));
                bool any = false;
                for (int r = from; r < from + 12 && !any; r++)
                {
                    any = model.Eval(predicate.Expression, r) == true;
                }
                bool may = SkippingEvaluator.MayBeTrue(predicate.Positive, stats);
                Assert.True(may || !any, $"'{predicate}' skipped rows {from}..{from + 12} although a row matches; stats {model.Stats(from, from + 12, tight)}");
                skipped += may ? 0 : 1;
                checkedFiles++;
            }
        }
        Assert.True(skipped > checkedFiles / 20, $"statistics skipped only {skipped} of {checkedFiles} files");
    }

    [Fact]
    public void PartitionPruningIsExactForPartitionOnlyPredicates()
    {
        var model = new PredicateModel(13);
        var random = new Random(17);
        var source = new PartitionSummarySource(["i", "Name", "d"], ColumnMappingMode.None);
        int skipped = 0;
        for (int p = 0; p < Predicates; p++)
        {
            DeltaPredicate predicate = DeltaPredicate.Parse(PredicateModel.RandomPredicate(random, 3), BinderTests.Schema);
            bool partitionOnly = predicate.ReferencesOnly(["i", "Name", "d"]);
            for (int r = 0; r < 60; r++)
            {
                if (model.Name[r] == string.Empty)
                {
                    // An empty string partition value is written as null (PROTOCOL.md), so it is not representable.
                    continue;
                }
                // Each row is its own "file" partitioned by i, Name and d.
                source.PartitionValues = new Dictionary<string, string?>
                {
                    ["i"] = model.I[r]?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Name"] = model.Name[r],
                    ["d"] = model.D[r] is int d ? DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
                };
                bool matches = model.Eval(predicate.Expression, r) == true;
                bool may = SkippingEvaluator.MayBeTrue(predicate.Positive, source);
                Assert.True(may || !matches, $"'{predicate}' pruned row {r} which matches");
                if (partitionOnly)
                {
                    Assert.True(may == matches, $"'{predicate}' on partition row {r}: may {may}, matches {matches}");
                }
                skipped += may ? 0 : 1;
            }
        }
        Assert.True(skipped > 1000, $"partition pruning skipped only {skipped}");
    }

    [Theory]
    [InlineData("""{"numRecords":10,"minValues":{"Name":"abc"},"maxValues":{"Name":"abd"},"nullCount":{"Name":0}}""", "Name = 'abe'", false)]
    [InlineData("""{"numRecords":10,"minValues":{"Name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},"maxValues":{"Name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},"nullCount":{"Name":0}}""", "Name = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'", true)]
    [InlineData("""{"numRecords":10,"minValues":{"Name":"a"},"maxValues":{"Name":"b\uffff"},"nullCount":{"Name":0}}""", "Name > 'c'", true)]
    [InlineData("""{"numRecords":10,"minValues":{"ts":"2024-01-01T00:00:00.000Z"},"maxValues":{"ts":"2024-01-01T00:00:01.000Z"},"nullCount":{"ts":0}}""", "ts > TIMESTAMP '2024-01-01 00:00:01.000500'", true)]
    [InlineData("""{"numRecords":10,"minValues":{"ts":"2024-01-01T00:00:00.000Z"},"maxValues":{"ts":"2024-01-01T00:00:01.000Z"},"nullCount":{"ts":0}}""", "ts > TIMESTAMP '2024-01-01 00:00:01.001'", false)]
    [InlineData("""{"numRecords":10,"minValues":{"dbl":1.0},"maxValues":{"dbl":2.0},"nullCount":{"dbl":0}}""", "dbl > 5", true)]
    [InlineData("""{"numRecords":10,"minValues":{"dbl":1.0},"maxValues":{"dbl":2.0},"nullCount":{"dbl":0}}""", "dbl < 0.5", false)]
    [InlineData("""{"numRecords":10,"minValues":{},"maxValues":{},"nullCount":{"id":10}}""", "id = 1", false)]
    [InlineData("""{"numRecords":10,"minValues":{},"maxValues":{},"nullCount":{"id":10}}""", "NOT id = 1", false)]
    [InlineData("""{"numRecords":10,"minValues":{},"maxValues":{},"nullCount":{"id":10}}""", "id IS NULL", true)]
    [InlineData("""{"numRecords":10,"tightBounds":false,"minValues":{},"maxValues":{},"nullCount":{"id":10}}""", "id = 1", true)]
    [InlineData("""{"numRecords":10,"minValues":{"id":5},"maxValues":{"id":5},"nullCount":{"id":0}}""", "id IS NULL", false)]
    [InlineData("""{"numRecords":10,"minValues":{"id":5},"maxValues":{"id":5},"nullCount":{"id":0}}""", "id <> 5", false)]
    [InlineData("""{"numRecords":10,"minValues":{"id":5},"maxValues":{"id":5},"nullCount":{"id":3}}""", "NOT (id <=> 5)", true)]
    [InlineData("""{"numRecords":10,"minValues":{"id":5},"maxValues":{"id":5},"nullCount":{"id":0}}""", "NOT (id <=> 5)", false)]
    [InlineData("""{"numRecords":10,"minValues":{"id":5},"maxValues":{"id":9}}""", "id NOT IN (1, NULL)", false)]
    [InlineData("""{"numRecords":10,"minValues":{"id":5},"maxValues":{"id":9}}""", "id IN (1, 10, NULL)", false)]
    [InlineData("""{"numRecords":10,"minValues":{"id":5},"maxValues":{"id":9}}""", "id IN (1, 9)", true)]
    [InlineData("""{"numRecords":0}""", "id IS NULL", false)]
    [InlineData("""not json""", "id = 1", true)]
    [InlineData("""{"numRecords":10,"minValues":{"dec":1.5},"maxValues":{"dec":2.25}}""", "dec > 2.25", false)]
    [InlineData("""{"numRecords":10,"minValues":{"dec":1.5},"maxValues":{"dec":2.25}}""", "dec >= 2.25", true)]
    [InlineData("""{"numRecords":10,"minValues":{"d":"2024-01-05"},"maxValues":{"d":"2024-01-09"}}""", "d < DATE '2024-01-05'", false)]
    [InlineData("""{"numRecords":10,"minValues":{"s":{"x":3}},"maxValues":{"s":{"x":4}}}""", "s.x = 2", false)]
    [InlineData("""{"numRecords":10,"minValues":{"s":{"x":3}},"maxValues":{"s":{"x":4}}}""", "s.x = 3", true)]
    public void StatisticsRules(string stats, string predicateText, bool mayMatch)
    {
        using var source = new StatsSummarySource(ColumnMappingMode.None);
        source.Load(Encoding.UTF8.GetBytes(stats));
        DeltaPredicate predicate = DeltaPredicate.Parse(predicateText, BinderTests.Schema);
        Assert.Equal(mayMatch, SkippingEvaluator.MayBeTrue(predicate.Positive, source));
    }

    [Fact]
    public void StatisticsUsePhysicalNamesUnderColumnMapping()
    {
        DeltaSchema schema = DeltaSchema.Parse("""
            {"type":"struct","fields":[
              {"name":"id","type":"long","nullable":true,"metadata":{"delta.columnMapping.id":1,"delta.columnMapping.physicalName":"col-1"}}]}
            """);
        using var source = new StatsSummarySource(ColumnMappingMode.Name);
        source.Load(Encoding.UTF8.GetBytes("""{"numRecords":3,"minValues":{"col-1":10,"id":0},"maxValues":{"col-1":20,"id":100}}"""));
        Assert.False(SkippingEvaluator.MayBeTrue(DeltaPredicate.Parse("id = 50", schema).Positive, source));
        Assert.True(SkippingEvaluator.MayBeTrue(DeltaPredicate.Parse("id = 15", schema).Positive, source));
    }
}
