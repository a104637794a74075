using System;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;
using Xunit;

namespace DeltaSharp.Tests.Expressions;

public sealed class ParserTests
{
    [Fact]
    public void ParsesTheBriefExample()
    {
        DeltaExpression e = DeltaExpressionParser.Parse(
            "id > 10 AND (name = 'x''y' OR name IS NULL) AND d IN (DATE '2024-01-01', DATE '2024-01-02') AND ts >= TIMESTAMP '2024-01-01 00:00:00' AND NOT flag");
        Assert.Equal(
            "id > 10 AND (name = 'x''y' OR name IS NULL) AND d IN (DATE '2024-01-01', DATE '2024-01-02') AND ts >= TIMESTAMP '2024-01-01 00:00:00' AND NOT flag",
            e.ToString());
        var and = Assert.IsType<AndExpression>(e);
        var not = Assert.IsType<NotExpression>(and.Right);
        Assert.Equal(["flag"], Assert.IsType<ColumnExpression>(not.Operand).Path);
    }

    [Theory]
    [InlineData("a = 1 OR b = 2 AND c = 3", "a = 1 OR b = 2 AND c = 3")]
    [InlineData("(a = 1 OR b = 2) AND c = 3", "(a = 1 OR b = 2) AND c = 3")]
    [InlineData("not a = 1", "NOT a = 1")]
    [InlineData("a <=> NULL", "a <=> NULL")]
    [InlineData("a != 1 and b == 2", "a <> 1 AND b = 2")]
    [InlineData("`odd name`.`x``y` >= -1.50", "`odd name`.`x``y` >= -1.50")]
    [InlineData("s.inner.leaf IS NOT NULL", "s.inner.leaf IS NOT NULL")]
    [InlineData("a NOT IN (1, 2, NULL)", "NOT a IN (1, 2, NULL)")]
    [InlineData("a BETWEEN 1 AND 5", "a >= 1 AND a <= 5")]
    [InlineData("b = X'0aFF'", "b = X'0AFF'")]
    [InlineData("t < TIMESTAMP_NTZ '2024-01-02T03:04:05.123456'", "t < TIMESTAMP_NTZ '2024-01-02 03:04:05.123456'")]
    [InlineData("date = DATE '2024-02-29'", "date = DATE '2024-02-29'")]
    [InlineData("x > 1e3 AND y < .5", "x > 1e3 AND y < .5")]
    [InlineData("TRUE AND NOT FALSE", "TRUE AND NOT FALSE")]
    [InlineData("`and` = 1", "`and` = 1")]
    public void RoundTripsThroughText(string text, string expected)
    {
        DeltaExpression e = DeltaExpressionParser.Parse(text);
        Assert.Equal(expected, e.ToString());
        Assert.Equal(expected, DeltaExpressionParser.Parse(e.ToString()).ToString());
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("a = ", 4)]
    [InlineData("a = 'abc", 4)]
    [InlineData("a = 1 b = 2", 6)]
    [InlineData("(a = 1", 6)]
    [InlineData("a IN ()", 6)]
    [InlineData("a IN (b)", 6)]
    [InlineData("a = 1 AND", 9)]
    [InlineData("a # 1", 2)]
    [InlineData("a = DATE '2024-13-01'", 9)]
    [InlineData("a IS 1", 5)]
    [InlineData("`` = 1", 0)]
    [InlineData("a = 12abc", 4)]
    public void RejectsInvalidTextWithPosition(string text, int position)
    {
        var ex = Assert.Throws<DeltaExpressionParseException>(() => DeltaExpressionParser.Parse(text));
        Assert.Equal(position, ex.Position);
        Assert.Contains($"position {position}", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<DeltaException>(ex);
    }

    [Fact]
    public void DeepNestingIsRejectedNotCrashing()
    {
        string text = new string('(', 10_000) + "a = 1" + new string(')', 10_000);
        Assert.Throws<DeltaExpressionParseException>(() => DeltaExpressionParser.Parse(text));
        string nots = string.Concat(System.Linq.Enumerable.Repeat("NOT ", 10_000)) + "a";
        Assert.Throws<DeltaExpressionParseException>(() => DeltaExpressionParser.Parse(nots));
    }

    [Fact]
    public void LiteralsOfEveryType()
    {
        Assert.Equal(true, LiteralExpression.Of(true).Value);
        Assert.Equal((sbyte)-3, LiteralExpression.Byte(-3).Value);
        Assert.Equal((short)7, LiteralExpression.Short(7).Value);
        Assert.Equal(7, LiteralExpression.Integer(7).Value);
        Assert.Equal(7L, LiteralExpression.Long(7).Value);
        Assert.Equal(1.5f, LiteralExpression.Float(1.5f).Value);
        Assert.Equal(2.5, LiteralExpression.Double(2.5).Value);
        Assert.Equal(12.345m, LiteralExpression.Decimal(12.345m).Value);
        Assert.Equal(-1.05m, LiteralExpression.Decimal(-1.05m).Value);
        Assert.Equal(new DeltaDecimalType(5, 3), LiteralExpression.Decimal(12.345m).Type);
        Assert.Equal("-12345678901234567890123456789012345.678", LiteralExpression.Decimal(Int128.Parse("-12345678901234567890123456789012345678", System.Globalization.CultureInfo.InvariantCulture), 38, 3).Value);
        Assert.Equal("x'y", LiteralExpression.String("x'y").Value);
        Assert.Equal(new byte[] { 1, 2 }, LiteralExpression.Binary([1, 2]).Value);
        Assert.Equal(new DateOnly(2024, 2, 29), LiteralExpression.Date(new DateOnly(2024, 2, 29)).Value);
        var instant = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1230);
        Assert.Equal(instant, LiteralExpression.Timestamp(instant).Value);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)LiteralExpression.Timestamp(instant).Value!).Offset);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5), LiteralExpression.TimestampNtz(new DateTime(2024, 1, 2, 3, 4, 5)).Value);
        Assert.Null(LiteralExpression.NullOf(DeltaPrimitiveType.Long).Value);
        Assert.Equal("TIMESTAMP '2024-01-02 01:04:05.000123'", LiteralExpression.Timestamp(instant).ToString());
        Assert.Equal("'NaN'", LiteralExpression.Double(double.NaN).ToString());
        Assert.Equal("1.5E0".Length > 0 ? "1.5" : string.Empty, LiteralExpression.Double(1.5).ToString());
        Assert.Equal("3E0", LiteralExpression.Double(3).ToString());
        Assert.Throws<ArgumentException>(() => LiteralExpression.Of(new object()));
    }
}
