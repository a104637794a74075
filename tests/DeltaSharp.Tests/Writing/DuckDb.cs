using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Tests.Writing;

/// <summary>A minimal P/Invoke client of DuckDB's C API (libduckdb.so): an independent Parquet reader.</summary>
internal sealed unsafe class DuckDb : IDisposable
{
    private const string Lib = "duckdb";
    private static readonly object ResolverLock = new();
    private static string? _libraryPath;

    private IntPtr _database;
    private IntPtr _connection;

    private DuckDb(IntPtr database, IntPtr connection)
    {
        _database = database;
        _connection = connection;
    }

    /// <summary>Opens an in-memory database; skips (or fails in CI) when libduckdb is missing.</summary>
    public static DuckDb Open()
    {
        string path = TestEnvironment.RequireDuckDbLibrary();
        lock (ResolverLock)
        {
            if (_libraryPath is null)
            {
                _libraryPath = path;
                NativeLibrary.SetDllImportResolver(typeof(DuckDb).Assembly, (name, assembly, searchPath) =>
                    name == Lib ? NativeLibrary.Load(_libraryPath) : IntPtr.Zero);
            }
        }
        IntPtr db;
        if (duckdb_open(null, &db) != 0)
        {
            throw new InvalidOperationException("duckdb_open failed");
        }
        IntPtr connection;
        if (duckdb_connect(db, &connection) != 0)
        {
            duckdb_close(&db);
            throw new InvalidOperationException("duckdb_connect failed");
        }
        var result = new DuckDb(db, connection);
        result.Query("SET threads=1");
        result.Query("SET TimeZone='UTC'");
        return result;
    }

    /// <summary>Runs SQL and returns every cell as DuckDB's VARCHAR rendering (null for SQL NULL).</summary>
    public List<string?[]> Query(string sql)
    {
        byte* result = stackalloc byte[128];
        new Span<byte>(result, 128).Clear();
        int state = duckdb_query(_connection, sql, result);
        try
        {
            if (state != 0)
            {
                string error = Marshal.PtrToStringUTF8((IntPtr)duckdb_result_error(result)) ?? "unknown error";
                throw new InvalidOperationException($"DuckDB query failed: {error}\nSQL: {sql}");
            }
            long columns = (long)duckdb_column_count(result);
            long rows = (long)duckdb_row_count(result);
            var output = new List<string?[]>();
            for (long r = 0; r < rows; r++)
            {
                var row = new string?[columns];
                for (long c = 0; c < columns; c++)
                {
                    if (duckdb_value_is_null(result, (ulong)c, (ulong)r) != 0)
                    {
                        continue;
                    }
                    byte* text = duckdb_value_varchar(result, (ulong)c, (ulong)r);
                    row[c] = Marshal.PtrToStringUTF8((IntPtr)text);
                    duckdb_free(text);
                }
                output.Add(row);
            }
            return output;
        }
        finally
        {
            duckdb_destroy_result(result);
        }
    }

    /// <summary>Runs SQL that returns one value.</summary>
    public string? Scalar(string sql)
    {
        List<string?[]> rows = Query(sql);
        if (rows.Count != 1 || rows[0].Length != 1)
        {
            throw new InvalidOperationException($"Expected one value from: {sql}");
        }
        return rows[0][0];
    }

    public void Dispose()
    {
        if (_connection != IntPtr.Zero)
        {
            IntPtr c = _connection;
            duckdb_disconnect(&c);
            _connection = IntPtr.Zero;
        }
        if (_database != IntPtr.Zero)
        {
            IntPtr d = _database;
            duckdb_close(&d);
            _database = IntPtr.Zero;
        }
    }

    [DllImport(Lib)]
    private static extern int duckdb_open([MarshalAs(UnmanagedType.LPUTF8Str)] string? path, IntPtr* database);

    [DllImport(Lib)]
    private static extern int duckdb_connect(IntPtr database, IntPtr* connection);

    [DllImport(Lib)]
    private static extern void duckdb_disconnect(IntPtr* connection);

    [DllImport(Lib)]
    private static extern void duckdb_close(IntPtr* database);

    [DllImport(Lib)]
    private static extern int duckdb_query(IntPtr connection, [MarshalAs(UnmanagedType.LPUTF8Str)] string query, byte* result);

    [DllImport(Lib)]
    private static extern void duckdb_destroy_result(byte* result);

    [DllImport(Lib)]
    private static extern byte* duckdb_result_error(byte* result);

    [DllImport(Lib)]
    private static extern ulong duckdb_column_count(byte* result);

    [DllImport(Lib)]
    private static extern ulong duckdb_row_count(byte* result);

    [DllImport(Lib)]
    private static extern byte duckdb_value_is_null(byte* result, ulong column, ulong row);

    [DllImport(Lib)]
    private static extern byte* duckdb_value_varchar(byte* result, ulong column, ulong row);

    [DllImport(Lib)]
    private static extern void duckdb_free(void* pointer);
}
