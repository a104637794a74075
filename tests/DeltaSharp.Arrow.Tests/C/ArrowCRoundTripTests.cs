using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using DeltaSharp.Arrow.C;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.C;

/// <summary>Export/import through the C Data Interface structs, with the checking allocator and the export
/// counters proving every buffer and every node is released exactly once.</summary>
[Collection(ArrowCSerialGroup.Name)]
public sealed unsafe class ArrowCRoundTripTests : LeakCheckedTest
{
    [Fact]
    public void SchemaRoundTripsWithNestedTypesDictionaryAndMetadata()
    {
        long before = ArrowCDiagnostics.LiveSchemas;
        ArrowCSchema c = default;
        ArrowCExporter.ExportSchema(CTestData.Schema, &c);
        Assert.Equal("+s", Marshal.PtrToStringUTF8((nint)c.Format));
        Assert.Equal(8, c.ChildCount);
        Assert.Equal("l", Marshal.PtrToStringUTF8((nint)c.Children[0]->Format));
        Assert.Equal(0, c.Children[0]->Flags & 2); // id is not nullable
        Assert.Equal("tsu:UTC", Marshal.PtrToStringUTF8((nint)c.Children[7]->Format));
        Assert.Equal("i", Marshal.PtrToStringUTF8((nint)c.Children[6]->Format));
        Assert.Equal("u", Marshal.PtrToStringUTF8((nint)c.Children[6]->Dictionary->Format));
        Schema imported = ArrowCImporter.ImportSchema(&c);
        Assert.True(c.Release is null);
        Assert.Equal(CTestData.Schema, imported);
        Assert.Equal("deltasharp-test", Assert.Single(imported.Metadata).Value);
        Assert.Equal(before, ArrowCDiagnostics.LiveSchemas);
    }

    [Theory]
    [InlineData("d:38,10", typeof(DecimalType))]
    [InlineData("d:76,-2,256", typeof(DecimalType))]
    [InlineData("w:16", typeof(FixedSizeBinaryType))]
    [InlineData("tdD", typeof(DateType))]
    [InlineData("ttn", typeof(TimeType))]
    [InlineData("tsn:", typeof(TimestampType))]
    [InlineData("tDm", typeof(DurationType))]
    [InlineData("vu", typeof(BinaryType))]
    public void FormatStringsRoundTrip(string format, Type expected)
    {
        ArrowType type = ArrowCFormat.FromFormat(format, [], 0);
        Assert.IsType(expected, type);
        Assert.Equal(format, ArrowCFormat.ToFormat(type));
    }

