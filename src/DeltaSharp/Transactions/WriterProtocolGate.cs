using System;
using System.Collections.Generic;
using System.Globalization;
using DeltaSharp.Actions;
using DeltaSharp.Schema;

namespace DeltaSharp.Transactions;

/// <summary>
/// Refuses to write to a table whose writer protocol needs something this writer does not do. Supported: writer
/// versions 1-5 and 7 with the writer features listed in <see cref="SupportedWriterFeatures"/>, each only while the
/// table does not actually use the part we do not do (generated or identity columns, column mapping, row
/// tracking). CHECK constraints and invariants are enforced by <c>WriteConstraints</c>, which refuses, naming it,
/// any expression it cannot evaluate. Pure.
/// </summary>
internal static class WriterProtocolGate
{
    /// <summary>Writer features this writer honours for appends and overwrites.</summary>
    public static readonly string[] SupportedWriterFeatures =
    [
        "appendOnly", "invariants", "checkConstraints", "changeDataFeed", "generatedColumns", "timestampNtz",
        "domainMetadata", "vacuumProtocolCheck", "deletionVectors", "typeWidening", "typeWidening-preview",
        "v2Checkpoint", "columnMapping", "inCommitTimestamp",
    ];

    public static void EnsureWritable(DeltaProtocol protocol, DeltaMetadata metadata, DeltaSchema schema, string table)
    {
        int writer = protocol.MinWriterVersion;
        if (writer is < 1 or > 7 || writer == 6)
        {
            throw Unsupported("writerVersion " + writer.ToString(CultureInfo.InvariantCulture), table,
                $"writer version {writer} is not supported (supported: 1-5 without the features they imply, 7 with table features)");
        }
        if (writer == 7)
        {
            var unsupported = new List<string>();
            foreach (string feature in protocol.WriterFeatures ?? [])
            {
                if (Array.IndexOf(SupportedWriterFeatures, feature) < 0)
                {
                    unsupported.Add(feature);
                }
            }
            if (unsupported.Count > 0)
            {
                throw Unsupported(unsupported[0], table, "the table needs writer features this writer does not implement: " + string.Join(", ", unsupported));
            }
        }
        if (metadata.Configuration.TryGetValue("delta.columnMapping.mode", out string? mode) && mode is not null && !mode.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported("columnMapping", table, $"column mapping mode '{mode}' is not supported for writes yet");
        }
        if (metadata.Configuration.TryGetValue("delta.enableRowTracking", out string? rowTracking) && string.Equals(rowTracking, "true", StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported("rowTracking", table, "row tracking is not written yet");
        }
        CheckFields(schema.Root, table);
    }

    private static void CheckFields(DeltaStructType type, string table)
    {
        foreach (DeltaStructField field in type.Fields)
        {
            foreach (string key in field.Metadata.Keys)
            {
                if (key is "delta.generationExpression")
                {
                    throw Unsupported("generatedColumns", table, $"column '{field.Name}' is a generated column, which this writer does not compute");
                }
                if (key.StartsWith("delta.identity.", StringComparison.Ordinal))
                {
                    throw Unsupported("identityColumns", table, $"column '{field.Name}' is an identity column, which this writer does not assign");
                }
            }
            if (field.Type is DeltaStructType nested)
            {
                CheckFields(nested, table);
            }
        }
    }

    private static DeltaUnsupportedFeatureException Unsupported(string feature, string table, string detail) =>
        new(feature, $"Cannot write to Delta table '{table}': {detail}.");
}
