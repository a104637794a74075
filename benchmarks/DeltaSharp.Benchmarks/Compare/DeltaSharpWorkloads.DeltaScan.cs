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
    /// disposed. The scan reads files one after another, so <c>threads</c> does not apply.</summary>
    private sealed class DeltaScan : IWorkloadSide
    {
        private readonly string table;
        private readonly DeltaScanOptions options;

        public DeltaScan(string table, IReadOnlyList<string>? columns, string? filter = null)
        {
            this.table = table;
            options = new DeltaScanOptions { Columns = columns, Filter = filter is null ? null : DeltaExpressionParser.Parse(filter) };
        }

        public async ValueTask<long> RunAsync(int threads, CancellationToken cancellationToken)
        {
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
