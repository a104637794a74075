using System;
using System.Runtime.InteropServices;

namespace DeltaSharp.Runtime;

/// <summary>
/// The few libc calls the runtime needs. Every signature is blittable, so the P/Invoke needs no marshalling stub
/// beyond the transition frame (important in a fork child, which must not JIT).
/// </summary>
internal static unsafe partial class LibcNative
{
    private const string Libc = "libc";

    /// <summary>Linux <c>PROT_READ | PROT_WRITE</c>.</summary>
    internal const int ProtReadWrite = 0x1 | 0x2;

    /// <summary>Linux <c>MAP_PRIVATE | MAP_ANONYMOUS</c>.</summary>
    internal const int MapPrivateAnonymous = 0x02 | 0x20;

    /// <summary>Linux <c>MADV_WIPEONFORK</c> (kernel 4.14+): the child of a fork sees the range zero-filled.</summary>
    internal const int MadvWipeOnFork = 18;

    /// <summary>The real process id from the kernel (never cached by .NET, unlike <c>Environment.ProcessId</c>).</summary>
    [LibraryImport(Libc, EntryPoint = "getpid")]
    internal static partial int GetPid();

    [LibraryImport(Libc, EntryPoint = "mmap", SetLastError = true)]
    internal static partial void* MMap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(Libc, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int MUnmap(void* address, nuint length);

    [LibraryImport(Libc, EntryPoint = "madvise", SetLastError = true)]
    internal static partial int MAdvise(void* address, nuint length, int advice);

    /// <summary><c>mmap</c>'s failure value.</summary>
    internal static readonly nint MapFailed = -1;
}
