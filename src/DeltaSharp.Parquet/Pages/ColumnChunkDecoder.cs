using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using DeltaSharp.Parquet.Compression;
using DeltaSharp.Parquet.Encodings;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Thrift;

namespace DeltaSharp.Parquet.Pages;

/// <summary>
/// Decodes all pages of one column chunk (dictionary, data v1/v2, index pages skipped) into a
/// <see cref="ColumnChunkData"/>. Synchronous over the chunk's bytes. Errors throw <see cref="ParquetFormatException"/>
/// with the page index filled in (the caller adds file, row group and column).
/// </summary>
internal static class ColumnChunkDecoder
{
    /// <summary>Largest uncompressed page accepted.</summary>
    public const int MaxPageSize = int.MaxValue - 4096;

    /// <summary>Decodes the whole chunk at once (the caller owns the result).</summary>
    public static ColumnChunkData Decode(ReadOnlySpan<byte> chunk, ColumnDescriptor column, ParquetColumnMetaData meta, bool verifyChecksums)
    {
        ColumnChunkData result = CreateOutput(column);
        try
        {
            using ColumnChunkReader reader = new(column, meta, verifyChecksums);
            while (reader.ReadNextDataPage(chunk, result))
            {
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>An empty decode target for <paramref name="column"/>.</summary>
    public static ColumnChunkData CreateOutput(ColumnDescriptor column)
    {
        int width = ValueDecoder.ValueWidth(column.PhysicalType, column.TypeLength);
        bool variable = column.PhysicalType == ParquetPhysicalType.ByteArray;
        if (!variable && width <= 0)
        {
            throw new ParquetFormatException($"FIXED_LEN_BYTE_ARRAY column has invalid type_length {column.TypeLength}");
        }
        return new ColumnChunkData(column, new ColumnValues(variable, width));
    }

    /// <summary>Decodes the one page at <paramref name="position"/> (advancing past it): a dictionary page sets
    /// <paramref name="dictionary"/>, a data page appends its levels and values to <paramref name="result"/>
    /// (<paramref name="isDataPage"/> true), an index page is skipped. Returns the levels appended.</summary>
    internal static int DecodePage(
        ReadOnlySpan<byte> chunk, ref int position, int page, long remaining, bool chunkStart, ref ColumnValues? dictionary,
        ColumnDescriptor column, ParquetColumnMetaData meta, bool verifyChecksums, ColumnChunkData result, out bool isDataPage)
    {
        try
        {
            isDataPage = false;
            PageHeader header = ReadPageHeader(chunk, ref position, out ReadOnlySpan<byte> body);
            if (verifyChecksums && header.Crc is int crc && (uint)crc != Crc32.Compute(body))
            {
                throw new ParquetFormatException($"page CRC mismatch (stored {(uint)crc:X8}, computed {Crc32.Compute(body):X8})");
            }
            int before = result.LevelCount;
            switch (header.Type)
            {
                case ParquetPageType.DictionaryPage:
                    if (dictionary is not null)
                    {
                        throw new ParquetFormatException("column chunk has more than one dictionary page");
                    }
                    dictionary = DecodeDictionaryPage(header, body, column, meta.Codec, result.Values.IsVariableLength, result.Values.Width);
                    break;
                case ParquetPageType.DataPage:
                    if (!header.HasDataPageHeader)
                    {
                        throw new ParquetFormatException("DATA_PAGE lacks its data_page_header");
                    }
                    CheckPageValues(header.NumValues, remaining);
                    isDataPage = true;
                    DecodeDataPageV1(header, body, column, meta.Codec, dictionary, result, chunkStart);
                    break;
                case ParquetPageType.DataPageV2:
                    if (!header.HasDataPageHeaderV2)
                    {
                        throw new ParquetFormatException("DATA_PAGE_V2 lacks its data_page_header_v2");
                    }
                    CheckPageValues(header.NumValues, remaining);
                    isDataPage = true;
                    DecodeDataPageV2(header, body, column, meta.Codec, dictionary, result);
                    break;
                case ParquetPageType.IndexPage:
                    break;
                default:
                    throw new ParquetFormatException($"unknown page type {(int)header.Type}");
            }
            return result.LevelCount - before;
        }
        catch (ParquetFormatException e)
        {
            throw e.WithLocation(null, null, null, page);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or OverflowException or InvalidOperationException)
        {
            throw new ParquetFormatException("page data is malformed: " + e.Message, null, null, null, page, e);
        }
    }

    /// <summary>Reads the page header at <paramref name="position"/> and returns it with its body, advancing past
    /// both; sizes are checked against the chunk.</summary>
    internal static PageHeader ReadPageHeader(ReadOnlySpan<byte> chunk, ref int position, out ReadOnlySpan<byte> body)
    {
        if (position >= chunk.Length)
        {
            throw new ParquetFormatException("a page header starts past the end of the column chunk");
        }
        PageHeader header = ParquetThriftDecoder.DecodePageHeader(chunk[position..], out int headerLength);
        position += headerLength;
        if (header.CompressedPageSize > chunk.Length - position)
        {
            throw new ParquetFormatException($"page of {header.CompressedPageSize} bytes runs past the end of the column chunk ({chunk.Length - position} bytes left)");
        }
        if (header.UncompressedPageSize > MaxPageSize)
        {
            throw new ParquetFormatException($"page declares {header.UncompressedPageSize} uncompressed bytes (limit {MaxPageSize})");
        }
        body = chunk.Slice(position, header.CompressedPageSize);
        position += header.CompressedPageSize;
        return header;
    }

    private static void CheckPageValues(int numValues, long remaining)
    {
        if (numValues < 0 || numValues > remaining)
        {
            throw new ParquetFormatException($"data page declares {numValues} values but the column chunk has {remaining} left");
        }
    }

    private static ColumnValues DecodeDictionaryPage(PageHeader header, ReadOnlySpan<byte> body, ColumnDescriptor column, ParquetCompressionCodec codec, bool variable, int width)
    {
        if (!header.HasDictionaryPageHeader)
        {
            throw new ParquetFormatException("DICTIONARY_PAGE lacks its dictionary_page_header");
        }
        if (header.Encoding is not (ParquetEncoding.Plain or ParquetEncoding.PlainDictionary))
        {
            throw new ParquetFormatException($"dictionary page uses encoding {header.Encoding}; only PLAIN is valid");
        }
        if (header.NumValues < 0)
        {
            throw new ParquetFormatException($"dictionary page declares {header.NumValues} values");
        }
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> data = Decompress(codec, body, header.UncompressedPageSize, ref rented);
            ColumnValues dictionary = new(variable, width);
            try
            {
                ValueDecoder.DecodePlain(data, header.NumValues, column.PhysicalType, dictionary);
                return dictionary;
            }
            catch
            {
                dictionary.Dispose();
                throw;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ReadOnlySpan<byte> Decompress(ParquetCompressionCodec codec, ReadOnlySpan<byte> body, int uncompressedSize, ref byte[]? rented)
    {
        if (codec == ParquetCompressionCodec.Uncompressed)
        {
            if (body.Length != uncompressedSize)
            {
                throw new ParquetFormatException($"uncompressed page holds {body.Length} bytes but declares {uncompressedSize}");
            }
            return body;
        }
        if (uncompressedSize == 0 && body.IsEmpty)
        {
            return body;
        }
        CheckPlausibleSize(codec, body, uncompressedSize);
        rented = ArrayPool<byte>.Shared.Rent(Math.Max(uncompressedSize, 1));
        Span<byte> output = rented.AsSpan(0, uncompressedSize);
        PageDecompressor.Decompress(codec, body, output);
        return output;
    }

    /// <summary>Rejects a declared uncompressed size that the codec cannot produce from this input, before any
    /// buffer is allocated for it (so a corrupt size cannot drive a large allocation).</summary>
    private static void CheckPlausibleSize(ParquetCompressionCodec codec, ReadOnlySpan<byte> body, int uncompressedSize)
    {
        long limit = codec switch
        {
            ParquetCompressionCodec.Snappy => Snappy.GetUncompressedLength(body) == uncompressedSize ? uncompressedSize : -1,
            ParquetCompressionCodec.Gzip => (body.Length * 1100L) + 1024,
            ParquetCompressionCodec.Lz4Raw or ParquetCompressionCodec.Lz4 => (body.Length * 256L) + 1024,
            _ => long.MaxValue,
        };
        if (uncompressedSize > limit)
        {
            throw new ParquetFormatException($"page declares {uncompressedSize} uncompressed bytes, which {codec} cannot produce from {body.Length} bytes");
        }
    }

    private static void DecodeDataPageV1(PageHeader header, ReadOnlySpan<byte> body, ColumnDescriptor column, ParquetCompressionCodec codec, ColumnValues? dictionary, ColumnChunkData result, bool chunkStart)
    {
        int n = header.NumValues;
        if (n == 0)
        {
            return;
        }
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> data = Decompress(codec, body, header.UncompressedPageSize, ref rented);
            int position = 0;
            if (column.MaxRepetitionLevel > 0)
            {
                Span<int> reps = result.RepetitionLevels.Append(n);
                position += DecodeLevelsV1(data[position..], header.RepetitionLevelEncoding, column.MaxRepetitionLevel, reps, "repetition");
                if (chunkStart && reps[0] != 0)
                {
                    throw new ParquetFormatException($"the column chunk's first repetition level is {reps[0]}; a chunk must start a new row (0)");
                }
            }
            int nonNull = n;
            if (column.MaxDefinitionLevel > 0)
            {
                Span<int> defs = result.DefinitionLevels.Append(n);
                position += DecodeLevelsV1(data[position..], header.DefinitionLevelEncoding, column.MaxDefinitionLevel, defs, "definition");
                nonNull = CountNonNull(defs, column.MaxDefinitionLevel);
            }
            ValueDecoder.Decode(header.Encoding, data[position..], nonNull, column.PhysicalType, dictionary, result.Values);
            result.LevelCount += n;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void DecodeDataPageV2(PageHeader header, ReadOnlySpan<byte> body, ColumnDescriptor column, ParquetCompressionCodec codec, ColumnValues? dictionary, ColumnChunkData result)
    {
        int n = header.NumValues;
        int repLength = header.RepetitionLevelsByteLength;
        int defLength = header.DefinitionLevelsByteLength;
        if (repLength < 0 || defLength < 0 || (long)repLength + defLength > body.Length)
        {
            throw new ParquetFormatException($"DATA_PAGE_V2 level lengths ({repLength} + {defLength}) exceed the page's {body.Length} bytes");
        }
        if (n == 0)
        {
            return;
        }
        if (column.MaxRepetitionLevel > 0)
        {
            Span<int> reps = result.RepetitionLevels.Append(n);
            DecodeHybrid(body[..repLength], column.MaxRepetitionLevel, reps, "repetition");
            if (reps[0] != 0)
            {
                throw new ParquetFormatException($"DATA_PAGE_V2 starts with repetition level {reps[0]}; v2 pages must start a new row (0)");
            }
        }
        int nonNull = n;
        if (column.MaxDefinitionLevel > 0)
        {
            Span<int> defs = result.DefinitionLevels.Append(n);
            DecodeHybrid(body.Slice(repLength, defLength), column.MaxDefinitionLevel, defs, "definition");
            nonNull = CountNonNull(defs, column.MaxDefinitionLevel);
        }
        ReadOnlySpan<byte> values = body[(repLength + defLength)..];
        int uncompressedValues = header.UncompressedPageSize - repLength - defLength;
        if (uncompressedValues < 0)
        {
            throw new ParquetFormatException("DATA_PAGE_V2 uncompressed size is smaller than its level sections");
        }
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> data = header.IsCompressed
                ? Decompress(codec, values, uncompressedValues, ref rented)
                : values;
            ValueDecoder.Decode(header.Encoding, data, nonNull, column.PhysicalType, dictionary, result.Values);
            result.LevelCount += n;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int CountNonNull(ReadOnlySpan<int> defs, int max) => defs.Count(max);

    private static int DecodeLevelsV1(ReadOnlySpan<byte> data, ParquetEncoding encoding, int maxLevel, Span<int> levels, string what)
    {
        int bitWidth = BitWidth(maxLevel);
        if (encoding == ParquetEncoding.Rle)
        {
            if (data.Length < 4)
            {
                throw new ParquetFormatException($"{what} levels lack their length prefix");
            }
            int length = BinaryPrimitives.ReadInt32LittleEndian(data);
            if (length < 0 || length > data.Length - 4)
            {
                throw new ParquetFormatException($"{what} level length {length} exceeds the {data.Length - 4} bytes left");
            }
            DecodeHybrid(data.Slice(4, length), maxLevel, levels, what);
            return 4 + length;
        }
        if (encoding == ParquetEncoding.BitPacked)
        {
            long bits = (long)levels.Length * bitWidth;
            int bytes = (int)((bits + 7) / 8);
            if (bytes > data.Length)
            {
                throw new ParquetFormatException($"BIT_PACKED {what} levels need {bytes} bytes but {data.Length} are left");
            }
            for (int i = 0; i < levels.Length; i++)
            {
                int value = 0;
                long bit = (long)i * bitWidth;
                for (int b = 0; b < bitWidth; b++, bit++)
                {
                    value = (value << 1) | ((data[(int)(bit >> 3)] >> (7 - (int)(bit & 7))) & 1);
                }
                if (value > maxLevel)
                {
                    throw new ParquetFormatException($"{what} level {value} exceeds the maximum {maxLevel}");
                }
                levels[i] = value;
            }
            return bytes;
        }
        throw new ParquetFormatException($"{what} levels use unsupported encoding {encoding}");
    }

    private static void DecodeHybrid(ReadOnlySpan<byte> data, int maxLevel, Span<int> levels, string what)
    {
        int bitWidth = BitWidth(maxLevel);
        new RleBitPackedDecoder(data, bitWidth).ReadExactly(levels);
        if (maxLevel == (1 << bitWidth) - 1)
        {
            // Every value that fits in the bit width is a valid level (the decoder rejects wider RLE values).
            return;
        }
        foreach (int level in levels)
        {
            if ((uint)level > (uint)maxLevel)
            {
                throw new ParquetFormatException($"{what} level {level} exceeds the maximum {maxLevel}");
            }
        }
    }

    private static int BitWidth(int maxLevel) => 32 - BitOperations.LeadingZeroCount((uint)maxLevel);
}
