using System;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;
using Xunit;

namespace DeltaSharp.Tests.Expressions;

public sealed class BinderTests
{
    internal static readonly DeltaSchema Schema = DeltaSchema.Parse("""
        {"type":"struct","fields":[
          {"name":"id","type":"long","nullable":true,"metadata":{}},
          {"name":"i","type":"integer","nullable":true,"metadata":{}},
          {"name":"b","type":"byte","nullable":true,"metadata":{}},
          {"name":"Name","type":"string","nullable":true,"metadata":{}},
          {"name":"d","type":"date","nullable":true,"metadata":{}},
          {"name":"ts","type":"timestamp","nullable":true,"metadata":{}},
          {"name":"ntz","type":"timestamp_ntz","nullable":true,"metadata":{}},
          {"name":"dbl","type":"double","nullable":true,"metadata":{}},
          {"name":"f","type":"float","nullable":true,"metadata":{}},
          {"name":"dec","type":"decimal(10,2)","nullable":true,"metadata":{}},
          {"name":"flag","type":"boolean","nullable":true,"metadata":{}},
          {"name":"bin","type":"binary","nullable":true,"metadata":{}},
          {"name":"s","type":{"type":"struct","fields":[
             {"name":"x","type":"integer","nullable":true,"metadata":{}},
             {"name":"y","type":"string","nullable":true,"metadata":{}}]},"nullable":true,"metadata":{}},
          {"name":"arr","type":{"type":"array","elementType":"integer","containsNull":true},"nullable":true,"metadata":{}}
        ]}
        """);

    private static ComparisonExpression BindComparison(string text) =>
        Assert.IsType<ComparisonExpression>(DeltaPredicate.Parse(text, Schema).Expression);

    [Fact]
    public void ResolvesNamesCaseInsensitivelyAndTypesLiterals()
    {
        ComparisonExpression c = BindComparison("NAME = 'x'");
        var column = Assert.IsType<ColumnExpression>(c.Left);
        Assert.Equal(["Name"], column.Path);
        Assert.Equal(DeltaPrimitiveType.String, column.DataType);

        c = BindComparison("S.X >= 3");
        Assert.Equal(["s", "x"], ((ColumnExpression)c.Left).Path);
        Assert.Equal(DeltaPrimitiveType.Integer, ((LiteralExpression)c.Right).Type);
        Assert.Equal(3, ((LiteralExpression)c.Right).Value);

        c = BindComparison("dec < 1.5");
        Assert.Equal(new DeltaDecimalType(10, 2), ((LiteralExpression)c.Right).Type);
        Assert.Equal(1.50m, ((LiteralExpression)c.Right).Value);

        c = BindComparison("5 < id");
        Assert.Equal(ComparisonOperator.GreaterThan, c.Operator);
        Assert.Equal(5L, ((LiteralExpression)c.Right).Value);

        c = BindComparison("d = '2024-01-02'");
        Assert.Equal(new DateOnly(2024, 1, 2), ((LiteralExpression)c.Right).Value);

        c = BindComparison("ts = DATE '2024-01-02'");
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), ((LiteralExpression)c.Right).Value);

        c = BindComparison("ntz = TIMESTAMP '2024-01-02 03:04:05'");
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5), ((LiteralExpression)c.Right).Value);

        c = BindComparison("dbl > 1e2");
        Assert.Equal(100.0, ((LiteralExpression)c.Right).Value);

        c = BindComparison("b > 300");
        Assert.Equal(DeltaPrimitiveType.Long, ((LiteralExpression)c.Right).Type);

        c = BindComparison("bin = X'01'");
        Assert.Equal(new byte[] { 1 }, ((LiteralExpression)c.Right).Value);

        c = BindComparison("id = NULL");
        Assert.True(((LiteralExpression)c.Right).IsNullLiteral);
        Assert.Equal(DeltaPrimitiveType.Long, ((LiteralExpression)c.Right).Type);

        var flag = Assert.IsType<NotExpression>(DeltaPredicate.Parse("NOT flag", Schema).Expression);
        Assert.Equal("flag = TRUE", flag.Operand.ToString());

        DeltaPredicate p = DeltaPredicate.Parse("s.y = 'a' OR (Name IS NULL AND id IN (1, 2))", Schema);
        Assert.Equal(["s", "Name", "id"], p.ReferencedColumns);
    }

    [Theory]
    [InlineData("nope = 1", "nope")]
    [InlineData("s.z = 1", "s.z")]
    [InlineData("id.x = 1", "id.x")]
    [InlineData("id = 'abc'", "id")]
    [InlineData("id = 1.5", "id")]
    [InlineData("dec = 1.234", "dec")]
    [InlineData("Name = 1", "Name")]
    [InlineData("flag = 1", "flag")]
    [InlineData("id", "id")]
    [InlineData("arr = 1", "arr")]
    [InlineData("s = 1", "s")]
    [InlineData("d = TIMESTAMP '2024-01-01 00:00:00'", "d")]
    [InlineData("id = i", "id")]
    public void RejectsWhatDoesNotFitNamingTheColumn(string text, string column)
    {
        var ex = Assert.Throws<DeltaExpressionBindException>(() => DeltaPredicate.Parse(text, Schema));
        Assert.Equal(column, ex.Column);
        Assert.Contains(column.Split('.')[^1], ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NonConditionsAreRejected()
    {
        Assert.Throws<DeltaExpressionBindException>(() => DeltaPredicate.Parse("1", Schema));
        Assert.Throws<DeltaExpressionBindException>(() => DeltaPredicate.Parse("1 = 1", Schema));
    }

    [Fact]
    public void EvaluatesPartitionValuesInThreeValuedLogic()
    {
        DeltaSchema schema = DeltaSchema.Parse("""
            {"type":"struct","fields":[
              {"name":"p","type":"integer","nullable":true,"metadata":{}},
              {"name":"q","type":"string","nullable":true,"metadata":{}},
              {"name":"v","type":"long","nullable":true,"metadata":{}}]}
            """);
        string[] parts = ["p", "q"];
        var values = new System.Collections.Generic.Dictionary<string, string?> { ["p"] = "3", ["q"] = null };
        Assert.True(DeltaPredicate.Parse("p = 3", schema).EvaluatePartition(values, parts));
        Assert.False(DeltaPredicate.Parse("p > 3", schema).EvaluatePartition(values, parts));
        Assert.False(DeltaPredicate.Parse("q = 'a'", schema).EvaluatePartition(values, parts));
        Assert.False(DeltaPredicate.Parse("NOT q = 'a'", schema).EvaluatePartition(values, parts));
        Assert.True(DeltaPredicate.Parse("q IS NULL AND p IN (1, 3)", schema).EvaluatePartition(values, parts));
        Assert.True(DeltaPredicate.Parse("NOT (q <=> 'a')", schema).EvaluatePartition(values, parts));
        Assert.False(DeltaPredicate.Parse("p NOT IN (3, NULL)", schema).EvaluatePartition(values, parts));
        Assert.False(DeltaPredicate.Parse("p NOT IN (4, NULL)", schema).EvaluatePartition(values, parts));
        Assert.True(DeltaPredicate.Parse("p NOT IN (4, 5)", schema).EvaluatePartition(values, parts));
        Assert.Null(DeltaPredicate.Parse("p = 3 AND v = 1", schema).EvaluatePartition(values, parts));
        Assert.False(DeltaPredicate.Parse("p = 4 AND v = 1", schema).EvaluatePartition(values, parts));
        Assert.Null(DeltaPredicate.Parse("p = 3 OR v = 1", schema).EvaluatePartition(values, parts));
    }
}
