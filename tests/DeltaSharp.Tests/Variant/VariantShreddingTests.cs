using System;
using System.Collections.Generic;
using System.Linq;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;
using DeltaSharp.TestSupport;
using DeltaSharp.Variant;
using Xunit;

namespace DeltaSharp.Tests.Variant;

/// <summary>
/// Shredded → unshredded Variant reconstruction against binaries written by hand from the Parquet Variant spec
/// (VariantEncoding.md value/metadata layouts; VariantShredding.md value/typed_value rules and its examples).
/// </summary>
public sealed class VariantShreddingTests
{
    /// <summary>Metadata v1, offset size 1, unsorted: names in the given order.</summary>
    private static byte[] Metadata(params string[] names)
    {
        var bytes = new List<byte> { 0x01, (byte)names.Length, 0 };
        int offset = 0;
        foreach (string name in names)
        {
            offset += name.Length;
            bytes.Add((byte)offset);
        }
        foreach (string name in names)
        {
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(name));
        }
        return bytes.ToArray();
    }

    private static readonly byte[] EmptyMetadata = { 0x01, 0x00, 0x00 };

    private static Field F(string name, ArrowType type, bool nullable = true) => new(name, type, nullable);

    private static ArrayData Bin(params byte[]?[] values) => TestArrays.Binary(BinaryType.Binary, values);

    private static ArrayData Reconstruct(ArrayData shredded)
    {
        using (shredded)
        {
            return VariantShredding.Reconstruct(shredded, (StructType)shredded.Type, DeltaArrowSchema.VariantStructType, null);
        }
    }

    private static byte[]?[] Values(ArrayData result)
    {
        using ArrowArray array = ArrowArray.Borrow(result);
        var variant = (StructArray)array;
        var value = (BinaryArray)variant.GetField(1);
        var rows = new byte[]?[result.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = variant.IsValid(i) ? value.GetBytes(variant.GetFieldSlot(i)).ToArray() : null;
        }
        return rows;
    }

    [Fact]
    public void ShreddedInt64FollowsTheSpecExample()
    {
        // VariantShredding.md: 34 | null | "n/a" | 100, shredded as int64; plus a null row and a missing value.
        ArrayData shredded = TestArrays.Struct(
            [F("metadata", BinaryType.Binary, false), F("value", BinaryType.Binary), F("typed_value", IntegerType.Int64)],
            [
                Bin(EmptyMetadata, EmptyMetadata, EmptyMetadata, EmptyMetadata, EmptyMetadata, EmptyMetadata),
                Bin(null, [0x00], [0x0D, (byte)'n', (byte)'/', (byte)'a'], null, null, null),
                TestArrays.Primitive<long>(IntegerType.Int64, [34L, null, null, 100L, null, null]),
            ],
            [true, true, true, true, false, true]);
        using ArrayData result = Reconstruct(shredded);
        byte[]?[] rows = Values(result);
        Assert.Equal(new byte[] { 6 << 2, 34, 0, 0, 0, 0, 0, 0, 0 }, rows[0]);
        Assert.Equal(new byte[] { 0x00 }, rows[1]);
        Assert.Equal(new byte[] { 0x0D, (byte)'n', (byte)'/', (byte)'a' }, rows[2]);
        Assert.Equal(new byte[] { 6 << 2, 100, 0, 0, 0, 0, 0, 0, 0 }, rows[3]);
        Assert.Null(rows[4]);
        Assert.Equal(new byte[] { 0x00 }, rows[5]); // missing at top level reads as Variant null
    }

    [Fact]
    public void ShreddedPrimitivesOfEveryKindEncodeTheirVariantType()
    {
        (ArrowType Type, ArrayData Typed, byte[] Expected)[] cases =
        {
            (ArrowType.Boolean, TestArrays.Boolean([true]), new byte[] { 1 << 2 }),
            (IntegerType.Int8, TestArrays.Primitive<sbyte>(IntegerType.Int8, [(sbyte)-2]), new byte[] { 3 << 2, 0xFE }),
            (IntegerType.Int16, TestArrays.Primitive<short>(IntegerType.Int16, [(short)0x0102]), new byte[] { 4 << 2, 0x02, 0x01 }),
            (IntegerType.Int32, TestArrays.Primitive<int>(IntegerType.Int32, [7]), new byte[] { 5 << 2, 7, 0, 0, 0 }),
            (FloatingPointType.Float64, TestArrays.Primitive<double>(FloatingPointType.Float64, [1.0]), new byte[] { 7 << 2, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F }),
            (FloatingPointType.Float32, TestArrays.Primitive<float>(FloatingPointType.Float32, [1.0f]), new byte[] { 14 << 2, 0, 0, 0x80, 0x3F }),
            (DateType.Date32, TestArrays.Primitive<int>(DateType.Date32, [3]), new byte[] { 11 << 2, 3, 0, 0, 0 }),
            (new TimestampType(TimeUnit.Microsecond, "UTC"), TestArrays.Primitive<long>(new TimestampType(TimeUnit.Microsecond, "UTC"), [1L]), new byte[] { 12 << 2, 1, 0, 0, 0, 0, 0, 0, 0 }),
            (new TimestampType(TimeUnit.Microsecond), TestArrays.Primitive<long>(new TimestampType(TimeUnit.Microsecond), [1L]), new byte[] { 13 << 2, 1, 0, 0, 0, 0, 0, 0, 0 }),
            (new TimestampType(TimeUnit.Nanosecond), TestArrays.Primitive<long>(new TimestampType(TimeUnit.Nanosecond), [1L]), new byte[] { 19 << 2, 1, 0, 0, 0, 0, 0, 0, 0 }),
            (new DecimalType(9, 2), TestArrays.Decimal128(9, 2, [1.23m]), new byte[] { 8 << 2, 2, 123, 0, 0, 0 }),
            (new DecimalType(18, 1), TestArrays.Decimal128(18, 1, [-0.1m]), new byte[] { 9 << 2, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }),
            (BinaryType.Utf8, TestArrays.String(["hi"]), new byte[] { (2 << 2) | 1, (byte)'h', (byte)'i' }),
            (BinaryType.Binary, Bin([0xAB]), new byte[] { 15 << 2, 1, 0, 0, 0, 0xAB }),
            (new FixedSizeBinaryType(16), TestArrays.FixedBinary(16, [Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()]), new byte[] { 20 << 2 }.Concat(Enumerable.Range(1, 16).Select(i => (byte)i)).ToArray()),
        };
        foreach ((ArrowType type, ArrayData typed, byte[] expected) in cases)
        {
            ArrayData shredded = TestArrays.Struct(
                [F("metadata", BinaryType.Binary, false), F("value", BinaryType.Binary), F("typed_value", type)],
                [Bin(EmptyMetadata), Bin(new byte[]?[] { null }), typed],
                null);
            using ArrayData result = Reconstruct(shredded);
            Assert.Equal(expected, Values(result)[0]);
        }
    }

    [Fact]
    public void LongStringsUseTheLengthPrefixedStringType()
    {
        string text = new('x', 70);
        ArrayData shredded = TestArrays.Struct(
            [F("metadata", BinaryType.Binary, false), F("value", BinaryType.Binary), F("typed_value", BinaryType.Utf8)],
            [Bin(EmptyMetadata), Bin(new byte[]?[] { null }), TestArrays.String([text])],
            null);
        using ArrayData result = Reconstruct(shredded);
        byte[] value = Values(result)[0]!;
        Assert.Equal(new byte[] { 16 << 2, 70, 0, 0, 0 }, value[..5]);
        Assert.Equal(75, value.Length);
    }

    /// <summary>typed_value struct&lt;id: {value, typed_value int64}, name: {value, typed_value string}&gt;.</summary>
    private static ArrayData ShreddedObject(byte[] metadata, byte[]?[] residual, bool[] objectValid, long?[] ids, byte[]?[] idValues, string?[] names, byte[]?[] nameValues)
    {
        var idGroup = TestArrays.Struct([F("value", BinaryType.Binary), F("typed_value", IntegerType.Int64)], [Bin(idValues), TestArrays.Primitive<long>(IntegerType.Int64, ids)], null);
        var nameGroup = TestArrays.Struct([F("value", BinaryType.Binary), F("typed_value", BinaryType.Utf8)], [Bin(nameValues), TestArrays.String(names)], null);
        var typed = TestArrays.Struct([F("id", idGroup.Type, false), F("name", nameGroup.Type, false)], [idGroup, nameGroup], objectValid);
        return TestArrays.Struct(
            [F("metadata", BinaryType.Binary, false), F("value", BinaryType.Binary), F("typed_value", typed.Type)],
            [Bin(Enumerable.Repeat(metadata, objectValid.Length).ToArray<byte[]?>()), Bin(residual), typed],
            null);
    }

    [Fact]
    public void ShreddedObjectsRebuildFieldsInNameOrderWithMissingAndNullFields()
    {
        // Dictionary ids: name=0, id=1, email=2 (unsorted on purpose: ids come from the dictionary, order from names).
        byte[] metadata = Metadata("name", "id", "email");
        byte[] emailObject = { 0x02, 1, 2, 0, 3, 0x09, (byte)'e', (byte)'@' }; // {"email": "e@"}: 1 field, id 2, offsets 0,3
        ArrayData shredded = ShreddedObject(
            metadata,
            residual: [null, null, emailObject, null, [0x0D, (byte)'n', (byte)'/', (byte)'a']],
            objectValid: [true, true, true, true, false],
            ids: [1, 2, 3, null, null],
            idValues: [null, null, null, null, null],
            names: ["x", null, "y", null, null],
            nameValues: [null, null, null, [0x00], null]);
        using ArrayData result = Reconstruct(shredded);
        byte[]?[] rows = Values(result);

        // {"id": 1, "name": "x"}: header 0x02, 2 fields, ids [1 (id), 0 (name)], offsets [0, 9, 11].
        Assert.Equal(new byte[] { 0x02, 2, 1, 0, 0, 9, 11, 6 << 2, 1, 0, 0, 0, 0, 0, 0, 0, 0x05, (byte)'x' }, rows[0]);
        // {"id": 2}: "name" missing (value and typed_value null) is left out.
        Assert.Equal(new byte[] { 0x02, 1, 1, 0, 9, 6 << 2, 2, 0, 0, 0, 0, 0, 0, 0 }, rows[1]);
        // Partially shredded: {"email": "e@", "id": 3, "name": "y"} — email from the residual object, in name order.
        Assert.Equal(new byte[] { 0x02, 3, 2, 1, 0, 0, 3, 12, 14, 0x09, (byte)'e', (byte)'@', 6 << 2, 3, 0, 0, 0, 0, 0, 0, 0, 0x05, (byte)'y' }, rows[2]);
        // {"name": null}: a present null field is a Variant null.
        Assert.Equal(new byte[] { 0x02, 1, 0, 0, 1, 0x00 }, rows[3]);
        // Not an object: typed_value null, the value is copied.
        Assert.Equal(new byte[] { 0x0D, (byte)'n', (byte)'/', (byte)'a' }, rows[4]);
    }

    [Fact]
    public void ShreddedArraysFollowTheSpecExample()
    {
        // VariantShredding.md: ["comedy", "drama"], ["horror", null], null (as value 00).
        var element = TestArrays.Struct(
            [F("value", BinaryType.Binary), F("typed_value", BinaryType.Utf8)],
            [Bin(null, null, null, [0x00]), TestArrays.String(["comedy", "drama", "horror", null])],
            null);
        var typed = TestArrays.List(element, [0, 2, 4, 4], [true, true, false], childNullable: false);
        ArrayData shredded = TestArrays.Struct(
            [F("metadata", BinaryType.Binary, false), F("value", BinaryType.Binary), F("typed_value", typed.Type)],
            [Bin(EmptyMetadata, EmptyMetadata, EmptyMetadata), Bin(null, null, [0x00]), typed],
            null);
        using ArrayData result = Reconstruct(shredded);
        byte[]?[] rows = Values(result);
        byte[] comedy = [(6 << 2) | 1, .. "comedy"u8.ToArray()];
        byte[] drama = [(5 << 2) | 1, .. "drama"u8.ToArray()];
        byte[] horror = [(6 << 2) | 1, .. "horror"u8.ToArray()];
        Assert.Equal(new byte[] { 0x03, 2, 0, 7, 13 }.Concat(comedy).Concat(drama).ToArray(), rows[0]);
        Assert.Equal(new byte[] { 0x03, 2, 0, 7, 8 }.Concat(horror).Concat(new byte[] { 0x00 }).ToArray(), rows[1]);
        Assert.Equal(new byte[] { 0x00 }, rows[2]);
    }

    [Fact]
    public void AShreddedFieldMissingFromTheMetadataIsRejected()
    {
        ArrayData shredded = ShreddedObject(Metadata("id"), [null], [true], [1], [null], ["x"], [null]);
        Assert.Throws<FormatException>(() => Reconstruct(shredded).Dispose());
    }

    [Fact]
    public void ValueSizeMeasuresEveryBasicType()
    {
        Assert.Equal(1, VariantEncoding.ValueSize([0x00]));
        Assert.Equal(9, VariantEncoding.ValueSize([6 << 2, 1, 0, 0, 0, 0, 0, 0, 0, 99]));
        Assert.Equal(4, VariantEncoding.ValueSize([0x0D, 1, 2, 3, 99]));
        Assert.Equal(6, VariantEncoding.ValueSize([0x02, 1, 0, 0, 1, 0x00, 99]));
        Assert.Equal(5, VariantEncoding.ValueSize([0x03, 1, 0, 1, 0x00, 99]));
        Assert.Throws<FormatException>(() => VariantEncoding.ValueSize([15 << 2, 200, 0, 0, 0]));
    }
}
