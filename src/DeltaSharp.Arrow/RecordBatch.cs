using System;
using System.Collections.Generic;
using System.Threading;

namespace DeltaSharp.Arrow;

/// <summary>
/// A schema plus one array per field, all of <see cref="Length"/> rows.
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> A record batch owns its columns: the constructor takes over the arrays passed in (on
/// success), and <see cref="Dispose"/> releases them (idempotent, any thread). <see cref="Column(int)"/> returns a
/// borrowed array valid while the batch lives. <see cref="Slice"/> and <see cref="Retain"/> return new owners that
/// share memory.</para>
/// </remarks>
public sealed class RecordBatch : IDisposable
{
    private readonly ArrowArray[] _columns;
    private int _disposed;

    /// <summary>Creates a batch, taking ownership of <paramref name="columns"/> (which must own their data).</summary>
    /// <exception cref="ArgumentException">Column count, types or lengths do not match the schema, or a column is
    /// borrowed.</exception>
    public RecordBatch(Schema schema, IEnumerable<ArrowArray> columns, int length)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArrowArray[] cols = [.. columns];
        if (cols.Length != schema.Fields.Count)
        {
            throw new ArgumentException($"Schema has {schema.Fields.Count} fields but {cols.Length} columns were given.", nameof(columns));
        }
        for (int i = 0; i < cols.Length; i++)
        {
            ArrowArray c = cols[i] ?? throw new ArgumentNullException(nameof(columns), $"Column {i} is null.");
            if (!c.Type.Equals(schema.Fields[i].DataType))
            {
                throw new ArgumentException($"Column {i} ('{schema.Fields[i].Name}') has type {c.Type}; the schema says {schema.Fields[i].DataType}.", nameof(columns));
            }
            if (c.Length != length)
            {
                throw new ArgumentException($"Column {i} ('{schema.Fields[i].Name}') has {c.Length} rows; the batch has {length}.", nameof(columns));
            }
            if (!c.OwnsData)
            {
                throw new ArgumentException($"Column {i} ('{schema.Fields[i].Name}') is a borrowed array; pass an owning one (e.g. Retain()).", nameof(columns));
            }
        }
        Schema = schema;
        _columns = cols;
        Length = length;
    }

    /// <summary>The schema.</summary>
    public Schema Schema { get; }

    /// <summary>Number of rows.</summary>
    public int Length { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>The columns (borrowed).</summary>
    public IReadOnlyList<ArrowArray> Columns
    {
        get
        {
            ThrowIfDisposed();
            return _columns;
        }
    }

    /// <summary>Column <paramref name="index"/> (borrowed).</summary>
    public ArrowArray Column(int index)
    {
        ThrowIfDisposed();
        return _columns[index];
    }

    /// <summary>The column named <paramref name="name"/> (borrowed).</summary>
    /// <exception cref="ArgumentException">No such column.</exception>
    public ArrowArray Column(string name)
    {
        int index = Schema.GetFieldIndex(name);
        if (index < 0)
        {
            throw new ArgumentException($"No column named '{name}'.", nameof(name));
        }
        return Column(index);
    }

    /// <summary>A new batch of rows <c>[offset, offset + length)</c> sharing memory. The caller owns it.</summary>
    public RecordBatch Slice(int offset, int length)
    {
        ThrowIfDisposed();
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Slice [{offset}, +{length}) is outside a batch of {Length} rows.");
        }
        ArrowArray[] sliced = new ArrowArray[_columns.Length];
        try
        {
            for (int i = 0; i < sliced.Length; i++)
            {
                sliced[i] = _columns[i].Slice(offset, length);
            }
            return new RecordBatch(Schema, sliced, length);
        }
        catch
        {
            foreach (ArrowArray? a in sliced)
            {
                a?.Dispose();
            }
            throw;
        }
    }

    /// <summary>A new owner of the same rows sharing memory.</summary>
    public RecordBatch Retain() => Slice(0, Length);

    /// <summary>Releases every column. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        foreach (ArrowArray c in _columns)
        {
            c.Dispose();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
