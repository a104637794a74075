using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using DeltaSharp.Arrow.Memory;
using Xunit;

namespace DeltaSharp.TestSupport;

/// <summary>
/// A checking <see cref="ArrowAllocator"/> for tests. It fills fresh memory with <see cref="FreshByte"/> (so code
/// that reads memory it never wrote sees garbage, not zeros), poisons released memory with <see cref="PoisonByte"/>
/// and keeps it in a quarantine instead of freeing it at once (so a stale pointer reads poison instead of
/// crashing, and a write after release is detected when the quarantine is checked), detects double release, and
/// records where every live allocation was made.
/// </summary>
/// <remarks>
/// Typical use: <c>using var allocator = new TestAllocator(); … pass it to builders/readers …;
/// allocator.AssertNoLeaks();</c>. <see cref="Dispose"/> checks too (and throws on leaks or corruption), then frees
/// everything. Thread-safe.
/// </remarks>
public sealed unsafe class TestAllocator : ArrowAllocator, IDisposable
{
    /// <summary>Byte written into fresh allocations.</summary>
    public const byte FreshByte = 0xCD;

    /// <summary>Byte written into released memory.</summary>
    public const byte PoisonByte = 0xDD;

    private readonly ConcurrentDictionary<nint, Allocation> _live = new();
    private readonly ConcurrentQueue<Allocation> _quarantine = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly bool _captureStacks;
    private readonly long _quarantineLimitBytes;
    private long _quarantineBytes;
    private long _nextId;
    private int _disposed;

    /// <summary>Creates a checking allocator.</summary>
    /// <param name="captureStackTraces">Record a stack trace per allocation (slower; best for finding leaks).</param>
    /// <param name="quarantineLimitBytes">How many released bytes to keep poisoned before really freeing.</param>
    public TestAllocator(bool captureStackTraces = true, long quarantineLimitBytes = 64L << 20)
    {
        _captureStacks = captureStackTraces;
        _quarantineLimitBytes = quarantineLimitBytes;
    }

    /// <summary>Errors seen so far (double release, foreign pointer, write after release).</summary>
    public IReadOnlyCollection<string> Errors => _errors.ToArray();

    /// <summary>Descriptions of the live allocations: size, id and where allocated.</summary>
    public IReadOnlyList<string> DescribeLiveAllocations()
    {
        List<string> result = [];
        foreach (Allocation a in _live.Values)
        {
            result.Add($"#{a.Id}: {a.Size} bytes at 0x{a.Pointer:X}{(a.Stack is null ? string.Empty : "\n" + a.Stack)}");
        }
        return result;
    }

    /// <summary>Fails the test when memory is still live or an error was seen; checks the quarantine poison.</summary>
    public void AssertNoLeaks()
    {
        CheckQuarantine();
        StringBuilder message = new();
        if (!_errors.IsEmpty)
        {
            message.Append("Allocator errors:\n");
            foreach (string e in _errors)
            {
                message.Append("  ").Append(e).Append('\n');
            }
        }
        if (LiveAllocations != 0 || LiveBytes != 0 || !_live.IsEmpty)
        {
            message.Append($"Leak: {LiveAllocations} live allocations, {LiveBytes} live bytes:\n");
            foreach (string d in DescribeLiveAllocations())
            {
                message.Append("  ").Append(d).Append('\n');
            }
        }
        if (message.Length > 0)
        {
            Assert.Fail(message.ToString());
        }
    }

    /// <summary>Checks that released memory in quarantine still holds only poison (no write after release).</summary>
    public void CheckQuarantine()
    {
        foreach (Allocation a in _quarantine)
        {
            ReadOnlySpan<byte> bytes = new((void*)a.Pointer, (int)Math.Min(a.Size, int.MaxValue));
            int bad = bytes.IndexOfAnyExcept(PoisonByte);
            if (bad >= 0)
            {
                _errors.Enqueue($"Write after release: allocation #{a.Id} ({a.Size} bytes) changed at byte {bad}{(a.Stack is null ? string.Empty : "\n" + a.Stack)}");
                new Span<byte>((void*)a.Pointer, bytes.Length).Fill(PoisonByte);
            }
        }
    }

    /// <summary>Checks for leaks and corruption (throws), then frees all quarantined memory. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            AssertNoLeaks();
        }
        finally
        {
            while (_quarantine.TryDequeue(out Allocation a))
            {
                NativeMemory.AlignedFree((void*)a.Pointer);
            }
        }
    }

    /// <inheritdoc />
    protected override void* AllocateCore(nuint byteLength)
    {
        void* p = NativeMemory.AlignedAlloc(byteLength, Alignment);
        new Span<byte>(p, (int)Math.Min(byteLength, int.MaxValue)).Fill(FreshByte);
        long id = Interlocked.Increment(ref _nextId);
        string? stack = _captureStacks ? new StackTrace(2, false).ToString() : null;
        _live[(nint)p] = new Allocation((nint)p, byteLength, id, stack);
        return p;
    }

    /// <inheritdoc />
    protected override void FreeCore(void* pointer, nuint byteLength)
    {
        if (!_live.TryRemove((nint)pointer, out Allocation a))
        {
            string error = $"Release of memory that is not live (double release or foreign pointer): 0x{(nint)pointer:X}, {byteLength} bytes\n{new StackTrace(1, false)}";
            _errors.Enqueue(error);
            throw new InvalidOperationException(error);
        }
        if (a.Size != byteLength)
        {
            _errors.Enqueue($"Release of allocation #{a.Id} with size {byteLength}, allocated with {a.Size}");
        }
        new Span<byte>(pointer, (int)Math.Min(a.Size, int.MaxValue)).Fill(PoisonByte);
        _quarantine.Enqueue(a);
        long total = Interlocked.Add(ref _quarantineBytes, (long)a.Size);
        while (total > _quarantineLimitBytes && _quarantine.TryDequeue(out Allocation old))
        {
            ReadOnlySpan<byte> bytes = new((void*)old.Pointer, (int)Math.Min(old.Size, int.MaxValue));
            if (bytes.IndexOfAnyExcept(PoisonByte) >= 0)
            {
                _errors.Enqueue($"Write after release: allocation #{old.Id} ({old.Size} bytes){(old.Stack is null ? string.Empty : "\n" + old.Stack)}");
            }
            NativeMemory.AlignedFree((void*)old.Pointer);
            total = Interlocked.Add(ref _quarantineBytes, -(long)old.Size);
        }
    }

    /// <inheritdoc />
    protected override void* ReallocateCore(void* pointer, nuint oldByteLength, nuint newByteLength)
    {
        void* next = AllocateCore(newByteLength);
        Buffer.MemoryCopy(pointer, next, newByteLength, Math.Min(oldByteLength, newByteLength));
        FreeCore(pointer, oldByteLength);
        return next;
    }

    private readonly record struct Allocation(nint Pointer, nuint Size, long Id, string? Stack);
}
