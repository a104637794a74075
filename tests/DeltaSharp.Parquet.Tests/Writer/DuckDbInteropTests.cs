using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;
using Xunit;
using DeltaSharp.TestSupport.DuckDb;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Parquet.Tests.Writer;

/// <summary>Files written by <see cref="ParquetFileWriter"/> read back by DuckDB (an independent reader).</summary>
public sealed class DuckDbInteropTests
{
    private static string Q(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static DuckDbResult Rows(DuckDbConnection db, string path, string columns) =>
        db.Query($"SELECT {columns} FROM read_parquet({Q(path)}, file_row_number=true) ORDER BY file_row_number");

    internal static void Same(string?[] expected, string?[] actual) =>
        Assert.Equal(string.Join(" | ", expected.Select(x => x ?? "<null>")), string.Join(" | ", actual.Select(x => x ?? "<null>")));

    private static string?[] Column(DuckDbConnection db, string path, string expression) =>
        Rows(db, path, expression).Select(r => r[0]).ToArray();

    [Fact]
    public void FlatPrimitiveTypesReadBackWithSameValuesAndTypes()
    {
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        using RecordBatch batch = TestArrays.Batch(
            ("i8", TestArrays.Primitive<sbyte>(ArrowType.Int8, [sbyte.MinValue, null, 0, sbyte.MaxValue]), true),
            ("i16", TestArrays.Primitive<short>(ArrowType.Int16, [short.MinValue, 1, null, short.MaxValue]), true),
            ("i32", TestArrays.Primitive<int>(ArrowType.Int32, [int.MinValue, 2, 3, int.MaxValue]), false),
            ("i64", TestArrays.Primitive<long>(ArrowType.Int64, [long.MinValue, null, -1, long.MaxValue]), true),
            ("u8", TestArrays.Primitive<byte>(ArrowType.UInt8, [0, 200, null, 255]), true),
            ("u16", TestArrays.Primitive<ushort>(ArrowType.UInt16, [0, 60000, null, 65535]), true),
            ("u32", TestArrays.Primitive<uint>(ArrowType.UInt32, [0, 4000000000, null, uint.MaxValue]), true),
            ("u64", TestArrays.Primitive<ulong>(ArrowType.UInt64, [0, 18000000000000000000, null, ulong.MaxValue]), true),
            ("f32", TestArrays.Primitive<float>(ArrowType.Float32, [1.5f, null, -0.25f, float.NaN]), true),
            ("f64", TestArrays.Primitive<double>(ArrowType.Float64, [1e300, -2.5, null, 0.0]), true),
            ("b", TestArrays.Boolean([true, false, null, true]), true),
            ("s", TestArrays.String(["héllo", null, "", "wörld ✓"]), true),
            ("ls", TestArrays.String(["a", "bb", null, "ccc"], BinaryType.LargeUtf8), true),
            ("bin", TestArrays.Binary(BinaryType.Binary, [[0, 1, 255], null, [], [65]]), true),
            ("d32", TestArrays.Primitive<int>(ArrowType.Date32, [0, 19723, null, -1]), true),
            ("ts_us_utc", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Microsecond, "UTC"), [0, 1_700_000_000_123_456, null, -1]), true),
            ("ts_ms", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Millisecond), [0, 1_700_000_000_123, null, 5]), true),
            ("ts_s", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Second), [0, 1_700_000_000, null, 5]), true),
            ("ts_ns", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Nanosecond), [0, 1_700_000_000_123_456_789, null, 5]), true),
            ("dec9", TestArrays.Decimal128(9, 2, [1234567.89m, -0.01m, null, 0m]), true),
            ("dec18", TestArrays.Decimal128(18, 4, [12345678901234.5678m, -1m, null, 0.0001m]), true),
            ("dec38", TestArrays.Decimal128(38, 10, [1234567890123456.0123456789m, -99999999999999.9999999999m, null, 0m]), true),
            ("fsb", TestArrays.FixedBinary(3, [[1, 2, 3], null, [0, 0, 0], [255, 255, 255]]), true));

        string path = WriterTestFiles.Write(batch);

        Same(["-128", null, "0", "127"], Column(db, path, "i8"));
        Same(["-32768", "1", null, "32767"], Column(db, path, "i16"));
        Same(["-2147483648", "2", "3", "2147483647"], Column(db, path, "i32"));
        Same(["-9223372036854775808", null, "-1", "9223372036854775807"], Column(db, path, "i64"));
        Same(["0", "200", null, "255"], Column(db, path, "u8"));
        Same(["0", "60000", null, "65535"], Column(db, path, "u16"));
        Same(["0", "4000000000", null, "4294967295"], Column(db, path, "u32"));
        Same(["0", "18000000000000000000", null, "18446744073709551615"], Column(db, path, "u64"));
        Same(["1.5", null, "-0.25", "NaN"], Column(db, path, "CASE WHEN isnan(f32) THEN 'NaN' ELSE f32::VARCHAR END"));
        Same(["1e+300", "-2.5", null, "0.0"], Column(db, path, "f64"));
        Same(["true", "false", null, "true"], Column(db, path, "b"));
        Same(["héllo", null, "", "wörld ✓"], Column(db, path, "s"));
        Same(["a", "bb", null, "ccc"], Column(db, path, "ls"));
        Same(["\\x00\\x01\\xFF", null, "", "A"], Column(db, path, "bin"));
        Same(["1970-01-01", "2024-01-01", null, "1969-12-31"], Column(db, path, "d32"));
        Same(["0", "1700000000123456", null, "-1"], Column(db, path, "epoch_us(ts_us_utc)"));
        Same(["0", "1700000000123", null, "5"], Column(db, path, "epoch_ms(ts_ms)"));
        Same(["0", "1700000000000", null, "5000"], Column(db, path, "epoch_ms(ts_s)"));
        Same(["0", "1700000000123456789", null, "5"], Column(db, path, "epoch_ns(ts_ns)"));
        Same(["1234567.89", "-0.01", null, "0.00"], Column(db, path, "dec9"));
        Same(["12345678901234.5678", "-1.0000", null, "0.0001"], Column(db, path, "dec18"));
        Same(["1234567890123456.0123456789", "-99999999999999.9999999999", null, "0.0000000000"], Column(db, path, "dec38"));
        Same(["\\x01\\x02\\x03", null, "\\x00\\x00\\x00", "\\xFF\\xFF\\xFF"], Column(db, path, "fsb"));

        // Types as DuckDB sees them (logical annotations are written correctly).
        IReadOnlyList<string?[]> types = db.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({Q(path)}))");
        var byName = types.ToDictionary(r => r[0]!, r => r[1]);
        Assert.Equal("TINYINT", byName["i8"]);
        Assert.Equal("SMALLINT", byName["i16"]);
        Assert.Equal("INTEGER", byName["i32"]);
        Assert.Equal("BIGINT", byName["i64"]);
        Assert.Equal("UTINYINT", byName["u8"]);
        Assert.Equal("USMALLINT", byName["u16"]);
        Assert.Equal("UINTEGER", byName["u32"]);
        Assert.Equal("UBIGINT", byName["u64"]);
        Assert.Equal("FLOAT", byName["f32"]);
        Assert.Equal("DOUBLE", byName["f64"]);
        Assert.Equal("BOOLEAN", byName["b"]);
        Assert.Equal("VARCHAR", byName["s"]);
        Assert.Equal("BLOB", byName["bin"]);
        Assert.Equal("DATE", byName["d32"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", byName["ts_us_utc"]);
        Assert.Equal("TIMESTAMP", byName["ts_ms"]);
        Assert.Equal("TIMESTAMP_NS", byName["ts_ns"]);
        Assert.Equal("DECIMAL(9,2)", byName["dec9"]);
        Assert.Equal("DECIMAL(18,4)", byName["dec18"]);
        Assert.Equal("DECIMAL(38,10)", byName["dec38"]);
    }
}
