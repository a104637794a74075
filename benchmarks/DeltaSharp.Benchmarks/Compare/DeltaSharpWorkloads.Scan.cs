using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet;

namespace DeltaSharp.Benchmarks.Compare;

internal static partial class DeltaSharpWorkloads
{
    /// <summary>
    /// The filtered scan: <see cref="DeltaTable.OpenAsync(string, DeltaTableOptions?, CancellationToken)"/> for the
    /// file list, then <see cref="ParquetReader"/> over each file (projection and row-group pruning by <c>id</c>
    /// statistics through the reader options), <c>threads</c> files at a time; every batch is produced then disposed.
    /// Composed here because the Delta scan (<see cref="DeltaSnapshot.ReadAsync"/>) takes no predicate yet.
    /// </summary>
    private static Scan CreateScan(string table, IReadOnlyList<string>? columns, (long Low, long High)? idRange) =>
        new Scan(table, columns, idRange);

    private sealed class Scan : IWorkloadSide
    {
        private readonly string table;
        private readonly ParquetReaderOptions options;

        public Scan(string table, IReadOnlyList<string>? columns, (long Low, long High)? idRange)
        {
            this.table = table;
            options = new ParquetReaderOptions
            {
                Columns = columns,
                RowGroupFilter = idRange is { } range ? info => MayContain(info, range.Low, range.High) : null,
            };
        }

        private static bool MayContain(ParquetRowGroupInfo info, long low, long high) =>
            !info.TryGetMinMax("id", out object? min, out object? max) || min is not long lo || max is not long hi || (hi >= low && lo <= high);

        public async ValueTask<long> RunAsync(int threads, CancellationToken cancellationToken)
        {
            DeltaTable opened = await DeltaTable.OpenAsync(table, null, cancellationToken).ConfigureAwait(false);
            await using (opened.ConfigureAwait(false))
            {
                IReadOnlyList<AddFile> files = opened.Snapshot.Files;
                int next = -1;
                long rows = 0;
                var workers = new Task[Math.Max(1, threads)];
                for (int w = 0; w < workers.Length; w++)
                {
                    workers[w] = Task.Run(async () =>
                    {
                        long mine = 0;
                        int index;
                        while ((index = Interlocked.Increment(ref next)) < files.Count)
                        {
                            mine += await ReadFileAsync(Path.Combine(table, files[index].RelativePath), cancellationToken).ConfigureAwait(false);
                        }
                        Interlocked.Add(ref rows, mine);
                    }, cancellationToken);
                }
                await Task.WhenAll(workers).ConfigureAwait(false);
                return rows;
            }
        }

        private async Task<long> ReadFileAsync(string path, CancellationToken cancellationToken)
        {
            long rows = 0;
            ParquetReader reader = await ParquetReader.OpenFileAsync(path, options, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await foreach (RecordBatch batch in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows += batch.Length;
                    batch.Dispose();
                }
            }
            return rows;
        }

        public void Dispose()
        {
        }
    }
}
