using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;

namespace DeltaSharp.Runtime;

/// <summary>
/// The fork-failure path, kept tiny and compiled ahead: a fork child must be able to raise
/// <see cref="DeltaForkedProcessException"/> without the JIT (see docs/runtime.md: with .NET's default W^X, code
/// generated in a fork child writes through a mapping shared with the parent).
/// </summary>
internal static class ForkFailure
{
    private static int s_prepared;

    /// <summary>Throws the fork exception for the given ids.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Throw(int currentProcessId, int creatorProcessId) =>
        throw new DeltaForkedProcessException(currentProcessId, creatorProcessId);

    /// <summary>
    /// Compiles (PrepareMethod) and exercises once everything the failure path runs: the exception's constructor,
    /// its message formatting and the property getters. Idempotent; runs at the first stamp in a process.
    /// </summary>
    internal static void Prepare()
    {
        if (Interlocked.Exchange(ref s_prepared, 1) != 0)
        {
            return;
        }
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        PrepareAll(typeof(ForkFailure), All);
        PrepareAll(typeof(DeltaForkedProcessException), All);
        foreach (ConstructorInfo constructor in typeof(DeltaForkedProcessException).GetConstructors(All))
        {
            RuntimeHelpers.PrepareMethod(constructor.MethodHandle);
        }
        foreach (MethodInfo method in typeof(ForkDetector).GetMethods(All))
        {
            if (method.Name is "CheckSlow" or "ThrowIfForked")
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }
        // Exercise the callees too (string formatting, base constructors) so they are resolved and compiled.
        var rehearsal = new DeltaForkedProcessException(2, 1);
        GC.KeepAlive(rehearsal.Message.Length + rehearsal.CurrentProcessId + rehearsal.CreatorProcessId);
    }

    private static void PrepareAll(Type type, BindingFlags flags)
    {
        foreach (MethodInfo method in type.GetMethods(flags))
        {
            if (!method.IsAbstract && !method.ContainsGenericParameters)
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }
    }
}
