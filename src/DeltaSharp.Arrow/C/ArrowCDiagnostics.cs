using System.Threading;

namespace DeltaSharp.Arrow.C;

/// <summary>Process-wide counts of exported C structures not yet released (diagnostics and leak tests).</summary>
internal static class ArrowCDiagnostics
{
    private static long s_liveArrays;
    private static long s_liveSchemas;
    private static long s_liveStreams;
    private static long s_releaseFailures;

    /// <summary>Exported <see cref="ArrowCArray"/> nodes (parents and children) whose release has not run.</summary>
    internal static long LiveArrays => Volatile.Read(ref s_liveArrays);

    /// <summary>Exported <see cref="ArrowCSchema"/> nodes whose release has not run.</summary>
    internal static long LiveSchemas => Volatile.Read(ref s_liveSchemas);

    /// <summary>Exported streams whose release has not run.</summary>
    internal static long LiveStreams => Volatile.Read(ref s_liveStreams);

    /// <summary>Exceptions caught inside release callbacks (which must never throw into native code).</summary>
    internal static long ReleaseFailures => Volatile.Read(ref s_releaseFailures);

    internal static void ArrayExported() => Interlocked.Increment(ref s_liveArrays);

    internal static void ArrayReleased() => Interlocked.Decrement(ref s_liveArrays);

    internal static void SchemaExported() => Interlocked.Increment(ref s_liveSchemas);

    internal static void SchemaReleased() => Interlocked.Decrement(ref s_liveSchemas);

    internal static void StreamExported() => Interlocked.Increment(ref s_liveStreams);

    internal static void StreamReleased() => Interlocked.Decrement(ref s_liveStreams);

    internal static void ReleaseFailed() => Interlocked.Increment(ref s_releaseFailures);
}
