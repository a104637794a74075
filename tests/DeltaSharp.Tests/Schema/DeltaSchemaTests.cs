using System;
using System.Linq;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;
using Xunit;

namespace DeltaSharp.Tests.Schema;

public sealed class DeltaSchemaTests
{
    // The example of PROTOCOL.md "Schema Serialization Format" plus every primitive type.
    private const string Everything = """
        {"type":"struct","fields":[
          {"name":"a","type":"integer","nullable":false,"metadata":{}},
          {"name":"b","type":{"type":"struct","fields":[{"name":"d","type":"integer","nullable":false,"metadata":{}}]},"nullable":true,"metadata":{}},
          {"name":"c","type":{"type":"array","elementType":"integer","containsNull":false},"nullable":true,"metadata":{}},
          {"name":"e","type":{"type":"array","elementType":{"type":"struct","fields":[{"name":"d","type":"integer","nullable":false,"metadata":{}}]},"containsNull":true},"nullable":true,"metadata":{}},
          {"name":"f","type":{"type":"map","keyType":"string","valueType":"string","valueContainsNull":true},"nullable":true,"metadata":{}},
          {"name":"s","type":"string","nullable":true,"metadata":{"comment":"text","delta.columnMapping.id":7,"delta.columnMapping.physicalName":"col-5f422f40"}},
          {"name":"l","type":"long","nullable":true,"metadata":{}},
          {"name":"sh","type":"short","nullable":true,"metadata":{}},
          {"name":"by","type":"byte","nullable":true,"metadata":{}},
          {"name":"fl","type":"float","nullable":true,"metadata":{}},
          {"name":"db","type":"double","nullable":true,"metadata":{}},
          {"name":"bo","type":"boolean","nullable":true,"metadata":{}},
          {"name":"bi","type":"binary","nullable":true,"metadata":{}},
          {"name":"da","type":"date","nullable":true,"metadata":{}},
          {"name":"ts","type":"timestamp","nullable":true,"metadata":{}},
          {"name":"tn","type":"timestamp_ntz","nullable":true,"metadata":{}},
          {"name":"de","type":"decimal(38, 18)","nullable":true,"metadata":{}},
          {"name":"v","type":"variant","nullable":true,"metadata":{}},
          {"name":"n","type":"void","nullable":true,"metadata":{}},
          {"name":"w","type":"long","nullable":true,"metadata":{"delta.typeChanges":[{"fromType":"integer","toType":"long"}]}}
        ]}
        """;

    [Fact]
    public void ParsesEveryType()
    {
        DeltaSchema schema = DeltaSchema.Parse(Everything);
        Assert.Equal(20, schema.Fields.Count);
        DeltaStructField a = schema.FindField("a")!;
        Assert.Equal(DeltaPrimitiveType.Integer, a.Type);
        Assert.False(a.Nullable);
        var b = Assert.IsType<DeltaStructType>(schema.FindField("b")!.Type);
        Assert.Equal("d", b.Fields[0].Name);
        var c = Assert.IsType<DeltaArrayType>(schema.FindField("c")!.Type);
        Assert.False(c.ContainsNull);
        var f = Assert.IsType<DeltaMapType>(schema.FindField("f")!.Type);
        Assert.Equal(DeltaPrimitiveType.String, f.KeyType);
        Assert.True(f.ValueContainsNull);
        var de = Assert.IsType<DeltaDecimalType>(schema.FindField("de")!.Type);
        Assert.Equal((38, 18), (de.Precision, de.Scale));
        Assert.Equal("decimal(38,18)", de.TypeName);
        Assert.Equal(DeltaPrimitiveType.TimestampNtz, schema.FindField("tn")!.Type);
        Assert.Equal(DeltaPrimitiveType.Variant, schema.FindField("v")!.Type);
        Assert.Equal(DeltaPrimitiveType.Void, schema.FindField("n")!.Type);
    }

    [Fact]
    public void ColumnMappingMetadata()
    {
        DeltaStructField s = DeltaSchema.Parse(Everything).FindField("s")!;
        Assert.Equal(7, s.ColumnMappingId);
        Assert.Equal("col-5f422f40", s.PhysicalName);
        Assert.Equal("col-5f422f40", s.GetPhysicalName(ColumnMappingMode.Name));
        Assert.Equal("col-5f422f40", s.GetPhysicalName(ColumnMappingMode.Id));
        Assert.Equal("s", s.GetPhysicalName(ColumnMappingMode.None));
        Assert.Equal("text", s.Metadata["comment"].GetString());
    }

    [Fact]
    public void RoundTripsThroughJson()
    {
        DeltaSchema schema = DeltaSchema.Parse(Everything);
        DeltaSchema again = DeltaSchema.Parse(schema.ToJson());
        Assert.Equal(schema, again);
        Assert.Equal(schema.ToJson(), again.ToJson());
    }

