using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// Fills <see cref="ArrowCArrayStream"/> structs over an enumerator of record batches. The stream owns the
/// enumerator (disposed at release) and every batch it yields (disposed right after export: the exported array
/// retains the buffers). Callbacks never throw: failures become an errno-style return code plus
/// <c>get_last_error</c> text.
/// </summary>
internal static unsafe class StreamExport
{
    private const int EIO = 5;
    private const int EINVAL = 22;

    internal static void Export(Schema schema, IEnumerator<RecordBatch> batches, ArrowCArrayStream* target)
    {
        var state = new StreamState(schema, batches);
        target->GetSchema = &GetSchema;
        target->GetNext = &GetNext;
        target->GetLastError = &GetLastError;
        target->PrivateData = ExportRegistry<StreamState>.Register(state);
        target->Release = &Release;
        ArrowCDiagnostics.StreamExported();
    }

    private static StreamState? StateOf(ArrowCArrayStream* stream)
    {
        if (stream is null || stream->Release is null)
        {
            return null;
        }
        return ExportRegistry<StreamState>.Peek(stream->PrivateData);
    }

#pragma warning disable CA1031 // Stream callbacks must never throw into native code.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int GetSchema(ArrowCArrayStream* stream, ArrowCSchema* target)
    {
        StreamState? state = StateOf(stream);
        if (state is null || target is null)
        {
            return EINVAL;
        }
        lock (state)
        {
            try
            {
                SchemaExport.ExportSchema(state.Schema, target);
                return 0;
            }
            catch (Exception failure)
            {
                state.SetError(failure);
                return EIO;
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int GetNext(ArrowCArrayStream* stream, ArrowCArray* target)
    {
        StreamState? state = StateOf(stream);
        if (state is null || target is null)
        {
            return EINVAL;
        }
        lock (state)
        {
            *target = default;
            if (state.Failed)
            {
                return EIO;
            }
            if (state.Finished)
            {
                return 0;
            }
            try
            {
                if (!state.Batches.MoveNext())
                {
                    state.Finished = true;
                    return 0;
                }
                using RecordBatch batch = state.Batches.Current;
                if (!batch.Schema.Equals(state.Schema))
                {
                    throw new InvalidOperationException("A batch's schema differs from the stream's schema: " + batch.Schema + " vs " + state.Schema + ".");
                }
                ArrayExport.ExportRecordBatch(batch, target);
                return 0;
            }
            catch (Exception failure)
            {
                state.SetError(failure);
                return EIO;
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte* GetLastError(ArrowCArrayStream* stream)
    {
        try
        {
            StreamState? state = StateOf(stream);
            return state is null ? null : state.LastError;
        }
        catch (Exception)
        {
            return null;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Release(ArrowCArrayStream* stream)
    {
        try
        {
            if (stream is null || stream->Release is null)
            {
                return;
            }
            StreamState? state = ExportRegistry<StreamState>.Claim(stream->PrivateData);
            if (state is null)
            {
                return;
            }
            stream->Release = null;
            stream->PrivateData = null;
            lock (state)
            {
                state.Dispose();
            }
            ArrowCDiagnostics.StreamReleased();
        }
        catch (Exception)
        {
            ArrowCDiagnostics.ReleaseFailed();
        }
    }
#pragma warning restore CA1031

    internal sealed class StreamState(Schema schema, IEnumerator<RecordBatch> batches) : IDisposable
    {
        public Schema Schema { get; } = schema;

        public IEnumerator<RecordBatch> Batches { get; } = batches;

        public bool Finished { get; set; }

        public bool Failed { get; private set; }

        public byte* LastError { get; private set; }

        public void SetError(Exception failure)
        {
            Failed = true;
            NativeMemory.Free(LastError);
            LastError = NativeStrings.Utf8(failure.GetType().Name + ": " + failure.Message);
        }

        public void Dispose()
        {
            NativeMemory.Free(LastError);
            LastError = null;
            Batches.Dispose();
        }
    }
}
