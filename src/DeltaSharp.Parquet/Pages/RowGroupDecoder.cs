using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Sources;

namespace DeltaSharp.Parquet.Pages;

/// <summary>Fetches (coalesced) and decodes the selected column chunks of one row group.</summary>
internal static class RowGroupDecoder
{
    /// <summary>Decodes the chunks of <paramref name="leaves"/> in row group <paramref name="rowGroupIndex"/>;
    /// the result is in the order of <paramref name="leaves"/> and owned by the caller.</summary>
    public static async ValueTask<ColumnChunkData[]> DecodeAsync(
        IParquetSource source, ParquetFileMetaData metadata, ParquetSchema schema, int rowGroupIndex,
        IReadOnlyList<int> leaves, bool verifyChecksums, CancellationToken cancellationToken)
    {
        string file = source.Description;
        ParquetRowGroup rowGroup = metadata.RowGroups[rowGroupIndex];
        (long Offset, long Length)[] ranges = new (long, long)[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
        {
            ParquetColumnMetaData meta = rowGroup.Columns[leaves[i]].MetaData!;
            if (rowGroup.Columns[leaves[i]].FilePath is { Length: > 0 } external)
            {
                throw new ParquetUnsupportedException($"{file}: column '{schema.Leaves[leaves[i]].DottedPath}' stores its data in external file '{external}', which is not supported");
            }
            if (meta.PhysicalType == ParquetPhysicalType.ByteArray && meta.TotalUncompressedSize > int.MaxValue)
            {
                throw new ParquetUnsupportedException($"{file}, row group {rowGroupIndex}: column '{schema.Leaves[leaves[i]].DottedPath}' holds {meta.TotalUncompressedSize} bytes of byte arrays in one chunk; more than 2 GiB is not supported");
            }
            ranges[i] = (ParquetFooter.ChunkStart(meta), meta.TotalCompressedSize);
        }
        ReadOnlyMemory<byte>[] buffers;
        try
        {
            buffers = await RangeCoalescer.ReadAsync(source, ranges, cancellationToken).ConfigureAwait(false);
        }
        catch (ParquetFormatException e) when (e.FilePath is null)
        {
            throw e.WithLocation(file, rowGroupIndex);
        }
        ColumnChunkData[] result = new ColumnChunkData[leaves.Count];
        int done = 0;
        try
        {
            for (; done < leaves.Count; done++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ParquetSchemaNode leaf = schema.Leaves[leaves[done]];
                ParquetColumnMetaData meta = rowGroup.Columns[leaves[done]].MetaData!;
                try
                {
                    if (meta.PhysicalType != leaf.Element.PhysicalType)
                    {
                        throw new ParquetFormatException($"column chunk type {meta.PhysicalType} differs from the schema type {leaf.Element.PhysicalType}");
                    }
                    if (leaf.MaxRepetitionLevel == 0 && meta.NumValues != rowGroup.NumRows)
                    {
                        throw new ParquetFormatException($"column chunk holds {meta.NumValues} values but the row group has {rowGroup.NumRows} rows");
                    }
                    result[done] = ColumnChunkDecoder.Decode(buffers[done].Span, new ColumnDescriptor(leaf), meta, verifyChecksums);
                }
                catch (ParquetFormatException e)
                {
                    throw e.WithLocation(file, rowGroupIndex, leaf.DottedPath);
                }
                catch (ParquetUnsupportedException e)
                {
                    throw new ParquetUnsupportedException($"{file}, row group {rowGroupIndex}, column '{leaf.DottedPath}': {e.Message}", e);
                }
            }
            return result;
        }
        catch
        {
            for (int i = 0; i < done; i++)
            {
                result[i].Dispose();
            }
            throw;
        }
    }
}
