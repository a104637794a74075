using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Sources;
using DeltaSharp.Parquet.Thrift;

namespace DeltaSharp.Parquet;

/// <summary>Reads and validates the footer of a Parquet file.</summary>
internal static class ParquetFooter
{
    private const int FirstRead = 64 * 1024;

    public static async ValueTask<(ParquetFileMetaData Metadata, ParquetSchema Schema)> ReadAsync(IParquetSource source, CancellationToken cancellationToken)
    {
        string file = source.Description;
        long length = await source.GetLengthAsync(cancellationToken).ConfigureAwait(false);
        if (length < 12)
        {
            throw new ParquetFormatException($"file is {length} bytes, too short to be Parquet", file, null, null, null);
        }
        int tailLength = (int)Math.Min(length, FirstRead);
        byte[] tail = new byte[tailLength];
        await ReadAsync(source, length - tailLength, tail, file, cancellationToken).ConfigureAwait(false);
        ReadOnlySpan<byte> magic = tail.AsSpan(tailLength - 4);
        if (magic.SequenceEqual("PARE"u8))
        {
            throw new ParquetUnsupportedException($"{file}: the file uses Parquet modular encryption with an encrypted footer, which is not supported");
        }
        if (!magic.SequenceEqual("PAR1"u8))
        {
            throw new ParquetFormatException("the file does not end with the PAR1 magic", file, null, null, null);
        }
        uint metadataLength = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(tailLength - 8));
        if (metadataLength > length - 12)
        {
            throw new ParquetFormatException($"footer length {metadataLength} exceeds the file ({length} bytes)", file, null, null, null);
        }
        byte[] head = new byte[4];
        await ReadAsync(source, 0, head, file, cancellationToken).ConfigureAwait(false);
        if (!head.AsSpan().SequenceEqual("PAR1"u8))
        {
            throw new ParquetFormatException("the file does not start with the PAR1 magic", file, null, null, null);
        }
        byte[] footer;
        int footerStart;
        if (metadataLength + 8 <= tailLength)
        {
            footer = tail;
            footerStart = tailLength - 8 - (int)metadataLength;
        }
        else
        {
            footer = new byte[metadataLength];
            footerStart = 0;
            await ReadAsync(source, length - 8 - metadataLength, footer, file, cancellationToken).ConfigureAwait(false);
        }
        ReadOnlySpan<byte> bytes = footer.AsSpan(footerStart, (int)metadataLength);
        try
        {
            ParquetFileMetaData metadata = ParquetThriftDecoder.DecodeFileMetaData(bytes);
            ParquetSchema schema = ParquetSchema.Build(metadata.Schema);
            Validate(metadata, schema, length);
            return (metadata, schema);
        }
        catch (ParquetFormatException e) when (e.FilePath is null)
        {
            throw e.WithLocation(file);
        }
        catch (ParquetUnsupportedException e)
        {
            throw new ParquetUnsupportedException($"{file}: {e.Message}", e);
        }
    }

    private static void Validate(ParquetFileMetaData metadata, ParquetSchema schema, long fileLength)
    {
        if (metadata.IsEncrypted)
        {
            throw new ParquetUnsupportedException("the file uses Parquet modular encryption (plaintext footer), which is not supported");
        }
        for (int g = 0; g < metadata.RowGroups.Count; g++)
        {
            ParquetRowGroup rowGroup = metadata.RowGroups[g];
            if (rowGroup.Columns.Count != schema.Leaves.Count)
            {
                throw new ParquetFormatException($"row group has {rowGroup.Columns.Count} column chunks but the schema has {schema.Leaves.Count} leaf columns", null, g, null, null);
            }
            for (int c = 0; c < rowGroup.Columns.Count; c++)
            {
                ParquetColumnChunk chunk = rowGroup.Columns[c];
                string path = schema.Leaves[c].DottedPath;
                if (chunk.IsEncrypted)
                {
                    throw new ParquetUnsupportedException($"column '{path}' is encrypted (Parquet modular encryption is not supported)");
                }
                if (chunk.MetaData is null)
                {
                    throw new ParquetFormatException("column chunk lacks its metadata", null, g, path, null);
                }
                ParquetColumnMetaData meta = chunk.MetaData;
                if (meta.TotalCompressedSize < 0 || meta.DataPageOffset < 0 || ChunkStart(meta) + meta.TotalCompressedSize > fileLength)
                {
                    throw new ParquetFormatException($"column chunk range (offset {ChunkStart(meta)}, {meta.TotalCompressedSize} bytes) lies outside the file ({fileLength} bytes)", null, g, path, null);
                }
            }
        }
    }

    /// <summary>Where a chunk's first page starts: the dictionary page when its offset is recorded and precedes the
    /// first data page (an offset of 0 means "absent": some writers record 0).</summary>
    public static long ChunkStart(ParquetColumnMetaData meta)
    {
        long start = meta.DataPageOffset;
        if (meta.DictionaryPageOffset is long dict && dict > 0 && dict < start)
        {
            start = dict;
        }
        return start;
    }

    private static async ValueTask ReadAsync(IParquetSource source, long offset, Memory<byte> destination, string file, CancellationToken cancellationToken)
    {
        try
        {
            await source.ReadAsync(offset, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new ParquetFormatException("the file is truncated", file, null, null, null, e);
        }
    }
}
