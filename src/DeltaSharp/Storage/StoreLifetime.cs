using System;
using System.Threading;
using DeltaSharp.Runtime;

namespace DeltaSharp.Storage;

/// <summary>
/// The checks every store entry point (and every listing step) performs first: the fork guard, then disposal.
/// Thread-safe; disposal is a single flag flip.
/// </summary>
internal sealed class StoreLifetime
{
    private readonly Type storeType;
    private int disposed;

    public StoreLifetime(Type storeType)
    {
        this.storeType = storeType;
    }

    /// <summary>True once <see cref="MarkDisposed"/> ran.</summary>
    public bool IsDisposed => Volatile.Read(ref disposed) != 0;

    /// <summary>Marks the store disposed; returns true for the first call only.</summary>
    public bool MarkDisposed() => Interlocked.Exchange(ref disposed, 1) == 0;

    /// <summary>Calls <see cref="ProcessGuard.ThrowIfForked"/>, then throws <see cref="ObjectDisposedException"/>
    /// if the store is disposed.</summary>
    public void Enter()
    {
        ProcessGuard.ThrowIfForked();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, storeType);
    }
}
