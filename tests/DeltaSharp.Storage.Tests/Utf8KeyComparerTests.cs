using System;
using System.Text;
using DeltaSharp.Storage;
using Xunit;

namespace DeltaSharp.Storage.Tests;

public sealed class Utf8KeyComparerTests
{
    private static int ByBytes(string a, string b) =>
        Math.Sign(Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));

    [Theory]
    [InlineData("a", "b")]
    [InlineData("a", "a/")]
    [InlineData("a-b", "a/b")]
    [InlineData("\uFFFD", "\U0001F600")]
    [InlineData("\uE000", "\U00010000")]
    [InlineData("z", "\u00E9")]
    [InlineData("Z", "a")]
    [InlineData("", "a")]
    public void Orders_like_UTF8_bytes(string smaller, string larger)
    {
        Assert.True(Utf8KeyComparer.Instance.Compare(smaller, larger) < 0);
        Assert.True(Utf8KeyComparer.Instance.Compare(larger, smaller) > 0);
        Assert.Equal(0, Utf8KeyComparer.Instance.Compare(larger, new string(larger.AsSpan())));
    }

    [Fact]
    public void Agrees_with_encoded_byte_order_on_random_strings()
    {
        var random = new Random(42);
        // Code points drawn from every UTF-8 length class, including the surrogate-pair range.
        int[] lows = { 0x20, 0x80, 0x800, 0xE000, 0x10000 };
        int[] highs = { 0x7F, 0x7FF, 0xD7FF, 0xFFFF, 0x10FFFF };
        string Next()
        {
            var sb = new StringBuilder();
            int length = random.Next(0, 5);
            for (int i = 0; i < length; i++)
            {
                int cls = random.Next(lows.Length);
                sb.Append(char.ConvertFromUtf32(random.Next(lows[cls], highs[cls] + 1)));
            }
            return sb.ToString();
        }
        for (int i = 0; i < 20_000; i++)
        {
            string a = Next();
            string b = random.Next(4) == 0 ? a + Next() : Next();
            Assert.Equal(ByBytes(a, b), Math.Sign(Utf8KeyComparer.Instance.Compare(a, b)));
        }
    }

    [Fact]
    public void Nulls_sort_first()
    {
        Assert.True(Utf8KeyComparer.Instance.Compare(null, "") < 0);
        Assert.Equal(0, Utf8KeyComparer.Instance.Compare(null, null));
    }
}
