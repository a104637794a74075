using System;
using System.Collections.Generic;
using System.Globalization;
using DeltaSharp.Actions;
using DeltaSharp.Schema;

namespace DeltaSharp.TableFeatures;

/// <summary>Reads the table properties that change how a table is read (PROTOCOL.md "Table Properties").</summary>
internal static class TableProperties
{
    public const string ColumnMappingMode = "delta.columnMapping.mode";
    public const string EnableInCommitTimestamps = "delta.enableInCommitTimestamps";
    public const string InCommitTimestampEnablementVersion = "delta.inCommitTimestampEnablementVersion";
    public const string InCommitTimestampEnablementTimestamp = "delta.inCommitTimestampEnablementTimestamp";

    /// <summary>
    /// The column mapping mode; an unknown mode is an unsupported feature. PROTOCOL.md "Column Mapping": the table
    /// property is honoured only when the protocol supports column mapping — reader version 2, or reader version 3
    /// with <c>columnMapping</c> in <c>readerFeatures</c>; otherwise the table is read by display names.
    /// </summary>
    public static ColumnMappingMode GetColumnMappingMode(DeltaProtocol protocol, IReadOnlyDictionary<string, string?> configuration)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        bool supported = protocol.MinReaderVersion == 2 || (protocol.MinReaderVersion >= 3 && protocol.HasReaderFeature("columnMapping"));
        if (!supported || !configuration.TryGetValue(ColumnMappingMode, out string? mode) || mode is null)
        {
            return Schema.ColumnMappingMode.None;
        }
        return mode.ToUpperInvariant() switch
        {
            "NONE" => Schema.ColumnMappingMode.None,
            "NAME" => Schema.ColumnMappingMode.Name,
            "ID" => Schema.ColumnMappingMode.Id,
            _ => throw new DeltaUnsupportedFeatureException("columnMapping", $"Unknown column mapping mode '{mode}'."),
        };
    }

    /// <summary>True when in-commit timestamps are enabled.</summary>
    public static bool InCommitTimestampsEnabled(IReadOnlyDictionary<string, string?> configuration) =>
        configuration.TryGetValue(EnableInCommitTimestamps, out string? value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The version from which in-commit timestamps are present, or null (enabled since table creation).</summary>
    public static long? InCommitTimestampEnablementVersionOf(IReadOnlyDictionary<string, string?> configuration) =>
        configuration.TryGetValue(InCommitTimestampEnablementVersion, out string? value) &&
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long version) ? version : null;
}
