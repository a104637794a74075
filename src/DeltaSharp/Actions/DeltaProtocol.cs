using System;
using System.Collections.Generic;

namespace DeltaSharp.Actions;

/// <summary>
/// The table's <c>protocol</c> action: the reader/writer versions and, for reader version 3 / writer version 7, the
/// explicitly listed table features. Immutable.
/// </summary>
public sealed class DeltaProtocol
{
    /// <summary>Creates a protocol value.</summary>
    public DeltaProtocol(int minReaderVersion, int minWriterVersion, IReadOnlyList<string>? readerFeatures, IReadOnlyList<string>? writerFeatures)
    {
        MinReaderVersion = minReaderVersion;
        MinWriterVersion = minWriterVersion;
        ReaderFeatures = readerFeatures;
        WriterFeatures = writerFeatures;
    }

    /// <summary>The minimum reader protocol version.</summary>
    public int MinReaderVersion { get; }

    /// <summary>The minimum writer protocol version.</summary>
    public int MinWriterVersion { get; }

    /// <summary>Reader features (present for reader version 3), or null.</summary>
    public IReadOnlyList<string>? ReaderFeatures { get; }

    /// <summary>Writer features (present for writer version 7), or null.</summary>
    public IReadOnlyList<string>? WriterFeatures { get; }

    /// <summary>True when <paramref name="feature"/> is listed as a reader feature.</summary>
    public bool HasReaderFeature(string feature) => Contains(ReaderFeatures, feature);

    /// <summary>True when <paramref name="feature"/> is listed as a writer feature.</summary>
    public bool HasWriterFeature(string feature) => Contains(WriterFeatures, feature);

    /// <inheritdoc />
    public override string ToString() =>
        $"protocol(reader {MinReaderVersion}, writer {MinWriterVersion}" +
        (ReaderFeatures is null ? string.Empty : $", readerFeatures [{string.Join(", ", ReaderFeatures)}]") +
        (WriterFeatures is null ? string.Empty : $", writerFeatures [{string.Join(", ", WriterFeatures)}]") + ")";

    private static bool Contains(IReadOnlyList<string>? list, string feature)
    {
        if (list is null)
        {
            return false;
        }
        foreach (string item in list)
        {
            if (string.Equals(item, feature, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
