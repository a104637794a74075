using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using DeltaSharp.Actions;

namespace DeltaSharp.Tests.Actions.Differential;

/// <summary>Records what the production decoder delivers, in the canonical form <see cref="ReferenceActionDecoder"/>
/// produces (one JSON array of the action's fields per action).</summary>
internal sealed class CanonicalActionRecorder : ActionSink
{
    private readonly bool stats;
    private readonly bool viaRows;

    /// <param name="stats">Ask for add statistics.</param>
    /// <param name="viaRows">Render adds and removes straight from the span rows (<see cref="ActionSink.OnAddRow"/>,
    /// <see cref="ActionSink.OnRemoveRow"/>) instead of the materialised objects of the default implementation.</param>
    public CanonicalActionRecorder(bool stats, bool viaRows = false)
    {
        this.stats = stats;
        this.viaRows = viaRows;
    }

    public List<string> Actions { get; } = new();

    public override bool WantsStatistics => stats;

    public override bool WantsCommitInfo => true;

    public override bool WantsChangeDataFiles => true;

    public override bool WantsRemovePartitionValues => true;

    public static string Render(params object?[] fields) => JsonSerializer.Serialize(fields);

    public override void OnAdd(AddFile add)
    {
        List<string?>? tags = add.Tags is null ? null : Flat(add.Tags);
        Actions.Add(Render("add", add.Path, Flat(add.PartitionValues), add.Size, add.ModificationTime, add.DataChange, add.StatsJson, tags, Dv(add.DeletionVector), add.BaseRowId, add.DefaultRowCommitVersion));
    }

    public override void OnAddRow(in AddFileRow row)
    {
        if (!viaRows)
        {
            base.OnAddRow(in row);
            return;
        }
        string? statsJson = row.HasStatistics ? StatsText(row.Statistics, row.StatisticsEscaped) : null;
        List<string?>? tags = row.Tags is null ? null : Flat(row.Tags);
        Actions.Add(Render("add", Encoding.UTF8.GetString(row.Path), Flat(row.PartitionValues ?? PartitionValueMap.Empty), row.Size, row.ModificationTime, row.DataChange, statsJson, tags, Dv(row.DeletionVector), row.BaseRowId, row.DefaultRowCommitVersion));
    }

    public override void OnRemoveRow(in RemoveFileRow row)
    {
        if (!viaRows)
        {
            base.OnRemoveRow(in row);
            return;
        }
        Actions.Add(Render("remove", Encoding.UTF8.GetString(row.Path), row.DeletionTimestamp, row.DataChange, Dv(row.DeletionVector), row.Size, Flat(row.PartitionValues)));
    }

    /// <summary>The statistics text of raw string content, unescaped independently (System.Text.Json reads it back as a
    /// JSON string literal).</summary>
    public static string StatsText(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            return Encoding.UTF8.GetString(raw);
        }
        return JsonSerializer.Deserialize<string>("\"" + Encoding.UTF8.GetString(raw) + "\"")!;
    }

    public override void OnRemove(RemoveFile remove) =>
        Actions.Add(Render("remove", remove.Path, remove.DeletionTimestamp, remove.DataChange, Dv(remove.DeletionVector), remove.Size, Flat(remove.PartitionValues)));

    public override void OnChangeDataFile(AddCdcFile changeDataFile) =>
        Actions.Add(Render("cdc", changeDataFile.Path, Flat(changeDataFile.PartitionValues), changeDataFile.Size, changeDataFile.DataChange, changeDataFile.Tags is null ? null : Flat(changeDataFile.Tags)));

    public override void OnMetadata(DeltaMetadata metadata) =>
        Actions.Add(Render(
            "metaData",
            metadata.Id,
            metadata.Name,
            metadata.Description,
            metadata.FormatProvider,
            new SortedDictionary<string, string>(new Dictionary<string, string>(metadata.FormatOptions), StringComparer.Ordinal),
            metadata.SchemaString,
            metadata.PartitionColumns,
            new SortedDictionary<string, string?>(new Dictionary<string, string?>(metadata.Configuration), StringComparer.Ordinal),
            metadata.CreatedTime));

    public override void OnProtocol(DeltaProtocol protocol) =>
        Actions.Add(Render("protocol", (long)protocol.MinReaderVersion, (long)protocol.MinWriterVersion, protocol.ReaderFeatures, protocol.WriterFeatures));

    public override void OnTransaction(SetTransaction transaction) =>
        Actions.Add(Render("txn", transaction.AppId, transaction.Version, transaction.LastUpdated));

    public override void OnDomainMetadata(DomainMetadata domainMetadata) =>
        Actions.Add(Render("domainMetadata", domainMetadata.Domain, domainMetadata.Configuration, domainMetadata.Removed));

    public override void OnCommitInfo(CommitInfo commitInfo) =>
        Actions.Add(Render("commitInfo", commitInfo.RawJson, commitInfo.Timestamp, commitInfo.InCommitTimestamp, commitInfo.Operation));

    public override void OnCheckpointMetadata(long version) => Actions.Add(Render("checkpointMetadata", (long?)version));

    public override void OnSidecar(SidecarFile sidecar) => Actions.Add(Render("sidecar", sidecar.Path, sidecar.SizeInBytes, sidecar.ModificationTime));

    public static List<string?> Flat(IReadOnlyDictionary<string, string?> map)
    {
        var list = new List<string?>();
        foreach (KeyValuePair<string, string?> kv in map)
        {
            list.Add(kv.Key);
            list.Add(kv.Value);
        }
        return list;
    }

    public static string? Dv(DeletionVectorDescriptor? dv) => dv is null ? null : dv.UniqueId + "|" + (long)dv.SizeInBytes + "|" + dv.Cardinality;
}
