using System.Runtime.InteropServices;
using System.Threading;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Tests.Scanning;

/// <summary>Native aligned memory that records the peak of outstanding bytes (thread-safe).</summary>
internal sealed unsafe class PeakTrackingAllocator : ArrowAllocator
{
    private long current;
    private long peak;

    public long PeakBytes => Interlocked.Read(ref peak);

    public long CurrentBytes => Interlocked.Read(ref current);

    public void ResetPeak() => Interlocked.Exchange(ref peak, Interlocked.Read(ref current));

    protected override void* AllocateCore(nuint byteLength)
    {
        Add((long)byteLength);
        return NativeMemory.AlignedAlloc(byteLength, Alignment);
    }

    protected override void FreeCore(void* pointer, nuint byteLength)
    {
        NativeMemory.AlignedFree(pointer);
        Add(-(long)byteLength);
    }

    protected override void* ReallocateCore(void* pointer, nuint oldByteLength, nuint newByteLength)
    {
        Add((long)newByteLength - (long)oldByteLength);
        return NativeMemory.AlignedRealloc(pointer, newByteLength, Alignment);
    }

    private void Add(long delta)
    {
        long now = Interlocked.Add(ref current, delta);
        long seen = Interlocked.Read(ref peak);
        while (now > seen)
        {
            long previous = Interlocked.CompareExchange(ref peak, now, seen);
            if (previous == seen)
            {
                break;
            }
            seen = previous;
        }
    }
}
