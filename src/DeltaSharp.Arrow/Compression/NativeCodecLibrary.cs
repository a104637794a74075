using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace DeltaSharp.Arrow.Compression;

/// <summary>
/// Loads the system compression libraries (<c>libzstd.so.1</c>, <c>liblz4.so.1</c>) for the source-generated
/// P/Invoke declarations and turns a missing library into a <see cref="DllNotFoundException"/> that says what to
/// install. The resolver is registered once for this assembly and answers only for the codec library names;
/// every other name falls through to the runtime's default probing.
/// </summary>
internal static class NativeCodecLibrary
{
    internal const string Zstd = "libzstd.so.1";
    internal const string Lz4 = "liblz4.so.1";

    private static int s_registered;
    private static readonly Lazy<IntPtr> s_zstd = new(() => Load(Zstd), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<IntPtr> s_lz4 = new(() => Load(Lz4), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Ensures libzstd is loadable; throws <see cref="DllNotFoundException"/> with an install hint otherwise.</summary>
    internal static void EnsureZstd()
    {
        EnsureRegistered();
        _ = s_zstd.Value;
    }

    /// <summary>Ensures liblz4 is loadable; throws <see cref="DllNotFoundException"/> with an install hint otherwise.</summary>
    internal static void EnsureLz4()
    {
        EnsureRegistered();
        _ = s_lz4.Value;
    }

    /// <summary>The message used when <paramref name="libraryName"/> cannot be loaded.</summary>
    internal static string MissingLibraryMessage(string libraryName) => libraryName switch
    {
        Zstd => "libzstd.so.1 not found: install the zstd library (Debian: libzstd1)",
        Lz4 => "liblz4.so.1 not found: install the LZ4 library (Debian: liblz4-1)",
        _ => libraryName + " not found: install the library that provides it",
    };

    /// <summary>Tries the platform names of a codec library; throws the install hint when none loads.</summary>
    internal static IntPtr Load(string libraryName)
    {
        foreach (string candidate in Candidates(libraryName))
        {
            if (NativeLibrary.TryLoad(candidate, out IntPtr handle))
            {
                return handle;
            }
        }
        throw new DllNotFoundException(MissingLibraryMessage(libraryName));
    }

    private static string[] Candidates(string libraryName) => libraryName switch
    {
        Zstd => new[] { "libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "libzstd.dylib", "libzstd.dll", "zstd.dll" },
        Lz4 => new[] { "liblz4.so.1", "liblz4.so", "liblz4.1.dylib", "liblz4.dylib", "liblz4.dll", "lz4.dll" },
        _ => new[] { libraryName },
    };

    private static void EnsureRegistered()
    {
        if (Volatile.Read(ref s_registered) != 0 || Interlocked.Exchange(ref s_registered, 1) != 0)
        {
            return;
        }
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeCodecLibrary).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Another component of this assembly registered a resolver first; the default probing of the
            // exact names (libzstd.so.1, liblz4.so.1) still works, and Ensure* already reported a missing library.
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) => libraryName switch
    {
        Zstd => s_zstd.Value,
        Lz4 => s_lz4.Value,
        _ => IntPtr.Zero,
    };
}
