using System;
using System.Runtime.InteropServices;

namespace DeltaSharp.Storage;

/// <summary>The few POSIX calls the local store needs and .NET does not expose: link(2) and directory fsync.</summary>
internal static partial class LocalFileSystemNative
{
    private const string LibC = "libc";

    /// <summary>EEXIST on Linux and macOS.</summary>
    public const int ErrorAlreadyExists = 17;

    private const int OpenReadOnly = 0;

    [LibraryImport(LibC, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkNative(string existingPath, string newPath);

    [LibraryImport(LibC, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport(LibC, EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);

    /// <summary>Whether link(2) is available (Linux, macOS, other Unix); Windows is not supported.</summary>
    public static bool IsSupported => !OperatingSystem.IsWindows();

    /// <summary>
    /// link(2): atomically creates <paramref name="newPath"/> as another name of <paramref name="existingPath"/>,
    /// failing with EEXIST when <paramref name="newPath"/> exists. Returns 0 or the errno.
    /// </summary>
    public static int Link(string existingPath, string newPath)
    {
        return LinkNative(existingPath, newPath) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Flushes a directory's entries to stable storage (so a created/renamed name survives a crash).
    /// Returns 0 or the errno.</summary>
    public static int FsyncDirectory(string directory)
    {
        int fd = OpenNative(directory, OpenReadOnly);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        try
        {
            return FsyncNative(fd) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            _ = CloseNative(fd);
        }
    }

    /// <summary>A readable description of an errno value.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno) + " (errno " + errno + ")";
}
