using System;
using System.Text;

namespace DeltaSharp.Arrow.Tests.Compression;

/// <summary>
/// Reference vectors produced by the reference command-line tools (zstd v1.5.4, lz4 v1.9.4), not by our code.
/// </summary>
internal static class CodecTestData
{
    /// <summary>"The quick brown fox jumps over the lazy dog. " repeated 20 times (900 bytes).</summary>
    public static byte[] Text1 { get; } = Encoding.ASCII.GetBytes(Repeat("The quick brown fox jumps over the lazy dog. ", 20));

    /// <summary>"row 0;row 1;...row 199;" (1490 bytes).</summary>
    public static byte[] Text2 { get; } = Encoding.ASCII.GetBytes(Rows());

    /// <summary>`zstd -c in1.txt`: one frame that declares its content size (900) and carries a checksum.</summary>
    public static byte[] ZstdText1 { get; } = Convert.FromHexString(
        "28b52ffd648402b50100d40254686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920646f672e200100a50a2b55065913fa85");

    /// <summary>`cat in2.txt | zstd -c`: one frame written from a pipe, so it declares no content size.</summary>
    public static byte[] ZstdText2 { get; } = Convert.FromHexString(
        "28b52ffd04589d0600228d1c12b0a59003075492802dd2ae8848f98a30e00482ffffffff33333333332222222222b66ddb76dbb66d4b9224496edbb66d922449524444444484104208218410ffffffffcccccccc8c88888888886ddbb6ddb66ddb92244992dbb66d9b24499214111111111f71394520600020088180014080c6a820bc7d03c0936a35101acfc7bbdffbde77bffbddef7ef7bdeffdeeb7dfa989a2b23c28094a8112a0fc27ef27f7c97cd29e1cf5040e1930c08001060c30608001030c188e8420f4a0062908821888404d4001b97377ef9563b92d050bb257a4");

    /// <summary>`lz4 -c in1.txt`: one LZ4 frame with a content checksum.</summary>
    public static byte[] Lz4FrameText1 { get; } = Convert.FromHexString(
        "04224d186440a73b000000ff1e54686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920646f672e202d00ffffff4250646f672e20000000009f827c81");

    /// <summary>The single compressed block inside `lz4 -c --no-frame-crc in1.txt` (bytes 11..70 of the frame).</summary>
    public static byte[] Lz4BlockText1 { get; } = Convert.FromHexString(
        "ff1e54686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920646f672e202d00ffffff4250646f672e20");

    public static byte[] Concat(params byte[][] parts)
    {
        int total = 0;
        foreach (byte[] p in parts)
        {
            total += p.Length;
        }
        byte[] result = new byte[total];
        int at = 0;
        foreach (byte[] p in parts)
        {
            p.CopyTo(result, at);
            at += p.Length;
        }
        return result;
    }

    /// <summary>Deterministic, moderately compressible bytes.</summary>
    public static byte[] Compressible(int length, int seed)
    {
        var random = new Random(seed);
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = random.Next(4) == 0 ? (byte)random.Next(256) : (byte)(i / 7 % 31);
        }
        return data;
    }

    private static string Repeat(string s, int count)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            sb.Append(s);
        }
        return sb.ToString();
    }

    private static string Rows()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            sb.Append("row ").Append(i).Append(';');
        }
        return sb.ToString();
    }
}
