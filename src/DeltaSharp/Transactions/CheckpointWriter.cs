using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Log;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.Storage;

namespace DeltaSharp.Transactions;

/// <summary>
/// Writes a checkpoint of a snapshot and then <c>_delta_log/_last_checkpoint</c> (PROTOCOL.md "Checkpoints"):
/// <list type="bullet">
/// <item>Classic (V1 spec) <c>&lt;v&gt;.checkpoint.parquet</c>: protocol, metaData, txn, domainMetadata, add rows and the
/// unexpired remove tombstones, one action per row.</item>
/// <item>When the table supports <c>v2Checkpoint</c>: a UUID-named V2 checkpoint
/// <c>&lt;v&gt;.checkpoint.&lt;uuid&gt;.parquet</c> holding checkpointMetadata, protocol, metaData, txn, domainMetadata and
/// one sidecar row; the add and remove rows go to the sidecar <c>_delta_log/_sidecars/&lt;v&gt;.checkpoint.0000000001.0000000001.&lt;uuid&gt;.parquet</c>,
/// written first. <c>_last_checkpoint</c> then carries the <c>v2Checkpoint</c> object (path, size, modification
/// time, the non-file actions, the sidecar files).</item>
/// </list>
/// Add rows carry <c>stats</c> unless <c>delta.checkpoint.writeStatsAsJson=false</c>, and <c>stats_parsed</c> (plus
/// <c>partitionValues_parsed</c> when partitioned) when <c>delta.checkpoint.writeStatsAsStruct=true</c>. The
/// checkpoint is built in memory.
/// </summary>
internal static class CheckpointWriter
{
    public const string IntervalKey = "delta.checkpointInterval";
    public const string WriteStatsAsJsonKey = "delta.checkpoint.writeStatsAsJson";
    public const string WriteStatsAsStructKey = "delta.checkpoint.writeStatsAsStruct";

