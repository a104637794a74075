using System;
using System.Collections.Generic;

namespace DeltaSharp.ChangeFeed;

/// <summary>
/// Names of the change data feed (PROTOCOL.md "Change Data Files", "Add CDC File"): the three columns a change row
/// carries besides the table's columns, the four <c>_change_type</c> values, and the table property that enables the
/// feed.
/// </summary>
public static class DeltaChangeFeed
{
    /// <summary>The change column holding the kind of change: <see cref="Insert"/>, <see cref="Delete"/>,
    /// <see cref="UpdatePreimage"/> or <see cref="UpdatePostimage"/> (a string).</summary>
    public const string ChangeTypeColumn = "_change_type";

    /// <summary>The change column holding the table version of the commit that made the change (a long).</summary>
    public const string CommitVersionColumn = "_commit_version";

    /// <summary>The change column holding the commit's timestamp (timestamp, UTC): its in-commit timestamp where the
    /// table has them enabled, otherwise the commit file's modification time made strictly increasing.</summary>
    public const string CommitTimestampColumn = "_commit_timestamp";

    /// <summary>A row added by the commit.</summary>
    public const string Insert = "insert";

    /// <summary>A row removed by the commit.</summary>
    public const string Delete = "delete";

    /// <summary>A row as it was before an update.</summary>
    public const string UpdatePreimage = "update_preimage";

    /// <summary>A row as it is after an update.</summary>
    public const string UpdatePostimage = "update_postimage";

    /// <summary>The table property that makes writers record the change data feed.</summary>
    public const string EnableProperty = "delta.enableChangeDataFeed";

    /// <summary>True when <paramref name="configuration"/> (a table's properties) has <see cref="EnableProperty"/>
    /// set to <c>true</c> (case-insensitive), as Delta reads it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is null.</exception>
    public static bool IsEnabled(IReadOnlyDictionary<string, string?> configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.TryGetValue(EnableProperty, out string? value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
    }
}
