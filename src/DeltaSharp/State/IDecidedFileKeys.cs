using System;

namespace DeltaSharp.State;

/// <summary>
/// The file keys (PROTOCOL.md "Action Reconciliation": canonical path + deletion vector unique id) that later commits
/// decided: a base (checkpoint or prior snapshot) file with such a key is shadowed and not kept. Read-only while
/// the base is appended; may be called from several threads at once (parts and row groups decoded in parallel).
/// </summary>
internal interface IDecidedFileKeys
{
    /// <summary>Number of decided keys (0: nothing is shadowed and callers skip the check).</summary>
    int Count { get; }

    /// <summary>True when the commits decided the key of a file whose log path (percent-encoded URI as written in the
    /// log, UTF-8) is <paramref name="logPathUtf8"/> and whose deletion vector unique id is
    /// <paramref name="deletionVectorUniqueId"/> (null: no DV). The implementation percent-decodes the path.</summary>
    bool Decides(ReadOnlySpan<byte> logPathUtf8, string? deletionVectorUniqueId);
}
