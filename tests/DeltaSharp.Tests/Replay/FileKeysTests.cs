using System;
using System.Text;
using DeltaSharp.Replay;
using Xunit;

namespace DeltaSharp.Tests.Replay;

/// <summary>
/// The allocation-free canonical path (<see cref="FileKeys.CanonicalPath(ReadOnlySpan{byte}, Span{byte})"/>) against
/// the definition PROTOCOL.md "Action Reconciliation" and Delta use: a local <c>file:</c> URI reduced to its absolute
/// path, then <see cref="Uri.UnescapeDataString(string)"/> (the reference implementation of percent-decoding here).
/// </summary>
public sealed class FileKeysTests
{
    private static string Reference(string logPath)
    {
        string path = logPath;
        if (path.StartsWith("file:///", StringComparison.OrdinalIgnoreCase))
        {
            path = path.Substring(7);
        }
        else if (path.StartsWith("file:/", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            path = path.Substring(5);
        }
        return Uri.UnescapeDataString(path);
    }

    private static void AssertCanonical(string logPath)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(logPath);
        string expected = Reference(logPath);
        var destination = new byte[utf8.Length];
        int length = FileKeys.CanonicalPath(utf8, destination);
        string actual = length < 0 ? logPath : Encoding.UTF8.GetString(destination, 0, length);
        Assert.True(string.Equals(expected, actual, StringComparison.Ordinal), $"'{logPath}': expected '{expected}', got '{actual}'");
        Assert.Equal(length >= 0, !string.Equals(expected, logPath, StringComparison.Ordinal));
        if (!FileKeys.MayDiffer(utf8))
        {
            Assert.Equal(logPath, expected);
        }
        byte[]? decoded = FileKeys.DecodedPath(utf8);
        Assert.Equal(expected, decoded is null ? logPath : Encoding.UTF8.GetString(decoded));
    }

    [Theory]
    [InlineData("part-00000.parquet")]
    [InlineData("ts=2024-01-01%2012%3A00%3A00/part-0.parquet")]
    [InlineData("a%20b%2Fc%25d%2e")]
    [InlineData("100%")]
    [InlineData("100%2")]
    [InlineData("%%41%zz%4g%")]
    [InlineData("%C3%A9t%C3%A9/%F0%9F%98%80.parquet")]
    [InlineData("%C3%28-invalid-utf8%FF")]
    [InlineData("%E6%97%A5本%20x")]
    [InlineData("file:/t/a%20b.parquet")]
    [InlineData("FILE:///t/a.parquet")]
    [InlineData("file://host/t/a%3Ab.parquet")]
    [InlineData("file:rel%20x.parquet")]
    [InlineData("%00nul")]
    public void KnownSpellings(string logPath) => AssertCanonical(logPath);

    /// <summary>Random paths over an alphabet rich in escapes (valid, invalid, truncated, ASCII and not) and local
    /// scheme prefixes.</summary>
    [Fact]
    public void RandomPathsMatchTheReference()
    {
        var random = new Random(11);
        string[] pieces = ["a", "/", "=", "-", " ", "é", "日", "😀", "%", "%2", "%20", "%3A", "%3a", "%25", "%2F", "%41", "%7E", "%7F", "%80", "%C3%A9", "%C3", "%A9", "%E6%97%A5", "%F0%9F%98%80", "%zz", "%G0", "%0"];
        string[] prefixes = ["", "", "", "file:/", "file:///", "FILE:/", "file://h/", "file:"];
        for (int i = 0; i < 20_000; i++)
        {
            var builder = new StringBuilder(prefixes[random.Next(prefixes.Length)]);
            int count = random.Next(0, 12);
            for (int p = 0; p < count; p++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }
            if (builder.Length == 0)
            {
                builder.Append('x');
            }
            AssertCanonical(builder.ToString());
        }
    }

    [Fact]
    public void AsciiEscapesDoNotAllocate()
    {
        byte[] path = "year=2024/ts=2024-01-01%2012%3A00%3A00.000/part-00000-c000.snappy.parquet"u8.ToArray();
        var destination = new byte[path.Length];
        FileKeys.CanonicalPath(path, destination);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int length = 0;
        for (int i = 0; i < 100; i++)
        {
            length = FileKeys.CanonicalPath(path, destination);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("year=2024/ts=2024-01-01 12:00:00.000/part-00000-c000.snappy.parquet", Encoding.UTF8.GetString(destination, 0, length));
    }

    [Fact]
    public void DestinationShorterThanThePathIsRejected()
    {
        Assert.Throws<ArgumentException>(() => FileKeys.CanonicalPath("a%20b"u8, new byte[3]));
    }
}
