using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// Fills <see cref="ArrowCArray"/> structs without copying data. Each exported node (the batch's struct, every
/// column, every child and dictionary) retains its own buffers through the buffers' reference counts, so the
/// export stays valid after the producing arrays, batch, scan or table are disposed, and each node can be moved out
/// and released on its own, as the specification allows.
/// </summary>
internal static unsafe class ArrayExport
{
    private static nint s_zeros;

    internal static void ExportRecordBatch(RecordBatch batch, ArrowCArray* target)
    {
        IReadOnlyList<ArrowArray> columns = batch.Columns;
        var children = new ArrayData[columns.Count];
        for (int i = 0; i < children.Length; i++)
        {
            children[i] = columns[i].Data;
        }
        Fill(target, batch.Length, 0, 0, [null], children, dictionary: null, viewDataBuffers: -1);
    }

    internal static void ExportArray(ArrayData data, ArrowCArray* target)
    {
        ArrowType type = data.Type;
        IReadOnlyList<ArrowBuffer?> buffers = type.TypeId == ArrowTypeId.Null ? [] : data.Buffers;
        int viewDataBuffers = type is BinaryType { IsView: true } ? buffers.Count - 2 : -1;
        Fill(target, data.Length, data.NullCount, data.Offset, buffers, data.Children, data.Dictionary, viewDataBuffers);
    }

    private static void Fill(
        ArrowCArray* target,
        long length,
        long nullCount,
        long offset,
        IReadOnlyList<ArrowBuffer?> buffers,
        IReadOnlyList<ArrayData> children,
        ArrayData? dictionary,
        int viewDataBuffers)
    {
        *target = default;
        int bufferCount = buffers.Count + (viewDataBuffers >= 0 ? 1 : 0);
        int childCount = children.Count;
        // One native block: buffer pointers | child pointers | child structs | dictionary struct | view sizes.
        nuint pointersBytes = (nuint)((bufferCount + childCount) * sizeof(void*));
        nuint structsBytes = (nuint)((childCount + (dictionary is null ? 0 : 1)) * sizeof(ArrowCArray));
        nuint sizesBytes = (nuint)(Math.Max(viewDataBuffers, 0) * sizeof(long));
        byte* block = (byte*)NativeMemory.AllocZeroed(Math.Max(pointersBytes + structsBytes + sizesBytes, 1));
        void** bufferPointers = (void**)block;
        ArrowCArray** childPointers = (ArrowCArray**)(block + (bufferCount * sizeof(void*)));
        ArrowCArray* childStructs = (ArrowCArray*)(block + pointersBytes);
        ArrowCArray* dictionaryStruct = dictionary is null ? null : childStructs + childCount;
        long* viewSizes = (long*)(block + pointersBytes + structsBytes);
        var node = new ExportedNode(block, buffers.Count);
        try
        {
            for (int i = 0; i < buffers.Count; i++)
            {
                ArrowBuffer? buffer = buffers[i];
                if (buffer is null)
                {
                    // Only validity may be absent; any other missing buffer must still be a valid address.
                    bufferPointers[i] = i == 0 ? null : Zeros();
                    continue;
                }
                ArrowBuffer retained = buffer.Retain();
                node.Retained[i] = retained;
                bufferPointers[i] = (void*)retained.Address;
                if (viewDataBuffers >= 0 && i >= 2)
                {
                    viewSizes[i - 2] = retained.Length;
                }
            }
            if (viewDataBuffers >= 0)
            {
                bufferPointers[bufferCount - 1] = viewSizes;
            }
            for (int i = 0; i < childCount; i++)
            {
                childPointers[i] = &childStructs[i];
                ExportArray(children[i], &childStructs[i]);
            }
            if (dictionary is not null)
            {
                ExportArray(dictionary, dictionaryStruct);
            }
        }
        catch
        {
            ReleaseChildren(childPointers, childCount, dictionaryStruct);
            node.Free();
            throw;
        }
        target->Length = length;
        target->NullCount = nullCount;
        target->Offset = offset;
        target->BufferCount = bufferCount;
        target->ChildCount = childCount;
        target->Buffers = bufferPointers;
        target->Children = childCount == 0 ? null : childPointers;
        target->Dictionary = dictionaryStruct;
        target->PrivateData = ExportRegistry<ExportedNode>.Register(node);
        target->Release = &Release;
        ArrowCDiagnostics.ArrayExported();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Release(ArrowCArray* array)
    {
#pragma warning disable CA1031 // A release callback must never throw into native code.
        try
        {
            if (array is null || array->Release is null)
            {
                return;
            }
            // Claim the node first: exactly once, even for a second call or a bitwise copy of the struct.
            ExportedNode? node = ExportRegistry<ExportedNode>.Claim(array->PrivateData);
            if (node is null)
            {
                return;
            }
            ReleaseChildren(array->Children, (int)array->ChildCount, array->Dictionary);
            node.Free();
            array->PrivateData = null;
            array->Buffers = null;
            array->Children = null;
            array->Dictionary = null;
            array->Release = null;
            ArrowCDiagnostics.ArrayReleased();
        }
        catch (Exception)
        {
            ArrowCDiagnostics.ReleaseFailed();
        }
#pragma warning restore CA1031
    }

    private static void ReleaseChildren(ArrowCArray** children, int count, ArrowCArray* dictionary)
    {
        for (int i = 0; children is not null && i < count; i++)
        {
            ArrowCArray* child = children[i];
            if (child is not null && child->Release is not null)
            {
                child->Release(child);
            }
        }
        if (dictionary is not null && dictionary->Release is not null)
        {
            dictionary->Release(dictionary);
        }
    }

    /// <summary>A shared, never-freed block of zeros for buffers that must be valid addresses but hold nothing.</summary>
    private static byte* Zeros()
    {
        byte* zeros = (byte*)Volatile.Read(ref s_zeros);
        if (zeros is not null)
        {
            return zeros;
        }
        byte* fresh = (byte*)NativeMemory.AlignedAlloc(64, ArrowAllocator.Alignment);
        new Span<byte>(fresh, 64).Clear();
        nint won = Interlocked.CompareExchange(ref s_zeros, (nint)fresh, 0);
        if (won != 0)
        {
            NativeMemory.AlignedFree(fresh);
            return (byte*)won;
        }
        return fresh;
    }

    /// <summary>What one exported node owns: its retained buffers and its native block.</summary>
    internal sealed class ExportedNode
    {
        private byte* _block;

        internal ExportedNode(byte* block, int bufferCount)
        {
            _block = block;
            Retained = new ArrowBuffer?[bufferCount];
        }

        internal ArrowBuffer?[] Retained { get; }

        internal void Free()
        {
            foreach (ArrowBuffer? buffer in Retained)
            {
                buffer?.Dispose();
            }
            NativeMemory.Free(_block);
            _block = null;
        }
    }
}