    [Theory]
    [InlineData("q")]
    [InlineData("w:0")]
    [InlineData("d:x,1")]
    [InlineData("+l")]
    [InlineData("tsx:")]
    public void BadFormatStringsAreRejectedWithTheFormatNamed(string format)
    {
        FormatException e = Assert.Throws<FormatException>(() => ArrowCFormat.FromFormat(format, [], 0));
        Assert.Contains(format.Length > 2 ? format[..2] : format, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchRoundTripsZeroCopyAndOutlivesTheProducer()
    {
        long arraysBefore = ArrowCDiagnostics.LiveArrays;
        ArrowCArray c = default;
        nint firstColumnAddress;
        using (RecordBatch batch = CTestData.Batch(0, 1000, Allocator))
        {
            ArrowCExporter.ExportRecordBatch(batch, &c);
            firstColumnAddress = batch.Column(0).Data.GetBuffer(1).Address;
        }
        // The producer's batch is disposed; the export keeps the buffers alive.
        Assert.True(Allocator.LiveAllocations > 0);
        Assert.Equal(1000, c.Length);
        Assert.Equal(8, c.ChildCount);
        Assert.Equal(firstColumnAddress, (nint)c.Children[0]->Buffers[1]); // no copy on export
        var actual = new CTestData.Aggregates();
        using (RecordBatch imported = ArrowCImporter.ImportRecordBatch(&c, CTestData.Schema))
        {
            Assert.True(c.Release is null); // moved
            Assert.Equal(firstColumnAddress, imported.Column(0).Data.GetBuffer(1).Address); // no copy on import
            CAggregates.Add(actual, imported);
            Assert.True(Allocator.LiveAllocations > 0);
        }
        CAggregates.AssertEqual(CTestData.Expected(1000), actual);
        Assert.Equal(arraysBefore, ArrowCDiagnostics.LiveArrays);
        Allocator.AssertNoLeaks();
    }

    [Fact]
    public void ImportedSlicesKeepTheProducerAliveUntilTheLastOneIsDisposed()
    {
        ArrowCArray c = default;
        using (RecordBatch batch = CTestData.Batch(0, 100, Allocator))
        {
            ArrowCExporter.ExportRecordBatch(batch, &c);
        }
        RecordBatch imported = ArrowCImporter.ImportRecordBatch(&c, CTestData.Schema);
        RecordBatch slice = imported.Slice(10, 5);
        imported.Dispose();
        Assert.True(Allocator.LiveAllocations > 0);
        Assert.Equal(10L, ((PrimitiveArray<long>)slice.Column("id")).GetValue(0));
        slice.Dispose();
        Allocator.AssertNoLeaks();
    }

    [Fact]
    public void ReleaseRunsOnceEvenWhenCalledTwice()
    {
        long before = ArrowCDiagnostics.LiveArrays;
        ArrowCArray c = default;
        using (RecordBatch batch = CTestData.Batch(0, 10, Allocator))
        {
            ArrowCExporter.ExportRecordBatch(batch, &c);
        }
        ArrowCArray copy = c; // a misbehaving consumer that kept a copy and releases both
        c.Release(&c);
        Assert.True(c.Release is null);
        copy.Release(&copy);
        Assert.Equal(before, ArrowCDiagnostics.LiveArrays);
        Assert.Equal(0, ArrowCDiagnostics.ReleaseFailures);
        Allocator.AssertNoLeaks();
    }

    [Fact]
    public void MovedChildIsReleasedIndependentlyOfItsParent()
    {
        long before = ArrowCDiagnostics.LiveArrays;
        ArrowCArray c = default;
        using (RecordBatch batch = CTestData.Batch(0, 50, Allocator))
        {
            ArrowCExporter.ExportRecordBatch(batch, &c);
        }
        ArrowCArray moved = *c.Children[2]; // the "name" column
        c.Children[2]->Release = null;
        c.Release(&c);
        Assert.True(Allocator.LiveAllocations > 0); // the moved column still holds its buffers
        using (ArrowArray name = ArrowCImporter.ImportArray(&moved, ArrowType.Utf8))
        {
            Assert.Equal("row-1", ((BinaryArray)name).GetString(1));
        }
        Assert.Equal(before, ArrowCDiagnostics.LiveArrays);
        Allocator.AssertNoLeaks();
    }

    [Fact]
    public void SlicedArrayExportsItsOffset()
    {
        using RecordBatch batch = CTestData.Batch(0, 100, Allocator);
        using ArrowArray slice = batch.Column("name").Slice(30, 10);
        ArrowCArray c = default;
        ArrowCExporter.ExportArray(slice, &c);
        Assert.Equal(30, c.Offset);
        Assert.Equal(10, c.Length);
        using ArrowArray back = ArrowCImporter.ImportArray(&c, ArrowType.Utf8);
        var strings = (BinaryArray)back;
        Assert.Null(strings.GetString(5)); // row 35
        Assert.Equal("row-31", strings.GetString(1));
    }

    [Fact]
    public void StreamRoundTripsAndReleasesEverything()
    {
        long streams = ArrowCDiagnostics.LiveStreams;
        long arrays = ArrowCDiagnostics.LiveArrays;
        ArrowCArrayStream c = default;
        ArrowCExporter.ExportStream(CTestData.Schema, Batches(5, 200), &c);
        var actual = new CTestData.Aggregates();
        using (ArrowCStreamReader reader = ArrowCImporter.ImportStream(&c))
        {
            Assert.True(c.Release is null);
            Assert.Equal(CTestData.Schema, reader.Schema);
            while (reader.ReadNext() is RecordBatch batch)
            {
                using (batch)
                {
                    CAggregates.Add(actual, batch);
                }
            }
            Assert.Null(reader.ReadNext()); // the end is sticky
        }
        CAggregates.AssertEqual(CTestData.Expected(1000), actual);
        Assert.Equal(streams, ArrowCDiagnostics.LiveStreams);
        Assert.Equal(arrays, ArrowCDiagnostics.LiveArrays);
        Allocator.AssertNoLeaks();
    }

    [Fact]
    public void ProducerFailureReachesTheConsumerAsErrorText()
    {
        ArrowCArrayStream c = default;
        ArrowCExporter.ExportStream(CTestData.Schema, Failing(), &c);
        using ArrowCStreamReader reader = ArrowCImporter.ImportStream(&c);
        using (RecordBatch? first = reader.ReadNext())
        {
            Assert.NotNull(first);
        }
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => reader.ReadNext());
        Assert.Contains("disk vanished", e.Message, StringComparison.Ordinal);
        Assert.Contains("error 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamRejectsABatchWithAnotherSchema()
    {
        ArrowCArrayStream c = default;
        var other = new Schema([new Field("id", ArrowType.Int64, nullable: false)]);
        ArrowCExporter.ExportStream(other, Batches(1, 10), &c);
        using ArrowCStreamReader reader = ArrowCImporter.ImportStream(&c);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => reader.ReadNext());
        Assert.Contains("schema differs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedArraysAreRejectedAndStillReleased()
    {
        long before = ArrowCDiagnostics.LiveArrays;
        ArrowCArray c = default;
        using (RecordBatch batch = CTestData.Batch(0, 10, Allocator))
        {
            ArrowCExporter.ExportRecordBatch(batch, &c);
        }
        var wrongSchema = new Schema([new Field("id", ArrowType.Int64)]);
        FormatException e = ImportThrows<FormatException>(&c, wrongSchema);
        Assert.Contains("8 columns", e.Message, StringComparison.Ordinal);
        Assert.True(c.Release is null); // moved and released even on failure
        Assert.Equal(before, ArrowCDiagnostics.LiveArrays);
        ImportThrows<ArgumentException>(&c, CTestData.Schema);

        using (RecordBatch batch = CTestData.Batch(0, 10, Allocator))
        {
            ArrowCExporter.ExportRecordBatch(batch, &c);
        }
        c.Children[0]->Length = -4;
        e = ImportThrows<FormatException>(&c, CTestData.Schema);
        Assert.Contains("column 'id' length -4", e.Message, StringComparison.Ordinal);

        using (RecordBatch batch = CTestData.Batch(0, 10, Allocator))
        {
            ArrowCExporter.ExportRecordBatch(batch, &c);
        }
        c.Children[2]->BufferCount = 2;
        e = ImportThrows<FormatException>(&c, CTestData.Schema);
        Assert.Contains("column 'name'", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, ArrowCDiagnostics.LiveArrays);
        Allocator.AssertNoLeaks();
    }

    private static TException ImportThrows<TException>(ArrowCArray* c, Schema schema)
        where TException : Exception
    {
        try
        {
            ArrowCImporter.ImportRecordBatch(c, schema).Dispose();
        }
        catch (TException e)
        {
            return e;
        }
        Assert.Fail("Import succeeded but " + typeof(TException).Name + " was expected.");
        return null!;
    }

    private IEnumerable<RecordBatch> Batches(int count, int rows)
    {
        for (int i = 0; i < count; i++)
        {
            yield return CTestData.Batch((long)i * rows, rows, Allocator);
        }
    }

    private IEnumerable<RecordBatch> Failing()
    {
        yield return CTestData.Batch(0, 10, Allocator);
        throw new System.IO.IOException("disk vanished");
    }
}
