using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Expressions;

namespace DeltaSharp.Benchmarks.Compare;

internal static partial class DeltaSharpWorkloads
{
    /// <summary>The product scan: open the table, then <see cref="DeltaSnapshot.ReadAsync"/> (logical columns,
    /// partition values materialised, deletion vectors applied, and with a filter: files skipped by partition values
    /// and statistics, row groups by Parquet statistics, rows filtered exactly); every batch is produced then
    /// disposed. <c>threads</c> is the scan's <see cref="DeltaScanOptions.MaxConcurrentFiles"/> (files decoded
    /// concurrently, ahead of the consumer; batches still in path order).</summary>
    private sealed class DeltaScan : IWorkloadSide
    {
        private readonly string table;
        private readonly IReadOnlyList<string>? columns;
        private readonly DeltaExpression? filter;

        public DeltaScan(string table, IReadOnlyList<string>? columns, string? filter = null)
        {
            this.table = table;
            this.columns = columns;
            this.filter = filter is null ? null : DeltaExpressionParser.Parse(filter);
        }

        public async ValueTask<long> RunAsync(int threads, CancellationToken cancellationToken)
        {
            var options = new DeltaScanOptions { Columns = columns, Filter = filter, MaxConcurrentFiles = threads };
            DeltaTable opened = await DeltaTable.OpenAsync(table, null, cancellationToken).ConfigureAwait(false);
            await using (opened.ConfigureAwait(false))
            {
                long rows = 0;
                await foreach (RecordBatch batch in opened.Snapshot.ReadAsync(options, cancellationToken).ConfigureAwait(false))
                {
                    rows += batch.Length;
                    batch.Dispose();
                }
                return rows;
            }
        }

        public void Dispose()
        {
        }
    }
}
