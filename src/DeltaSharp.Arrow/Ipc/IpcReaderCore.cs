using System;
using System.Collections.Generic;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Decoding state shared by the stream and file readers: the schema, and the dictionaries received so far (owned
/// here; batches hold their own references). Turns record batch messages into <see cref="RecordBatch"/>es.
/// </summary>
internal sealed class IpcReaderCore : IDisposable
{
    private readonly Dictionary<long, ArrayData> _dictionaries = new();
    private readonly ArrowAllocator _allocator;

    public IpcReaderCore(IpcSchemaInfo schema, ArrowAllocator allocator)
    {
        SchemaInfo = schema;
        _allocator = allocator;
    }

    public IpcSchemaInfo SchemaInfo { get; }

    /// <summary>Applies a dictionary batch (new, replacement or delta).</summary>
    public void ApplyDictionary(IpcMessage message, ArrowBuffer body, string context)
    {
        if (!SchemaInfo.DictionaryTypes.TryGetValue(message.DictionaryId, out DictionaryType? type))
        {
            throw new ArrowIpcFormatException($"{context}: dictionary batch for id {message.DictionaryId}, which no schema field uses.");
        }
        var decoder = new RecordBatchBodyDecoder(message.Batch!, body, _allocator, Array.Empty<long>(), _dictionaries, context);
        ArrayData values = decoder.DecodeDictionary(type.ValueType, $"dictionary {message.DictionaryId}");
        if (message.IsDelta && _dictionaries.TryGetValue(message.DictionaryId, out ArrayData? existing))
        {
            if (!ArrayConcatenation.IsSupported(type.ValueType))
            {
                values.Dispose();
                throw new ArrowIpcFormatException($"{context}: dictionary deltas of type {type.ValueType} are not supported.");
            }
            ArrayData merged;
            try
            {
                merged = ArrayConcatenation.Concat(existing, values, _allocator);
            }
            finally
            {
                values.Dispose();
            }
            existing.Dispose();
            _dictionaries[message.DictionaryId] = merged;
            return;
        }
        if (_dictionaries.Remove(message.DictionaryId, out ArrayData? replaced))
        {
            replaced.Dispose();
        }
        _dictionaries[message.DictionaryId] = values;
    }

    /// <summary>Decodes a record batch message; the caller owns the result.</summary>
    public RecordBatch DecodeBatch(IpcMessage message, ArrowBuffer body, string context)
    {
        var decoder = new RecordBatchBodyDecoder(message.Batch!, body, _allocator, SchemaInfo.DictionaryIds, _dictionaries, context);
        ArrayData[] columns = decoder.DecodeColumns(SchemaInfo.Schema.Fields);
        var arrays = new ArrowArray[columns.Length];
        int made = 0;
        try
        {
            for (; made < columns.Length; made++)
            {
                arrays[made] = ArrowArray.FromData(columns[made]);
            }
            return new RecordBatch(SchemaInfo.Schema, arrays, (int)message.Batch!.Length);
        }
        catch
        {
            for (int i = 0; i < columns.Length; i++)
            {
                if (i < made)
                {
                    arrays[i].Dispose();
                }
                else
                {
                    columns[i].Dispose();
                }
            }
            throw;
        }
    }

    public void Dispose()
    {
        foreach (ArrayData d in _dictionaries.Values)
        {
            d.Dispose();
        }
        _dictionaries.Clear();
    }
}
