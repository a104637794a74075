using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Xunit;

namespace DeltaSharp.TestSupport.DuckDb;

/// <summary>
/// A minimal binding of DuckDB's C API (<c>libduckdb.so</c> from the npm package
/// <c>@duckdb/node-bindings-linux-x64</c>) used as an independent oracle in tests: an in-memory database and a
/// connection that runs SQL and returns every value as DuckDB's own text rendering (or null).
/// Not thread-safe; dispose it when done.
/// </summary>
/// <remarks>
/// To compare exact values, let DuckDB render them canonically in SQL, e.g.
/// <c>SELECT to_json(t) FROM read_parquet('x.parquet') t</c> or <c>CAST(col AS VARCHAR)</c>.
/// The library is located through <see cref="TestEnvironment.RequireDuckDbLibrary"/>, so a test using this skips
/// locally (fails in CI) when DuckDB is not installed.
/// </remarks>
public sealed class DuckDbConnection : IDisposable
{
    private IntPtr database;
    private IntPtr connection;

    private DuckDbConnection(IntPtr database, IntPtr connection)
    {
        this.database = database;
        this.connection = connection;
    }

    /// <summary>Opens an in-memory DuckDB database and connects to it.</summary>
    public static DuckDbConnection OpenInMemory()
    {
        DuckDbNative.EnsureLoaded(TestEnvironment.RequireDuckDbLibrary());
        if (DuckDbNative.duckdb_open(null, out IntPtr db) != 0)
        {
            throw new InvalidOperationException("duckdb_open failed");
        }
        if (DuckDbNative.duckdb_connect(db, out IntPtr conn) != 0)
        {
            DuckDbNative.duckdb_close(ref db);
            throw new InvalidOperationException("duckdb_connect failed");
        }
        return new DuckDbConnection(db, conn);
    }

    /// <summary>The raw <c>duckdb_connection</c> handle, for tests that call further C API functions.</summary>
    public IntPtr Handle => connection != IntPtr.Zero ? connection : throw new ObjectDisposedException(nameof(DuckDbConnection));

    /// <summary>Runs a statement that returns no rows of interest; throws with DuckDB's message on error.</summary>
    public void Execute(string sql) => Query(sql);

    /// <summary>Runs <paramref name="sql"/> and returns all rows, each value as DuckDB's VARCHAR rendering or null.</summary>
    public DuckDbResult Query(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        IntPtr result = Marshal.AllocHGlobal(DuckDbNative.ResultStructSize);
        try
        {
            unsafe
            {
                new Span<byte>((void*)result, DuckDbNative.ResultStructSize).Clear();
            }
            int state = DuckDbNative.duckdb_query(Handle, sql, result);
            if (state != 0)
            {
                string message = Marshal.PtrToStringUTF8(DuckDbNative.duckdb_result_error(result)) ?? "(no message)";
                DuckDbNative.duckdb_destroy_result(result);
                throw new InvalidOperationException($"DuckDB query failed: {message}\nSQL: {sql}");
            }
            long columns = (long)DuckDbNative.duckdb_column_count(result);
            long rows = (long)DuckDbNative.duckdb_row_count(result);
            var names = new string[columns];
            for (long c = 0; c < columns; c++)
            {
                names[c] = Marshal.PtrToStringUTF8(DuckDbNative.duckdb_column_name(result, (ulong)c)) ?? string.Empty;
            }
            var values = new List<string?[]>((int)Math.Min(rows, 1_000_000));
            for (long r = 0; r < rows; r++)
            {
                var row = new string?[columns];
                for (long c = 0; c < columns; c++)
                {
                    if (DuckDbNative.duckdb_value_is_null(result, (ulong)c, (ulong)r))
                    {
                        continue;
                    }
                    IntPtr text = DuckDbNative.duckdb_value_varchar(result, (ulong)c, (ulong)r);
                    row[c] = Marshal.PtrToStringUTF8(text);
                    DuckDbNative.duckdb_free(text);
                }
                values.Add(row);
            }
            DuckDbNative.duckdb_destroy_result(result);
            return new DuckDbResult(names, values);
        }
        finally
        {
            Marshal.FreeHGlobal(result);
        }
    }

    /// <summary>Runs a query expected to return exactly one value and returns it (or null).</summary>
    public string? Scalar(string sql)
    {
        DuckDbResult result = Query(sql);
        Assert.True(result.Rows.Count == 1 && result.ColumnNames.Count == 1, $"expected one value from: {sql}");
        return result.Rows[0][0];
    }

    /// <summary>Disconnects and closes the database. Idempotent.</summary>
    public void Dispose()
    {
        if (connection != IntPtr.Zero)
        {
            DuckDbNative.duckdb_disconnect(ref connection);
        }
        if (database != IntPtr.Zero)
        {
            DuckDbNative.duckdb_close(ref database);
        }
    }
}