    [Fact]
    public void FieldLookupIsCaseInsensitiveAfterExactMatch()
    {
        DeltaSchema schema = DeltaSchema.Parse("""{"type":"struct","fields":[{"name":"Id","type":"long","nullable":true,"metadata":{}}]}""");
        Assert.Same(schema.Fields[0], schema.FindField("id"));
        Assert.Null(schema.FindField("nope"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"array","elementType":"long","containsNull":true}""")]
    [InlineData("""{"type":"struct"}""")]
    [InlineData("""{"type":"struct","fields":[{"type":"long"}]}""")]
    [InlineData("""{"type":"struct","fields":[{"name":"a","type":"decimal(39,1)"}]}""")]
    [InlineData("""{"type":"struct","fields":[{"name":"a","type":"decimal(5,6)"}]}""")]
    [InlineData("""{"type":"struct","fields":[{"name":"a","type":"long"},{"name":"A","type":"long"}]}""")]
    [InlineData("""{"type":"struct","fields":[{"name":"a","type":{"type":"map","keyType":"string"}}]}""")]
    public void RejectsInvalidSchemas(string json)
    {
        Assert.Throws<FormatException>(() => DeltaSchema.Parse(json));
    }

    [Fact]
    public void UnknownTypeIsUnsupported()
    {
        DeltaUnsupportedFeatureException ex = Assert.Throws<DeltaUnsupportedFeatureException>(() =>
            DeltaSchema.Parse("""{"type":"struct","fields":[{"name":"g","type":"geometry(OGC:CRS84)","nullable":true,"metadata":{}}]}"""));
        Assert.Equal("geometry(OGC:CRS84)", ex.FeatureName);
    }

    [Fact]
    public void MapsToArrow()
    {
        Arrow.Schema arrow = DeltaArrowSchema.ToArrow(DeltaSchema.Parse(Everything));
        ArrowType TypeOf(string name) => arrow.Fields[arrow.GetFieldIndex(name)].DataType;
        Assert.Equal(ArrowType.Int32, TypeOf("a"));
        Assert.False(arrow.Fields[0].IsNullable);
        Assert.Equal(ArrowType.Utf8, TypeOf("s"));
        Assert.Equal(ArrowType.Int64, TypeOf("l"));
        Assert.Equal(ArrowType.Int16, TypeOf("sh"));
        Assert.Equal(ArrowType.Int8, TypeOf("by"));
        Assert.Equal(ArrowType.Float32, TypeOf("fl"));
        Assert.Equal(ArrowType.Float64, TypeOf("db"));
        Assert.Equal(ArrowType.Boolean, TypeOf("bo"));
        Assert.Equal(ArrowType.Binary, TypeOf("bi"));
        Assert.Equal(ArrowType.Date32, TypeOf("da"));
        Assert.Equal(new TimestampType(TimeUnit.Microsecond, "UTC"), TypeOf("ts"));
        Assert.Equal(new TimestampType(TimeUnit.Microsecond), TypeOf("tn"));
        Assert.Equal(new DecimalType(38, 18), TypeOf("de"));
        Assert.Equal(ArrowType.Null, TypeOf("n"));
        var list = Assert.IsType<ListType>(TypeOf("c"));
        Assert.Equal(ArrowType.Int32, list.ValueType);
        Assert.False(list.ValueField.IsNullable);
        var map = Assert.IsType<MapType>(TypeOf("f"));
        Assert.Equal(ArrowType.Utf8, map.KeyField.DataType);
        Assert.False(map.KeyField.IsNullable);
        var variant = Assert.IsType<StructType>(TypeOf("v"));
        Assert.Equal(new[] { "metadata", "value" }, variant.Fields.Select(x => x.Name).ToArray());
        Assert.Equal("text", arrow.Fields[arrow.GetFieldIndex("s")].GetMetadata("comment"));
    }

    [Fact]
    public void PhysicalArrowSchemaUsesPhysicalNamesAndFieldIds()
    {
        DeltaSchema schema = DeltaSchema.Parse(Everything);
        Arrow.Schema physical = DeltaArrowSchema.ToPhysicalArrow(schema, ColumnMappingMode.Id);
        Field s = physical.Fields[physical.GetFieldIndex("col-5f422f40")];
        Assert.Equal("7", s.GetMetadata(DeltaArrowSchema.ParquetFieldIdKey));
        Assert.True(physical.GetFieldIndex("a") >= 0);
        Assert.Equal(-1, DeltaArrowSchema.ToPhysicalArrow(schema, ColumnMappingMode.None).GetFieldIndex("col-5f422f40"));
    }
}
