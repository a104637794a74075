using System.Collections.Concurrent;
using System.Threading;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// Maps the <c>private_data</c> of exported structs to their managed state. Keys are never reused within a process,
/// so a release callback claims its state with one atomic removal: it runs exactly once even if a misbehaving
/// consumer calls it again, or on a bitwise copy of the struct (a freed GCHandle could be recycled; a key cannot).
/// </summary>
internal static class ExportRegistry<TState>
    where TState : class
{
    private static readonly ConcurrentDictionary<long, TState> s_live = new();
    private static long s_nextKey;

    internal static unsafe void* Register(TState state)
    {
        long key = Interlocked.Increment(ref s_nextKey);
        s_live[key] = state;
        return (void*)key;
    }

    internal static unsafe TState? Peek(void* privateData) =>
        s_live.TryGetValue((long)privateData, out TState? state) ? state : null;

    internal static unsafe TState? Claim(void* privateData) =>
        s_live.TryRemove((long)privateData, out TState? state) ? state : null;
}
