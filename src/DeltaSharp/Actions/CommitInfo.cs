using System.Text.Json;

namespace DeltaSharp.Actions;

/// <summary>
/// A commit's <c>commitInfo</c> action (provenance). The whole action is kept as raw JSON because its content is
/// engine-specific; the commonly used fields are decoded.
/// </summary>
public sealed class CommitInfo
{
    /// <summary>Creates a commit info value.</summary>
    public CommitInfo(string rawJson, long? timestamp, long? inCommitTimestamp, string? operation)
    {
        RawJson = rawJson;
        Timestamp = timestamp;
        InCommitTimestamp = inCommitTimestamp;
        Operation = operation;
    }

    /// <summary>The complete <c>commitInfo</c> object as JSON text.</summary>
    public string RawJson { get; }

    /// <summary>The <c>timestamp</c> field (writer's clock, milliseconds since the Unix epoch), or null.</summary>
    public long? Timestamp { get; }

    /// <summary>The <c>inCommitTimestamp</c> field (milliseconds since the Unix epoch), or null.</summary>
    public long? InCommitTimestamp { get; }

    /// <summary>The <c>operation</c> field (e.g. <c>WRITE</c>, <c>MERGE</c>), or null.</summary>
    public string? Operation { get; }

    /// <summary>Parses <see cref="RawJson"/> into a document the caller owns and must dispose.</summary>
    public JsonDocument ParseDocument() => JsonDocument.Parse(RawJson);
}
