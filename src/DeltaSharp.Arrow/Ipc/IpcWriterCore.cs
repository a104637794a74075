using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// The shared engine of the stream and file writers: writes the schema message, dictionary batches when a
/// dictionary first appears or changes, and record batch messages, tracking positions for the file footer.
/// </summary>
internal sealed class IpcWriterCore : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ArrowIpcWriteOptions _options;
    private readonly bool _fileFormat;
    private readonly List<long> _dictionaryIds = new();
    private readonly IpcFramedMessage _frame = new();
    private ArrayData?[] _written = Array.Empty<ArrayData?>();
    private bool _started;
    private bool _finished;
    private bool _disposed;

    public IpcWriterCore(Stream stream, Schema schema, ArrowIpcWriteOptions? options, bool leaveOpen, bool fileFormat)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }
        _stream = stream;
        _leaveOpen = leaveOpen;
        _options = options ?? ArrowIpcWriteOptions.Default;
        _fileFormat = fileFormat;
        Schema = schema;
    }

    public Schema Schema { get; }

    public long Position { get; private set; }

    public IpcBlockList DictionaryBlocks { get; } = new();

    public IpcBlockList BatchBlocks { get; } = new();

    public async ValueTask StartAsync(bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_started)
        {
            return;
        }
        _started = true;
        if (_fileFormat)
        {
            byte[] magic = "ARROW1\0\0"u8.ToArray();
            await WriteRawAsync(magic, useAsync, cancellationToken).ConfigureAwait(false);
        }
        byte[] schemaMessage = IpcMessageEncoder.EncodeSchema(Schema, _dictionaryIds);
        _written = new ArrayData?[_dictionaryIds.Count];
        _frame.Frame(schemaMessage, null);
        await WriteRawAsync(_frame.Bytes, useAsync, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteBatchAsync(RecordBatch batch, bool useAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("The writer has already been finished.");
        }
        if (!batch.Schema.Equals(Schema) && !SameTypes(batch.Schema, Schema))
        {
            throw new ArgumentException("The batch's schema differs from the writer's schema.", nameof(batch));
        }
        await StartAsync(useAsync, cancellationToken).ConfigureAwait(false);
        using var body = new RecordBatchBodyEncoder(_options.Compression, _options.ZstdLevel);
        foreach (ArrowArray column in batch.Columns)
        {
            body.AddColumn(column.Data);
        }
        if (body.Dictionaries.Count != _dictionaryIds.Count)
        {
            throw new InvalidOperationException($"The batch has {body.Dictionaries.Count} dictionary-encoded columns but the schema has {_dictionaryIds.Count}.");
        }
        for (int i = 0; i < body.Dictionaries.Count; i++)
        {
            ArrayData dictionary = body.Dictionaries[i];
            if (_written[i] is { } previous && SameMemory(previous, dictionary))
            {
                continue;
            }
            if (_written[i] is not null && _fileFormat)
            {
                throw new NotSupportedException("The Arrow IPC file format cannot replace a dictionary; write batches that share one dictionary per field, or use the stream format.");
            }
            using (var dictionaryBody = new RecordBatchBodyEncoder(_options.Compression, _options.ZstdLevel))
            {
                dictionaryBody.AddColumn(dictionary);
                dictionaryBody.Finish();
                byte[] message = IpcMessageEncoder.EncodeDictionaryBatch(_dictionaryIds[i], isDelta: false, dictionary.Length, dictionaryBody);
                await WriteMessageAsync(message, dictionaryBody, DictionaryBlocks, useAsync, cancellationToken).ConfigureAwait(false);
            }
            _written[i]?.Dispose();
            _written[i] = dictionary.Retain();
        }
        body.Finish();
        byte[] batchMessage = IpcMessageEncoder.EncodeRecordBatch(batch.Length, body);
        await WriteMessageAsync(batchMessage, body, BatchBlocks, useAsync, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteMessageAsync(byte[] message, RecordBatchBodyEncoder body, IpcBlockList blocks, bool useAsync, CancellationToken cancellationToken)
    {
        _frame.Frame(message, body);
        blocks.Add(Position, _frame.MetadataLength, _frame.BodyLength);
        await WriteRawAsync(_frame.Bytes, useAsync, cancellationToken).ConfigureAwait(false);
        await body.WriteBodyAsync(_stream, useAsync, cancellationToken).ConfigureAwait(false);
        Position += body.BodyLength;
    }

    public async ValueTask FinishAsync(bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            return;
        }
        await StartAsync(useAsync, cancellationToken).ConfigureAwait(false);
        _finished = true;
        byte[] end = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];
        await WriteRawAsync(end, useAsync, cancellationToken).ConfigureAwait(false);
        if (_fileFormat)
        {
            byte[] footer = IpcMessageEncoder.EncodeFooter(Schema, DictionaryBlocks, BatchBlocks);
            byte[] tail = new byte[footer.Length + 10];
            footer.CopyTo(tail, 0);
            BitConverter.TryWriteBytes(tail.AsSpan(footer.Length), footer.Length);
            "ARROW1"u8.CopyTo(tail.AsSpan(footer.Length + 4));
            await WriteRawAsync(tail, useAsync, cancellationToken).ConfigureAwait(false);
        }
        if (useAsync)
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _stream.Flush();
        }
    }

    public bool IsFinished => _finished;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (ArrayData? d in _written)
        {
            d?.Dispose();
        }
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private async ValueTask WriteRawAsync(ReadOnlyMemory<byte> bytes, bool useAsync, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (useAsync)
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _stream.Write(bytes.Span);
        }
        Position += bytes.Length;
    }

    private static bool SameTypes(Schema a, Schema b)
    {
        if (a.Fields.Count != b.Fields.Count)
        {
            return false;
        }
        for (int i = 0; i < a.Fields.Count; i++)
        {
            if (!a.Fields[i].DataType.Equals(b.Fields[i].DataType))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when both arrays view the same memory (so the dictionary need not be sent again).</summary>
    private static bool SameMemory(ArrayData a, ArrayData b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (!a.Type.Equals(b.Type) || a.Length != b.Length || a.Offset != b.Offset || a.Buffers.Count != b.Buffers.Count || a.Children.Count != b.Children.Count)
        {
            return false;
        }
        for (int i = 0; i < a.Buffers.Count; i++)
        {
            var x = a.Buffers[i];
            var y = b.Buffers[i];
            if ((x is null) != (y is null) || (x is not null && (x.Address != y!.Address || x.Length != y.Length)))
            {
                return false;
            }
        }
        for (int i = 0; i < a.Children.Count; i++)
        {
            if (!SameMemory(a.Children[i], b.Children[i]))
            {
                return false;
            }
        }
        return a.Type.TypeId != ArrowTypeId.Dictionary || SameMemory(a.Dictionary!, b.Dictionary!);
    }
}
