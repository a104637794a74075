using System;
using System.Collections.Generic;
using System.Threading;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// Exports DeltaSharp Arrow data through the Arrow C Data Interface and C Stream Interface, without copying.
/// </summary>
/// <remarks>
/// <para><b>Targets.</b> Each method fills a struct the caller allocated (for example a Python/pyarrow or DuckDB
/// <c>ArrowArray</c>); its previous contents are ignored and overwritten. On success the caller (the consumer) owns
/// the struct and must call its <c>release</c> exactly once. On failure the method throws and the target is left
/// released (all fields zero, <c>release</c> null): there is nothing to release.</para>
/// <para><b>Lifetime.</b> Exported arrays retain their buffers (reference counts), so the consumer may use them
/// after the producing batch, scan or table is disposed, and after <see cref="ExportRecordBatch"/> returns the caller
/// may dispose its batch at once.</para>
/// <para><b>Release callbacks</b> run exactly once per struct, never throw, and may be called from any thread,
/// including native threads the .NET runtime has never seen (they are <c>UnmanagedCallersOnly</c> functions).
/// Children may be moved out and released separately, as the specification allows.</para>
/// </remarks>
public static unsafe class ArrowCExporter
{
    /// <summary>Exports <paramref name="schema"/> as a struct (<c>"+s"</c>) schema whose children are the fields.</summary>
    public static void ExportSchema(Schema schema, ArrowCSchema* target)
    {
        ArgumentNullException.ThrowIfNull(schema);
        CheckTarget(target);
        SchemaExport.ExportSchema(schema, target);
    }

    /// <summary>Exports one field (name, type, nullability, metadata).</summary>
    public static void ExportField(Field field, ArrowCSchema* target)
    {
        ArgumentNullException.ThrowIfNull(field);
        CheckTarget(target);
        SchemaExport.ExportField(field, target);
    }

    /// <summary>Exports <paramref name="batch"/> as a struct array whose children are the columns. Export its
    /// schema with <see cref="ExportSchema"/>. The batch stays owned by the caller.</summary>
    public static void ExportRecordBatch(RecordBatch batch, ArrowCArray* target)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckTarget(target);
        ArrayExport.ExportRecordBatch(batch, target);
    }

    /// <summary>Exports one array. The array stays owned by the caller.</summary>
    public static void ExportArray(ArrowArray array, ArrowCArray* target)
    {
        ArgumentNullException.ThrowIfNull(array);
        CheckTarget(target);
        ArrayExport.ExportArray(array.Data, target);
    }

    /// <summary>
    /// Exports a stream of record batches with <paramref name="schema"/>. The stream takes ownership of
    /// <paramref name="batches"/>' enumerator (disposed at release) and of every batch it yields (disposed right
    /// after export). A failure while producing a batch is reported to the consumer as error code EIO with the
    /// exception's type and message from <c>get_last_error</c>; a batch with another schema is such a failure.
    /// </summary>
    /// <remarks>The stream's callbacks may be called from any thread, one call at a time.</remarks>
    public static void ExportStream(Schema schema, IEnumerable<RecordBatch> batches, ArrowCArrayStream* target)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batches);
        CheckTarget(target);
        *target = default;
        StreamExport.Export(schema, batches.GetEnumerator(), target);
    }

    /// <summary>
    /// Exports an asynchronous sequence of record batches as a C stream. The C interface is synchronous, so each
    /// <c>get_next</c> blocks the consumer's calling thread until the next batch is ready; the enumeration observes
    /// <paramref name="cancellationToken"/>. Ownership as in the synchronous overload.
    /// </summary>
    public static void ExportStream(Schema schema, IAsyncEnumerable<RecordBatch> batches, ArrowCArrayStream* target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batches);
        CheckTarget(target);
        *target = default;
        StreamExport.Export(schema, new BlockingBatchEnumerator(batches, cancellationToken), target);
    }

    private static void CheckTarget(void* target)
    {
        if (target is null)
        {
            throw new ArgumentNullException(nameof(target), "The target struct pointer is null.");
        }
    }
}
