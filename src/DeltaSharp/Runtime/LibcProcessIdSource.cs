using System;

namespace DeltaSharp.Runtime;

/// <summary>Asks the kernel: libc <c>getpid()</c> on Unix. Windows has no fork, so any stable id works there.</summary>
internal sealed class LibcProcessIdSource : IProcessIdSource
{
    /// <summary>The single instance.</summary>
    internal static readonly LibcProcessIdSource Instance = new();

    private LibcProcessIdSource()
    {
    }

    /// <inheritdoc />
    public int GetCurrentProcessId() => OperatingSystem.IsWindows() ? 1 : LibcNative.GetPid();
}
