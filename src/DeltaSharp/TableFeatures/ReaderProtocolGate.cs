using System;
using System.Globalization;
using DeltaSharp.Actions;

namespace DeltaSharp.TableFeatures;

/// <summary>
/// Decides whether DeltaSharp may read a table with a given protocol (PROTOCOL.md "Protocol Evolution",
/// "Table Features", "Reader Version Requirements"). Pure.
/// </summary>
internal static class ReaderProtocolGate
{
    /// <summary>The highest reader version DeltaSharp implements.</summary>
    public const int MaxReaderVersion = 3;

    /// <summary>Reader features whose read requirements DeltaSharp implements.</summary>
    private static readonly string[] SupportedReaderFeatures =
    {
        "columnMapping",
        "deletionVectors",
        "timestampNtz",
        "v2Checkpoint",
        "vacuumProtocolCheck",
        "typeWidening",
        "typeWidening-preview",
        "variantType",
        "variantType-preview",
        "variantShredding",
        "variantShredding-preview",
    };

    /// <summary>
    /// Writer-only features (PROTOCOL.md "Valid Feature Names in Table Features"). They impose nothing on readers, so
    /// a protocol that also lists one of them in <c>readerFeatures</c> (not allowed for writers, but seen) stays readable.
    /// </summary>
    private static readonly string[] WriterOnlyFeatures =
    {
        "appendOnly",
        "invariants",
        "checkConstraints",
        "generatedColumns",
        "allowColumnDefaults",
        "changeDataFeed",
        "identityColumns",
        "rowTracking",
        "domainMetadata",
        "icebergCompatV1",
        "icebergCompatV2",
        "clustering",
        "inCommitTimestamp",
    };

    /// <summary>Reader features of catalog-managed tables: readable from the published log only when allowed.</summary>
    private static readonly string[] CatalogFeatures = { "catalogManaged", "catalogOwned-preview" };

    /// <summary>
    /// Throws when the protocol cannot be read.
    /// </summary>
    /// <param name="protocol">The snapshot's protocol.</param>
    /// <param name="allowPublishedCatalogLog">True when reading only the published <c>_delta_log</c> of a
    /// catalog-managed table is valid (an explicit version was requested, or the caller opted in).</param>
    /// <param name="tableLocation">For messages.</param>
    /// <param name="version">For messages.</param>
    /// <exception cref="DeltaUnsupportedFeatureException">The reader version or a reader feature is not supported.</exception>
    /// <exception cref="DeltaLogCorruptException">The protocol is malformed (reader version 0, version 3 without features).</exception>
    public static void EnsureReadable(DeltaProtocol protocol, bool allowPublishedCatalogLog, string tableLocation, long version)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        if (protocol.MinReaderVersion < 1)
        {
            throw new DeltaLogCorruptException($"Invalid protocol: minReaderVersion {protocol.MinReaderVersion} (must be at least 1)", tableLocation, version);
        }
        if (protocol.MinReaderVersion > MaxReaderVersion)
        {
            string feature = "readerVersion " + protocol.MinReaderVersion.ToString(CultureInfo.InvariantCulture);
            throw new DeltaUnsupportedFeatureException(feature,
                $"The table at '{tableLocation}' requires Delta reader version {protocol.MinReaderVersion} (version {version}); DeltaSharp supports reader versions 1 to {MaxReaderVersion}.");
        }
        if (protocol.MinReaderVersion < 3)
        {
            return;
        }
        if (protocol.ReaderFeatures is null)
        {
            throw new DeltaLogCorruptException("Invalid protocol: minReaderVersion 3 requires a readerFeatures list", tableLocation, version);
        }
        foreach (string feature in protocol.ReaderFeatures)
        {
            if (Array.IndexOf(SupportedReaderFeatures, feature) >= 0 || Array.IndexOf(WriterOnlyFeatures, feature) >= 0)
            {
                continue;
            }
            if (Array.IndexOf(CatalogFeatures, feature) >= 0)
            {
                if (allowPublishedCatalogLog)
                {
                    continue;
                }
                throw new DeltaUnsupportedFeatureException(feature,
                    $"The table at '{tableLocation}' is catalog-managed (reader feature '{feature}'): its latest version is known only to its catalog, " +
                    "and DeltaSharp has no catalog client. Read a specific published version, or set DeltaTableOptions.AllowPublishedCatalogManagedLog to read the latest published commit.");
            }
            throw new DeltaUnsupportedFeatureException(feature,
                $"The table at '{tableLocation}' requires reader feature '{feature}' (version {version}), which DeltaSharp does not support.");
        }
    }
}
