using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Benchmarks.Datasets;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.Storage;
using DeltaSharp.Writing;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>
/// The DeltaSharp side of every workload, through the public API on main. A workload whose API has not landed
/// throws <see cref="WorkloadUnavailableException"/> naming what it waits for.
/// </summary>
internal static partial class DeltaSharpWorkloads
{
    /// <summary>Creates the DeltaSharp side of <paramref name="name"/> (untimed preparation included).</summary>
    public static IWorkloadSide Create(string name, DatasetScale scale, DatasetPaths paths) => name switch
    {
        "scan_snappy" or "scan_zstd" or "scan_uncompressed" => new DeltaScan(paths.Wide(name.Substring(5)), null),
        "scan_project2" => new DeltaScan(paths.Wide("snappy"), WorkloadCatalog.ProjectedColumns),
        "scan_filter" => new DeltaScan(paths.Wide("snappy"), null, WorkloadCatalog.FilterSql(scale)),
        "part_scan" => new DeltaScan(paths.Partitioned, null),
        "part_filter" => new DeltaScan(paths.Partitioned, null, WorkloadCatalog.PartitionFilterSql),
        "part_list" => new PlanFiles(paths.Partitioned),
        "ckpt_load" => new SnapshotLoad(paths.LogCheckpoint, requireCheckpoint: true),
        "json_many_commits" => new SnapshotLoad(paths.LogManyCommits, requireCheckpoint: false),
        "json_big_commits" => new SnapshotLoad(paths.LogBigCommits, requireCheckpoint: false),
        "write_snappy" => new WriteParquet(scale, paths, delta: false),
        "write_delta" => new WriteParquet(scale, paths, delta: true),
        _ => throw new ArgumentException($"unknown workload {name}", nameof(name)),
    };

    /// <summary>Loads the latest snapshot of a table (log replay: JSON commits and/or checkpoint).</summary>
    private sealed class SnapshotLoad : IWorkloadSide
    {
        private readonly string table;
        private readonly bool requireCheckpoint;

        public SnapshotLoad(string table, bool requireCheckpoint)
        {
            this.table = table;
            this.requireCheckpoint = requireCheckpoint;
        }

        public async ValueTask<long> RunAsync(int threads, CancellationToken cancellationToken)
        {
            DeltaTable opened;
            try
            {
                opened = await DeltaTable.OpenAsync(table, null, cancellationToken).ConfigureAwait(false);
            }
            catch (DeltaException e)
            {
                throw new WorkloadUnavailableException($"DeltaTable.OpenAsync failed: {e.GetType().Name}: {FirstLine(e.Message)}", e);
            }
            await using (opened.ConfigureAwait(false))
            {
                DeltaSnapshot snapshot = opened.Snapshot;
                if (requireCheckpoint && snapshot.CheckpointVersion is null)
                {
                    throw new WorkloadUnavailableException("snapshot did not load from the Parquet checkpoint (no checkpoint reader on main)");
                }
                return snapshot.Files.Count;
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Plans a scan of every file: loads the latest snapshot and walks its file list, resolving each file's
    /// relative path and partition value (what a scan does before it opens the first data file).</summary>
    private sealed class PlanFiles : IWorkloadSide
    {
        private readonly string table;

        public PlanFiles(string table)
        {
            this.table = table;
        }

        public async ValueTask<long> RunAsync(int threads, CancellationToken cancellationToken)
        {
            DeltaTable opened = await DeltaTable.OpenAsync(table, null, cancellationToken).ConfigureAwait(false);
            await using (opened.ConfigureAwait(false))
            {
                long resolved = 0;
                string column = opened.Snapshot.PartitionColumns[0];
                foreach (DeltaSharp.Actions.AddFile file in opened.Snapshot.Files)
                {
                    if (file.RelativePath.Length > 0 && file.PartitionValues.TryGetValue(column, out string? value) && value is not null)
                    {
                        resolved++;
                    }
                }
                return resolved;
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Writes the wide table's rows (built in memory beforehand, untimed) with <see cref="ParquetFileWriter"/>
    /// to one file, or with <see cref="DeltaTableWriter"/> to a new Delta table (create + one append commit).</summary>
    private sealed class WriteParquet : IWorkloadSide
    {
        private const int BatchRows = 64 * 1024;
        private readonly List<RecordBatch> batches = [];
        private readonly string output;
        private readonly long rows;
        private readonly bool delta;

        public WriteParquet(DatasetScale scale, DatasetPaths paths, bool delta)
        {
            this.delta = delta;
            Directory.CreateDirectory(paths.WriteOutput);
            output = Path.Combine(paths.WriteOutput, delta ? "deltasharp_table" : "deltasharp.parquet");
            DeltaSharp.Arrow.Schema schema = WideTable.ArrowSchema();
            for (long start = 0; start < scale.WideRows; start += BatchRows)
            {
                int count = (int)Math.Min(BatchRows, scale.WideRows - start);
                batches.Add(WideTable.BuildBatch(schema, start, count));
            }
            rows = scale.WideRows;
        }

        public async ValueTask<long> RunAsync(int threads, CancellationToken cancellationToken)
        {
            // Delta writer: encodes the columns of each batch on the runtime's workers, EncodingParallelism defaulting
            // to Environment.ProcessorCount (= threads in this worker, see WorkerProcess.Start).
            if (delta)
            {
                return await WriteDeltaAsync(cancellationToken).ConfigureAwait(false);
            }
            // Parquet writer: the same parallel column encoding, `threads` participants.
            var options = new ParquetWriterOptions
            {
                Compression = ParquetCompressionCodec.Snappy,
                ParallelWorkScheduler = threads > 1 ? work => DeltaSharp.Runtime.DeltaRuntime.Shared.RunAsync(work) : null,
                EncodingParallelism = threads,
            };
            var stream = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: false);
            await using (stream.ConfigureAwait(false))
            {
                var writer = new ParquetFileWriter(stream, batches[0].Schema, options, leaveOpen: true);
                await using (writer.ConfigureAwait(false))
                {
                    foreach (RecordBatch batch in batches)
                    {
                        await writer.WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                    }
                    await writer.CloseAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            return rows;
        }

        private async Task<long> WriteDeltaAsync(CancellationToken cancellationToken)
        {
            DeleteOutput();
            Directory.CreateDirectory(output);
            var store = new LocalObjectStore(output);
            await using (store.ConfigureAwait(false))
            {
                await DeltaTableWriter.CreateTableAsync(store, batches[0].Schema, null, cancellationToken).ConfigureAwait(false);
                DeltaTable table = await DeltaTable.OpenAsync(store, output, null, cancellationToken).ConfigureAwait(false);
                await using (table.ConfigureAwait(false))
                {
                    var options = new DeltaWriteOptions { Compression = ParquetCompressionCodec.Snappy };
                    DeltaWriteResult result = await DeltaTableWriter.WriteAsync(table, batches, options, cancellationToken).ConfigureAwait(false);
                    return result.RowCount;
                }
            }
        }

        private void DeleteOutput()
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
            File.Delete(output);
        }

        public void Dispose()
        {
            foreach (RecordBatch batch in batches)
            {
                batch.Dispose();
            }
            batches.Clear();
            DeleteOutput();
        }
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text.Substring(0, newline);
    }
}
