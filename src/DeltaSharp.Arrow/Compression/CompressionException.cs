using System;
using System.IO;

namespace DeltaSharp.Arrow.Compression;

/// <summary>
/// Thrown by the codecs in <see cref="DeltaSharp.Arrow.Compression"/> when compressed input is corrupt or truncated,
/// when its decompressed size does not match what the caller declared, or when a destination buffer is too small.
/// Callers that know where the bytes came from (a file, a page, a message) should catch it and rethrow with that
/// context; the original is kept as <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class CompressionException : IOException
{
    /// <summary>Creates the exception for <paramref name="codec"/> with a message describing the problem.</summary>
    /// <param name="codec">The codec name, e.g. <c>ZSTD</c>, <c>LZ4_FRAME</c>, <c>LZ4_BLOCK</c>.</param>
    /// <param name="message">What is wrong.</param>
    public CompressionException(string codec, string message)
        : base(codec + ": " + message)
    {
        Codec = codec;
    }

    /// <summary>Creates the exception with no codec (for serializers and tooling).</summary>
    public CompressionException()
        : this("unknown", "compressed data is invalid")
    {
    }

    /// <summary>Creates the exception with a message and no codec.</summary>
    /// <param name="message">What is wrong.</param>
    public CompressionException(string message)
        : this("unknown", message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CompressionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Codec = "unknown";
    }

    /// <summary>The codec that failed (<c>ZSTD</c>, <c>LZ4_FRAME</c>, <c>LZ4_BLOCK</c>).</summary>
    public string Codec { get; }
}
