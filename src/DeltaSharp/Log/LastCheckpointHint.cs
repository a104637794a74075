using System;
using System.Text.Json;

namespace DeltaSharp.Log;

/// <summary>
/// The content of <c>_delta_log/_last_checkpoint</c> that the reader uses: a hint where the newest checkpoint is.
/// It is only a hint: it may be stale, point to a checkpoint that was deleted, or be unreadable; the reader then
/// lists the log.
/// </summary>
/// <param name="Version">The checkpoint's table version.</param>
/// <param name="Parts">Number of parts of a multi-part checkpoint, or null.</param>
/// <param name="NumberOfAddFiles">The number of add actions in the checkpoint, when recorded.</param>
internal sealed record LastCheckpointHint(long Version, int? Parts, long? NumberOfAddFiles)
{
    /// <summary>Store key of the hint file.</summary>
    public const string Path = LogFile.LogDirectory + "_last_checkpoint";

    /// <summary>Parses the file; returns null when it is not a valid hint (corrupt content is tolerated, not fatal).</summary>
    public static LastCheckpointHint? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            long? version = null;
            int? parts = null;
            long? addFiles = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isVersion = reader.ValueTextEquals("version"u8);
                bool isParts = reader.ValueTextEquals("parts"u8);
                bool isAdds = reader.ValueTextEquals("numOfAddFiles"u8);
                if (!reader.Read())
                {
                    return null;
                }
                if (reader.TokenType == JsonTokenType.Number && (isVersion || isParts || isAdds))
                {
                    if (!reader.TryGetInt64(out long value))
                    {
                        return null;
                    }
                    if (isVersion)
                    {
                        version = value;
                    }
                    else if (isParts)
                    {
                        parts = value is > 0 and <= int.MaxValue ? (int)value : null;
                    }
                    else
                    {
                        addFiles = value;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            return version is long v && v >= 0 ? new LastCheckpointHint(v, parts, addFiles) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
