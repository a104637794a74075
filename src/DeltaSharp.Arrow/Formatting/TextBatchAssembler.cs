using System;
using System.Collections.Generic;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>One builder per column of a schema, turned into a record batch every <c>batchSize</c> rows. Owns its
/// builders until disposed. Not thread-safe.</summary>
internal sealed class TextBatchAssembler : IDisposable
{
    private readonly ArrowArrayBuilder[] _builders;
    private int _rows;

    public TextBatchAssembler(Schema schema, ArrowAllocator? allocator)
    {
        Schema = schema;
        _builders = new ArrowArrayBuilder[schema.Fields.Count];
        try
        {
            for (int i = 0; i < _builders.Length; i++)
            {
                Field field = schema.Fields[i];
                TextValueParser.EnsureSupported(field.DataType, field.Name);
                _builders[i] = ArrowArrayBuilder.Create(field.DataType, allocator);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public Schema Schema { get; }

    public int Rows => _rows;

    /// <summary>The column builders, in schema order.</summary>
    public IReadOnlyList<ArrowArrayBuilder> Builders => _builders;

    /// <summary>Marks one row complete; every builder must have grown by exactly one value.</summary>
    public void EndRow() => _rows++;

    /// <summary>Builds the rows so far into a batch (owned by the caller) and starts a new one.</summary>
    public RecordBatch Flush()
    {
        var columns = new List<ArrowArray>(_builders.Length);
        try
        {
            foreach (ArrowArrayBuilder builder in _builders)
            {
                columns.Add(builder.Build());
            }
            var batch = new RecordBatch(Schema, columns, _rows);
            _rows = 0;
            return batch;
        }
        catch
        {
            foreach (ArrowArray column in columns)
            {
                column.Dispose();
            }
            throw;
        }
    }

    public void Dispose()
    {
        foreach (ArrowArrayBuilder? builder in _builders)
        {
            builder?.Dispose();
        }
    }
}
