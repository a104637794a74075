using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

/// <summary>A projected top-level name without an exact match selects the only column equal to it ignoring case
/// (Delta/Spark resolve names case-insensitively); an exact match wins; two case-insensitive matches select none.</summary>
public sealed class CaseInsensitiveProjectionTests
{
    [Theory]
    [InlineData("id", "ID")]
    [InlineData("ID", "ID")]
    [InlineData("value", "value")]
    [InlineData("Value", "Value")]
    [InlineData("VALUE", null)]
    public async Task Names_resolve_exactly_then_uniquely_ignoring_case(string asked, string? expected)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = Path.Combine(Path.GetTempPath(), $"deltasharp-case-{Guid.NewGuid():N}.parquet");
        try
        {
            using (RecordBatch batch = TestArrays.Batch(
                ("ID", TestArrays.Primitive(ArrowType.Int64, new long?[] { 1, 2 }), false),
                ("value", TestArrays.Primitive(ArrowType.Int32, new int?[] { 3, 4 }), true),
                ("Value", TestArrays.Primitive(ArrowType.Int32, new int?[] { 5, 6 }), true)))
            using (FileStream stream = File.Create(path))
            using (ParquetFileWriter writer = new(stream, batch.Schema, new ParquetWriterOptions()))
            {
                writer.WriteBatch(batch);
                writer.Close();
            }
            await using ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Columns = [asked] }, ct);
            if (expected is null)
            {
                Assert.Empty(reader.Schema.Fields);
                return;
            }
            Assert.Equal(expected, Assert.Single(reader.Schema.Fields).Name);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
