using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using DeltaSharp.Arrow.C;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Arrow.Tests.C;

/// <summary>
/// DuckDB as an independent peer: it scans a stream DeltaSharp exports (from its own worker threads) and computes
/// aggregates with SQL; and it produces Arrow data that DeltaSharp imports. Expectations come from the row formulas
/// of <see cref="CTestData"/>.
/// </summary>
[Collection(ArrowCSerialGroup.Name)]
public sealed unsafe class DuckDbArrowTests : LeakCheckedTest
{
    private const string AggregateSql =
        "SELECT count(*), sum(id), sum(value), count(name), sum(length(name)), count(*) FILTER (WHERE flag), " +
        "sum(len(tags)), sum(point.x), count(*) FILTER (WHERE category = 'green'), epoch_us(max(ts)) FROM t";

    [Fact]
    public void DuckDbScansAnExportedStreamAndComputesTheSameAggregates()
    {
        const int BatchCount = 20;
        const int Rows = 2048;
        long arraysBefore = ArrowCDiagnostics.LiveArrays;
        long streamsBefore = ArrowCDiagnostics.LiveStreams;
        ArrowCArrayStream stream = default;
        ArrowCExporter.ExportStream(CTestData.Schema, Batches(BatchCount, Rows), &stream);
        DuckDbResult result;
        using (DuckDbConnection duck = DuckDbConnection.OpenInMemory())
        {
            DuckDbApi api = DuckDbApi.Load();
            byte[] name = "t\0"u8.ToArray();
            fixed (byte* tableName = name)
            {
                Assert.Equal(0, api.ArrowScan(duck.Handle, tableName, &stream));
            }
            result = duck.Query(AggregateSql);
            // DuckDB copies the stream with a no-op release: the caller keeps ownership and releases it.
            Assert.True(stream.Release is not null);
            stream.Release(&stream);
        }
        CTestData.Aggregates expected = CTestData.Expected((long)BatchCount * Rows);
        string?[] row = Assert.Single(result.Rows);
        Assert.Equal(expected.Count, long.Parse(row[0]!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.SumId, long.Parse(row[1]!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.SumValue, double.Parse(row[2]!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.CountName, long.Parse(row[3]!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.SumNameLength, long.Parse(row[4]!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.CountFlag, long.Parse(row[5]!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.SumTagCount, long.Parse(row[6]!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.SumX, long.Parse(row[7]!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.CountGreen, long.Parse(row[8]!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.MaxTs, long.Parse(row[9]!, CultureInfo.InvariantCulture));
        // Every batch DuckDB pulled was released by DuckDB (from its own threads), and the stream by us.
        Assert.Equal(arraysBefore, ArrowCDiagnostics.LiveArrays);
        Assert.Equal(streamsBefore, ArrowCDiagnostics.LiveStreams);
        Assert.Equal(0, ArrowCDiagnostics.ReleaseFailures);
        Allocator.AssertNoLeaks();
    }

    [Fact]
    public void DuckDbProducedArrowImportsZeroCopyWithTheSameValues()
    {
        const long Rows = 10_000;
        string sql =
            "SELECT range AS id, CASE WHEN range % 7 = 0 THEN NULL ELSE range::DOUBLE * 0.5 END AS value, " +
            "CASE WHEN range % 5 = 0 THEN NULL ELSE 'row-' || range END AS name FROM range(" + Rows.ToString(CultureInfo.InvariantCulture) + ")";
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        DuckDbApi api = DuckDbApi.Load();
        nint arrow = 0;
        byte[] text = Encoding.UTF8.GetBytes(sql + "\0");
        fixed (byte* query = text)
        {
            Assert.Equal(0, api.QueryArrow(duck.Handle, query, &arrow));
        }
        try
        {
            ArrowCSchema cSchema = default;
            ArrowCSchema* schemaOut = &cSchema;
            Assert.Equal(0, api.QueryArrowSchema(arrow, &schemaOut));
            Schema schema = ArrowCImporter.ImportSchema(&cSchema);
            Assert.Equal(["id", "value", "name"], [schema.Fields[0].Name, schema.Fields[1].Name, schema.Fields[2].Name]);
            long count = 0;
            long sumId = 0;
            double sumValue = 0;
            long countName = 0;
            var batches = new List<RecordBatch>();
            while (true)
            {
                ArrowCArray cArray = default;
                ArrowCArray* arrayOut = &cArray;
                Assert.Equal(0, api.QueryArrowArray(arrow, &arrayOut));
                if (cArray.Release is null)
                {
                    break;
                }
                batches.Add(ArrowCImporter.ImportRecordBatch(&cArray, schema));
            }
            foreach (RecordBatch batch in batches)
            {
                using (batch)
                {
                    var id = (PrimitiveArray<long>)batch.Column(0);
                    var value = (PrimitiveArray<double>)batch.Column(1);
                    ArrowArray name = batch.Column(2);
                    for (int i = 0; i < batch.Length; i++)
                    {
                        long row = id.GetValue(i);
                        count++;
                        sumId += row;
                        Assert.Equal(CTestData.ValueIsNull(row), value.IsNull(i));
                        sumValue += value[i] ?? 0;
                        Assert.Equal(CTestData.NameIsNull(row), name.IsNull(i));
                        if (name.IsValid(i))
                        {
                            countName++;
                            Assert.Equal(CTestData.Name(row), ReadString(name, i));
                        }
                    }
                }
            }
            CTestData.Aggregates expected = CTestData.Expected(Rows);
            Assert.Equal(Rows, count);
            Assert.Equal(expected.SumId, sumId);
            Assert.Equal(expected.SumValue, sumValue);
            Assert.Equal(expected.CountName, countName);
        }
        finally
        {
            api.DestroyArrow(&arrow);
        }
    }

    private static string? ReadString(ArrowArray array, int index) => array switch
    {
        BinaryArray binary => binary.GetString(index),
        _ => throw new InvalidOperationException("Unexpected string array type " + array.Type),
    };

    private IEnumerable<RecordBatch> Batches(int count, int rows)
    {
        for (int i = 0; i < count; i++)
        {
            yield return CTestData.Batch((long)i * rows, rows, Allocator);
        }
    }

    /// <summary>The DuckDB C API entry points these tests need, bound by name from the loaded libduckdb.</summary>
    private sealed class DuckDbApi
    {
        public delegate* unmanaged[Cdecl]<nint, byte*, ArrowCArrayStream*, int> ArrowScan;
        public delegate* unmanaged[Cdecl]<nint, byte*, nint*, int> QueryArrow;
        public delegate* unmanaged[Cdecl]<nint, ArrowCSchema**, int> QueryArrowSchema;
        public delegate* unmanaged[Cdecl]<nint, ArrowCArray**, int> QueryArrowArray;
        public delegate* unmanaged[Cdecl]<nint*, void> DestroyArrow;

        public static DuckDbApi Load()
        {
            nint library = NativeLibrary.Load(TestEnvironment.RequireDuckDbLibrary());
            return new DuckDbApi
            {
                ArrowScan = (delegate* unmanaged[Cdecl]<nint, byte*, ArrowCArrayStream*, int>)NativeLibrary.GetExport(library, "duckdb_arrow_scan"),
                QueryArrow = (delegate* unmanaged[Cdecl]<nint, byte*, nint*, int>)NativeLibrary.GetExport(library, "duckdb_query_arrow"),
                QueryArrowSchema = (delegate* unmanaged[Cdecl]<nint, ArrowCSchema**, int>)NativeLibrary.GetExport(library, "duckdb_query_arrow_schema"),
                QueryArrowArray = (delegate* unmanaged[Cdecl]<nint, ArrowCArray**, int>)NativeLibrary.GetExport(library, "duckdb_query_arrow_array"),
                DestroyArrow = (delegate* unmanaged[Cdecl]<nint*, void>)NativeLibrary.GetExport(library, "duckdb_destroy_arrow"),
            };
        }
    }
}
