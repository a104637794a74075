using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>
/// The part of DuckDB's C API the harness needs beyond <c>DeltaSharp.TestSupport.DuckDb</c>: a prepared statement
/// executed as a streaming result whose data chunks are fetched and dropped (no text conversion, no materialised
/// result), so DuckDB decodes every value the query produces while holding only a bounded window in memory.
/// </summary>
internal static partial class DuckDbStreaming
{
    private const string Library = "duckdb";
    private static string? loadedPath;
    private static int resolverInstalled;

    /// <summary>Binds the imports of this assembly to <paramref name="libraryPath"/>.</summary>
    public static void EnsureLoaded(string libraryPath)
    {
        Volatile.Write(ref loadedPath, libraryPath);
        if (Interlocked.Exchange(ref resolverInstalled, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(DuckDbStreaming).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        string? path = Volatile.Read(ref loadedPath);
        return name == Library && path is not null ? NativeLibrary.Load(path) : IntPtr.Zero;
    }

    /// <summary>Runs <paramref name="sql"/> on <paramref name="connection"/> as a streaming query, fetches every
    /// data chunk and returns the number of rows produced.</summary>
    public static long Consume(IntPtr connection, string sql)
    {
        if (duckdb_prepare(connection, sql, out IntPtr prepared) != 0)
        {
            string message = Marshal.PtrToStringUTF8(duckdb_prepare_error(prepared)) ?? "(no message)";
            duckdb_destroy_prepare(ref prepared);
            throw new InvalidOperationException($"DuckDB prepare failed: {message}\nSQL: {sql}");
        }
        try
        {
            if (duckdb_pending_prepared_streaming(prepared, out IntPtr pending) != 0)
            {
                string message = Marshal.PtrToStringUTF8(duckdb_pending_error(pending)) ?? "(no message)";
                duckdb_destroy_pending(ref pending);
                throw new InvalidOperationException($"DuckDB pending failed: {message}\nSQL: {sql}");
            }
            var result = default(NativeResult);
            try
            {
                if (duckdb_execute_pending(pending, ref result) != 0)
                {
                    string message = Marshal.PtrToStringUTF8(duckdb_result_error(ref result)) ?? "(no message)";
                    throw new InvalidOperationException($"DuckDB execution failed: {message}\nSQL: {sql}");
                }
                long rows = 0;
                while (true)
                {
                    IntPtr chunk = duckdb_fetch_chunk(result);
                    if (chunk == IntPtr.Zero)
                    {
                        break;
                    }
                    rows += (long)duckdb_data_chunk_get_size(chunk);
                    duckdb_destroy_data_chunk(ref chunk);
                }
                IntPtr error = duckdb_result_error(ref result);
                if (error != IntPtr.Zero)
                {
                    throw new InvalidOperationException($"DuckDB streaming failed: {Marshal.PtrToStringUTF8(error)}\nSQL: {sql}");
                }
                return rows;
            }
            finally
            {
                duckdb_destroy_result(ref result);
                duckdb_destroy_pending(ref pending);
            }
        }
        finally
        {
            duckdb_destroy_prepare(ref prepared);
        }
    }

    /// <summary>duckdb_result (48 bytes in DuckDB 1.x: three idx_t and three pointers), passed by value to
    /// duckdb_fetch_chunk.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct NativeResult
    {
        public ulong ColumnCount;
        public ulong RowCount;
        public ulong RowsChanged;
        public IntPtr Columns;
        public IntPtr ErrorMessage;
        public IntPtr InternalData;
    }

#pragma warning disable SA1300, IDE1006 // P/Invokes named as in duckdb.h
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int duckdb_prepare(IntPtr connection, string query, out IntPtr prepared);

    [LibraryImport(Library)]
    private static partial IntPtr duckdb_prepare_error(IntPtr prepared);

    [LibraryImport(Library)]
    private static partial void duckdb_destroy_prepare(ref IntPtr prepared);

    [LibraryImport(Library)]
    private static partial int duckdb_pending_prepared_streaming(IntPtr prepared, out IntPtr pending);

    [LibraryImport(Library)]
    private static partial IntPtr duckdb_pending_error(IntPtr pending);

    [LibraryImport(Library)]
    private static partial int duckdb_execute_pending(IntPtr pending, ref NativeResult result);

    [LibraryImport(Library)]
    private static partial void duckdb_destroy_pending(ref IntPtr pending);

    [LibraryImport(Library)]
    private static partial IntPtr duckdb_result_error(ref NativeResult result);

    [LibraryImport(Library)]
    private static partial void duckdb_destroy_result(ref NativeResult result);

    [LibraryImport(Library)]
    private static partial IntPtr duckdb_fetch_chunk(NativeResult result);

    [LibraryImport(Library)]
    private static partial ulong duckdb_data_chunk_get_size(IntPtr chunk);

    [LibraryImport(Library)]
    private static partial void duckdb_destroy_data_chunk(ref IntPtr chunk);
#pragma warning restore SA1300, IDE1006
}
