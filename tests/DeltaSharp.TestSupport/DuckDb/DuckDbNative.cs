using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace DeltaSharp.TestSupport.DuckDb;

/// <summary>P/Invoke declarations for the parts of DuckDB's C API (duckdb.h) the tests use.</summary>
public static partial class DuckDbNative
{
    /// <summary>The library name the imports bind to; resolved to the real path by <see cref="EnsureLoaded"/>.</summary>
    public const string Library = "duckdb";

    /// <summary>Bytes reserved for a <c>duckdb_result</c> (the C struct is 48 bytes in DuckDB 1.x; generous on purpose).</summary>
    public const int ResultStructSize = 256;

    private static string? loadedPath;
    private static int resolverInstalled;

    /// <summary>Makes the imports bind to <paramref name="libraryPath"/>. Call before any import.</summary>
    public static void EnsureLoaded(string libraryPath)
    {
        Volatile.Write(ref loadedPath, libraryPath);
        if (Interlocked.Exchange(ref resolverInstalled, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(DuckDbNative).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        string? path = Volatile.Read(ref loadedPath);
        return name == Library && path is not null ? NativeLibrary.Load(path) : IntPtr.Zero;
    }

#pragma warning disable CA1401, SA1300, IDE1006 // P/Invokes named as in duckdb.h
    /// <summary>duckdb_open.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int duckdb_open(string? path, out IntPtr database);

    /// <summary>duckdb_close.</summary>
    [LibraryImport(Library)]
    public static partial void duckdb_close(ref IntPtr database);

    /// <summary>duckdb_connect.</summary>
    [LibraryImport(Library)]
    public static partial int duckdb_connect(IntPtr database, out IntPtr connection);

    /// <summary>duckdb_disconnect.</summary>
    [LibraryImport(Library)]
    public static partial void duckdb_disconnect(ref IntPtr connection);

    /// <summary>duckdb_query (result is a caller-allocated duckdb_result).</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int duckdb_query(IntPtr connection, string query, IntPtr result);

    /// <summary>duckdb_destroy_result.</summary>
    [LibraryImport(Library)]
    public static partial void duckdb_destroy_result(IntPtr result);

    /// <summary>duckdb_result_error.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr duckdb_result_error(IntPtr result);

    /// <summary>duckdb_column_count.</summary>
    [LibraryImport(Library)]
    public static partial ulong duckdb_column_count(IntPtr result);

    /// <summary>duckdb_row_count.</summary>
    [LibraryImport(Library)]
    public static partial ulong duckdb_row_count(IntPtr result);

    /// <summary>duckdb_column_name.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr duckdb_column_name(IntPtr result, ulong column);

    /// <summary>duckdb_value_is_null.</summary>
    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool duckdb_value_is_null(IntPtr result, ulong column, ulong row);

    /// <summary>duckdb_value_varchar (free the result with duckdb_free).</summary>
    [LibraryImport(Library)]
    public static partial IntPtr duckdb_value_varchar(IntPtr result, ulong column, ulong row);

    /// <summary>duckdb_free.</summary>
    [LibraryImport(Library)]
    public static partial void duckdb_free(IntPtr memory);
#pragma warning restore CA1401, SA1300, IDE1006
}
