using System;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Tests.Conformance;
using DeltaSharp.TestSupport;
using DeltaSharp.Variant;
using Xunit;

namespace DeltaSharp.Tests.Variant;

/// <summary>
/// Spark/Databricks tables whose variant columns are shredded (variantShredding-preview, objects shredded into
/// typed fields): every row reads back as a complete unshredded Variant (a well-formed value whose object field ids
/// are in the row's metadata dictionary), top-level and nested in a struct.
/// </summary>
public sealed class ShreddedVariantTableTests
{
    [Theory]
    [InlineData("delta__spark__variant-stats-no-checkpoint")]
    [InlineData("delta__spark__variant-stats-nested-no-checkpoint")]
    [InlineData("delta__spark__variant-stats-with-struct-no-checkpoint")]
    [InlineData("delta__spark__variant-stats-state-reconstruction")]
    public async Task EveryShreddedRowReadsAsAWellFormedVariant(string id)
    {
        string dir = TestEnvironment.RequireConformanceDir();
        ConformanceTable table = ConformanceIndex.Get(id);
        await using DeltaTable opened = await DeltaTable.OpenAsync(table.TablePath(dir));
        long rows = 0;
        int variants = 0;
        await foreach (RecordBatch batch in opened.Snapshot.ReadAsync(new DeltaScanOptions()))
        {
            using (batch)
            {
                rows += batch.Length;
                for (int c = 0; c < batch.ColumnCount; c++)
                {
                    variants += CheckColumn(batch.Column(c), batch.Schema.Fields[c].DataType);
                }
            }
        }
        Assert.Equal(table.DerivedRows, rows);
        Assert.True(variants > 0, "no variant value was checked");
    }

    /// <summary>Checks every variant value in a column (recursing into structs); returns how many were checked.</summary>
    private static int CheckColumn(ArrowArray column, Arrow.Types.ArrowType type)
    {
        if (column is not StructArray structArray)
        {
            return 0;
        }
        if (type.Equals(DeltaSharp.Schema.DeltaArrowSchema.VariantStructType))
        {
            var metadata = (BinaryArray)structArray.GetField(0);
            var value = (BinaryArray)structArray.GetField(1);
            int checkedValues = 0;
            for (int i = 0; i < structArray.Length; i++)
            {
                if (!structArray.IsValid(i))
                {
                    continue;
                }
                int slot = structArray.GetFieldSlot(i);
                VariantMetadata dictionary = VariantMetadata.Parse(metadata.GetBytes(slot));
                byte[] bytes = value.GetBytes(slot).ToArray();
                Assert.Equal(bytes.Length, VariantEncoding.ValueSize(bytes));
                if ((bytes[0] & 0x03) == VariantEncoding.BasicObject)
                {
                    foreach ((int fieldId, ReadOnlyMemory<byte> fieldValue) in VariantEncoding.ReadObjectFields(bytes))
                    {
                        Assert.False(string.IsNullOrEmpty(dictionary.NameOf(fieldId)));
                        Assert.Equal(fieldValue.Length, VariantEncoding.ValueSize(fieldValue.Span));
                    }
                }
                checkedValues++;
            }
            return checkedValues;
        }
        int total = 0;
        var structType = (Arrow.Types.StructType)type;
        for (int f = 0; f < structType.Fields.Count; f++)
        {
            total += CheckColumn(structArray.GetField(f), structType.Fields[f].DataType);
        }
        return total;
    }
}
