namespace DeltaSharp.Log;

/// <summary>The kinds of file the reader recognises directly inside <c>_delta_log/</c>.</summary>
internal enum LogFileKind
{
    /// <summary><c>{version:D20}.json</c>: one commit.</summary>
    Commit,

    /// <summary><c>{version:D20}.checkpoint.parquet</c>: a classic single-file checkpoint (V1 or V2 spec).</summary>
    ClassicCheckpoint,

    /// <summary><c>{version:D20}.checkpoint.{part:D10}.{parts:D10}.parquet</c>: one part of a multi-part checkpoint.</summary>
    MultiPartCheckpoint,

    /// <summary><c>{version:D20}.checkpoint.{uuid}.json|parquet</c>: a UUID-named V2 checkpoint.</summary>
    UuidCheckpoint,

    /// <summary><c>{start:D20}.{end:D20}.compacted.json</c>: a log compaction of commits [start, end].</summary>
    Compaction,

    /// <summary><c>{version:D20}.crc</c>: a version checksum file.</summary>
    Checksum,
}