    /// <summary>The table's checkpoint interval (default 10).</summary>
    public static int Interval(IReadOnlyDictionary<string, string?> configuration)
    {
        if (configuration.TryGetValue(IntervalKey, out string? text) && text is not null)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int interval) || interval < 1)
            {
                throw new DeltaException($"Table property {IntervalKey} must be a positive integer, not '{text}'.");
            }
            return interval;
        }
        return 10;
    }

    /// <summary>True when checkpoints of this table are V2 (the protocol supports the <c>v2Checkpoint</c> feature).</summary>
    public static bool UsesV2(DeltaProtocol protocol)
    {
        foreach (string feature in protocol.WriterFeatures ?? [])
        {
            if (feature == "v2Checkpoint")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Writes the checkpoint of <paramref name="snapshot"/> (V2 when the table supports it) and the hint.
    /// Returns the store key of the (top-level) checkpoint file.</summary>
    public static async Task<string> WriteAsync(IObjectStore store, DeltaSnapshot snapshot, CancellationToken cancellationToken)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        List<RemoveFile> tombstones = await TombstoneCollector.CollectAsync(snapshot, now, cancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<string, string?> properties = snapshot.Properties;
        bool statsJson = !IsFalse(properties, WriteStatsAsJsonKey);
        CheckpointStatsColumns? statsStruct = IsTrue(properties, WriteStatsAsStructKey)
            ? new CheckpointStatsColumns(snapshot.Schema.Root, snapshot.PartitionColumns)
            : null;
        return UsesV2(snapshot.Protocol)
            ? await WriteV2Async(store, snapshot, tombstones, statsStruct, statsJson, cancellationToken).ConfigureAwait(false)
            : await WriteClassicAsync(store, snapshot, tombstones, statsStruct, statsJson, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> WriteClassicAsync(IObjectStore store, DeltaSnapshot snapshot, List<RemoveFile> tombstones, CheckpointStatsColumns? statsStruct, bool statsJson, CancellationToken cancellationToken)
    {
        using var batch = new CheckpointActionBatch(
            [CheckpointActionBatch.Txn, CheckpointActionBatch.Add, CheckpointActionBatch.Remove, CheckpointActionBatch.MetaData, CheckpointActionBatch.Protocol, CheckpointActionBatch.DomainMetadata],
            statsStruct, statsJson);
        AppendLogState(batch, snapshot);
        AppendFiles(batch, snapshot, tombstones);
        int rows = batch.Rows;
        byte[] parquet = ToParquet(batch);
        string path = LogFile.LogDirectory + snapshot.Version.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint.parquet";
        await store.PutAsync(path, parquet, cancellationToken).ConfigureAwait(false);
        byte[] hint = Hint(snapshot, rows, parquet.Length, null);
        await store.PutAsync(LastCheckpointHint.Path, hint, cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static async Task<string> WriteV2Async(IObjectStore store, DeltaSnapshot snapshot, List<RemoveFile> tombstones, CheckpointStatsColumns? statsStruct, bool statsJson, CancellationToken cancellationToken)
    {
        string version = snapshot.Version.ToString("D20", CultureInfo.InvariantCulture);

        // 1. The sidecar with every file action, written (and durable) before anything references it.
        byte[] sidecar;
        int sidecarRows;
        using (var files = new CheckpointActionBatch([CheckpointActionBatch.Add, CheckpointActionBatch.Remove], statsStruct, statsJson))
        {
            AppendFiles(files, snapshot, tombstones);
            sidecarRows = files.Rows;
            sidecar = ToParquet(files);
        }
        string sidecarName = $"{version}.checkpoint.0000000001.0000000001.{Guid.NewGuid():D}.parquet";
        string sidecarKey = LogFile.LogDirectory + "_sidecars/" + sidecarName;
        await store.PutAsync(sidecarKey, sidecar, cancellationToken).ConfigureAwait(false);
        long sidecarModified = await ModificationTimeAsync(store, sidecarKey, cancellationToken).ConfigureAwait(false);

        // 2. The UUID-named top-level checkpoint: checkpointMetadata, the log state and the sidecar reference.
        byte[] top;
        int topRows;
        using (var batch = new CheckpointActionBatch(
            [CheckpointActionBatch.CheckpointMetadata, CheckpointActionBatch.Txn, CheckpointActionBatch.MetaData, CheckpointActionBatch.Protocol, CheckpointActionBatch.DomainMetadata, CheckpointActionBatch.Sidecar],
            null, statsJson))
        {
            batch.AppendCheckpointMetadata(snapshot.Version);
            AppendLogState(batch, snapshot);
            batch.AppendSidecar(sidecarName, sidecar.Length, sidecarModified);
            topRows = batch.Rows;
            top = ToParquet(batch);
        }
        string topName = $"{version}.checkpoint.{Guid.NewGuid():D}.parquet";
        string topKey = LogFile.LogDirectory + topName;
        await store.PutAsync(topKey, top, cancellationToken).ConfigureAwait(false);
        long topModified = await ModificationTimeAsync(store, topKey, cancellationToken).ConfigureAwait(false);

        // 3. The hint, embedding the V2 checkpoint's non-file actions and sidecar list.
        byte[] hint = Hint(snapshot, topRows + sidecarRows, top.Length, w =>
        {
            w.WritePropertyName("v2Checkpoint");
            w.WriteStartObject();
            w.WriteString("path", topName);
            w.WriteNumber("sizeInBytes", top.Length);
            w.WriteNumber("modificationTime", topModified);
            w.WritePropertyName("nonFileActions");
            w.WriteStartArray();
            foreach (string line in NonFileActionLines(snapshot))
            {
                w.WriteRawValue(line);
            }
            w.WriteEndArray();
            w.WritePropertyName("sidecarFiles");
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("path", sidecarName);
            w.WriteNumber("sizeInBytes", sidecar.Length);
            w.WriteNumber("modificationTime", sidecarModified);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
        await store.PutAsync(LastCheckpointHint.Path, hint, cancellationToken).ConfigureAwait(false);
        return topKey;
    }

    private static void AppendLogState(CheckpointActionBatch batch, DeltaSnapshot snapshot)
    {
        batch.AppendProtocol(snapshot.Protocol);
        batch.AppendMetadata(snapshot.Metadata);
        foreach (SetTransaction txn in snapshot.Transactions.Values)
        {
            batch.AppendTransaction(txn);
        }
        foreach (DomainMetadata domain in snapshot.DomainMetadata.Values)
        {
            batch.AppendDomainMetadata(domain);
        }
    }

    private static void AppendFiles(CheckpointActionBatch batch, DeltaSnapshot snapshot, List<RemoveFile> tombstones)
    {
        foreach (AddFile file in snapshot.Files)
        {
            batch.AppendAdd(file);
        }
        foreach (RemoveFile remove in tombstones)
        {
            batch.AppendRemove(remove);
        }
    }

    private static byte[] ToParquet(CheckpointActionBatch actions)
    {
        using RecordBatch batch = actions.Build();
        using var output = new MemoryStream();
        using (var writer = new ParquetFileWriter(output, batch.Schema, new ParquetWriterOptions { StatisticsTruncateLength = null }, leaveOpen: true))
        {
            writer.WriteBatch(batch);
            writer.Close();
        }
        return output.ToArray();
    }

    private static async Task<long> ModificationTimeAsync(IObjectStore store, string key, CancellationToken cancellationToken)
    {
        ObjectMeta meta = await store.GetMetadataAsync(key, cancellationToken).ConfigureAwait(false);
        return meta.LastModified.ToUnixTimeMilliseconds();
    }

    private static List<string> NonFileActionLines(DeltaSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        DeltaActionSerializer.WriteProtocol(stream, snapshot.Protocol);
        DeltaActionSerializer.WriteMetadata(stream, snapshot.Metadata);
        DeltaActionSerializer.WriteCheckpointMetadata(stream, snapshot.Version);
        foreach (SetTransaction txn in snapshot.Transactions.Values)
        {
            DeltaActionSerializer.WriteTransaction(stream, txn.AppId, txn.Version, txn.LastUpdated);
        }
        foreach (DomainMetadata domain in snapshot.DomainMetadata.Values)
        {
            DeltaActionSerializer.WriteDomainMetadata(stream, domain);
        }
        var lines = new List<string>();
        foreach (string line in Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            lines.Add(line);
        }
        return lines;
    }

    private static byte[] Hint(DeltaSnapshot snapshot, int rows, long sizeInBytes, Action<Utf8JsonWriter>? extra)
    {
        using var hint = new MemoryStream();
        using (var w = new Utf8JsonWriter(hint))
        {
            w.WriteStartObject();
            w.WriteNumber("version", snapshot.Version);
            w.WriteNumber("size", rows);
            w.WriteNumber("sizeInBytes", sizeInBytes);
            w.WriteNumber("numOfAddFiles", snapshot.Files.Count);
            extra?.Invoke(w);
            w.WriteEndObject();
        }
        return hint.ToArray();
    }

    private static bool IsTrue(IReadOnlyDictionary<string, string?> properties, string key) =>
        properties.TryGetValue(key, out string? value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsFalse(IReadOnlyDictionary<string, string?> properties, string key) =>
        properties.TryGetValue(key, out string? value) && string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
}
