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
    /// <summary>Validates the chunks of <paramref name="leaves"/> in row group <paramref name="rowGroupIndex"/>
    /// against the schema and fetches their bytes (coalesced range reads); the result is in the order of
    /// <paramref name="leaves"/>. With <paramref name="rentals"/>, the bytes live in pooled arrays added to it (see
    /// <see cref="RangeCoalescer.ReadAsync"/>).</summary>
    public static async ValueTask<ReadOnlyMemory<byte>[]> FetchAsync(
        IParquetSource source, ParquetFileMetaData metadata, ParquetSchema schema, int rowGroupIndex,
        IReadOnlyList<int> leaves, CancellationToken cancellationToken, List<byte[]>? rentals = null)
    {
        string file = source.Description;
        ParquetRowGroup rowGroup = metadata.RowGroups[rowGroupIndex];
        (long Offset, long Length)[] ranges = new (long, long)[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
        {
            ParquetColumnMetaData meta = rowGroup.Columns[leaves[i]].MetaData!;
            ParquetSchemaNode leaf = schema.Leaves[leaves[i]];
            if (rowGroup.Columns[leaves[i]].FilePath is { Length: > 0 } external)
            {
                throw new ParquetUnsupportedException($"{file}: column '{leaf.DottedPath}' stores its data in external file '{external}', which is not supported");
            }
            if (meta.PhysicalType == ParquetPhysicalType.ByteArray && meta.TotalUncompressedSize > int.MaxValue)
            {
                throw new ParquetUnsupportedException($"{file}, row group {rowGroupIndex}: column '{leaf.DottedPath}' holds {meta.TotalUncompressedSize} bytes of byte arrays in one chunk; more than 2 GiB is not supported");
            }
            if (meta.PhysicalType != leaf.Element.PhysicalType)
            {
                throw new ParquetFormatException($"column chunk type {meta.PhysicalType} differs from the schema type {leaf.Element.PhysicalType}", file, rowGroupIndex, leaf.DottedPath, null);
            }
            if (leaf.MaxRepetitionLevel == 0 && meta.NumValues != rowGroup.NumRows)
            {
                throw new ParquetFormatException($"column chunk holds {meta.NumValues} values but the row group has {rowGroup.NumRows} rows", file, rowGroupIndex, leaf.DottedPath, null);
            }
            ranges[i] = (ParquetFooter.ChunkStart(meta), meta.TotalCompressedSize);
        }
        try
        {
            return await RangeCoalescer.ReadAsync(source, ranges, cancellationToken, rentals).ConfigureAwait(false);
        }
        catch (ParquetFormatException e) when (e.FilePath is null)
        {
            throw e.WithLocation(file, rowGroupIndex);
        }
    }

    /// <summary>Decodes the chunks of <paramref name="leaves"/> in row group <paramref name="rowGroupIndex"/>
    /// whole; the result is in the order of <paramref name="leaves"/> and owned by the caller.</summary>
    public static async ValueTask<ColumnChunkData[]> DecodeAsync(
        IParquetSource source, ParquetFileMetaData metadata, ParquetSchema schema, int rowGroupIndex,
        IReadOnlyList<int> leaves, bool verifyChecksums, CancellationToken cancellationToken)
    {
        string file = source.Description;
        ParquetRowGroup rowGroup = metadata.RowGroups[rowGroupIndex];
        ReadOnlyMemory<byte>[] buffers = await FetchAsync(source, metadata, schema, rowGroupIndex, leaves, cancellationToken).ConfigureAwait(false);
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
