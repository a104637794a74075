using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// Reads record batches from an imported Arrow C stream (see <see cref="ArrowCImporter.ImportStream"/>). Owns the
/// stream: <see cref="Dispose"/> calls its release exactly once.
/// </summary>
/// <remarks>Not thread-safe: one call at a time. Batches returned by <see cref="ReadNext"/> are owned by the caller
/// and stay valid after the reader is disposed (they hold the producer's memory until disposed themselves).</remarks>
public sealed unsafe class ArrowCStreamReader : IDisposable
{
    private nint _address;

    internal ArrowCStreamReader(ArrowCArrayStream* source)
    {
        ArrowCArrayStream* stream = (ArrowCArrayStream*)NativeMemory.Alloc((nuint)sizeof(ArrowCArrayStream));
        *stream = *source;
        source->Release = null;
        _address = (nint)stream;
        try
        {
            ArrowCSchema schema = default;
            int code = stream->GetSchema(stream, &schema);
            if (code != 0)
            {
                throw ProducerError("get_schema", code);
            }
            Schema = ArrowCImporter.ImportSchema(&schema);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The schema every batch of the stream has.</summary>
    public Schema Schema { get; }

    /// <summary>The next batch (owned by the caller), or null at the end of the stream.</summary>
    /// <exception cref="InvalidOperationException">The producer reported an error (message included).</exception>
    /// <exception cref="FormatException">The producer returned a malformed batch.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public RecordBatch? ReadNext()
    {
        ArrowCArrayStream* stream = (ArrowCArrayStream*)Volatile.Read(ref _address);
        ObjectDisposedException.ThrowIf(stream is null, this);
        ArrowCArray array = default;
        int code = stream->GetNext(stream, &array);
        if (code != 0)
        {
            throw ProducerError("get_next", code);
        }
        if (array.Release is null)
        {
            return null;
        }
        return ArrowCImporter.ImportRecordBatch(&array, Schema);
    }

    /// <summary>Releases the stream (exactly once; idempotent). Batches already read stay valid.</summary>
    public void Dispose()
    {
        ArrowCArrayStream* stream = (ArrowCArrayStream*)Interlocked.Exchange(ref _address, 0);
        if (stream is null)
        {
            return;
        }
        if (stream->Release is not null)
        {
            stream->Release(stream);
        }
        NativeMemory.Free(stream);
    }

    private InvalidOperationException ProducerError(string call, int code)
    {
        ArrowCArrayStream* stream = (ArrowCArrayStream*)Volatile.Read(ref _address);
        string? detail = stream is null || stream->GetLastError is null ? null : NativeStrings.ReadUtf8(stream->GetLastError(stream));
        return new InvalidOperationException($"Arrow C stream producer failed in {call} (error {code}): {detail ?? "no detail given"}.");
    }
}
