using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;

namespace DeltaSharp.Storage.Tests;

public sealed class Utf8OrderRestorerTests
{
    private static List<string> Restore(IEnumerable<string> source, out int maxBuffered)
    {
        var restorer = new Utf8OrderRestorer<string>(static s => s);
        var output = new List<string>();
        maxBuffered = 0;
        foreach (string key in source)
        {
            restorer.Add(key);
            maxBuffered = Math.Max(maxBuffered, restorer.Buffered);
            while (restorer.TryTake(out string ready))
            {
                output.Add(ready);
            }
        }
        while (restorer.TryTakeRemaining(out string rest))
        {
            output.Add(rest);
        }
        return output;
    }

    private static List<string> Utf8Sorted(IEnumerable<string> keys) =>
        keys.OrderBy(k => k, Comparer<string>.Create((a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)))).ToList();

    [Fact]
    public void Reorders_a_UTF16_sorted_stream_into_UTF8_order_and_passes_UTF8_order_through()
    {
        var random = new Random(9);
        string[] alphabet = { "a", "b", "/", "\uE000", "\uFFFD", "\U0001F600", "\U00010000", "\u00E9", "z" };
        for (int round = 0; round < 300; round++)
        {
            var keys = new HashSet<string>();
            int count = random.Next(1, 60);
            while (keys.Count < count)
            {
                var sb = new StringBuilder();
                int length = random.Next(1, 5);
                for (int i = 0; i < length; i++)
                {
                    sb.Append(alphabet[random.Next(alphabet.Length)]);
                }
                keys.Add(sb.ToString());
            }
            List<string> expected = Utf8Sorted(keys);
            List<string> utf16 = keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
            Assert.Equal(expected, Restore(utf16, out _));
            Assert.Equal(expected, Restore(expected, out _));
        }
    }

    [Fact]
    public void Plain_keys_pass_straight_through()
    {
        string[] keys = Enumerable.Range(0, 1000).Select(i => $"_delta_log/{i:D20}.json").ToArray();
        Assert.Equal(keys, Restore(keys, out int maxBuffered));
        Assert.Equal(1, maxBuffered);
    }
}
