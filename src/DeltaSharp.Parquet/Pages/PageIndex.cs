using System;
using System.Collections.Generic;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Thrift;

namespace DeltaSharp.Parquet.Pages;

/// <summary>One data page of an OffsetIndex: absolute file offset, size (header included) and first row.</summary>
internal readonly record struct PageLocation(long Offset, int CompressedPageSize, long FirstRowIndex);

/// <summary>
/// The page index of one column chunk (parquet-format PageIndex.md): the OffsetIndex (where each data page is and
/// which row it starts) and, when present, the ColumnIndex (per page: all-null flag, min, max, null count).
/// Decoded and validated by <see cref="Decode"/>; immutable.
/// </summary>
internal sealed class PageIndex
{
    private PageIndex(PageLocation[] locations, bool[]? nullPages, byte[][]? mins, byte[][]? maxs, long[]? nullCounts)
    {
        Locations = locations;
        NullPages = nullPages;
        Mins = mins;
        Maxs = maxs;
        NullCounts = nullCounts;
    }

    public PageLocation[] Locations { get; }

    public bool[]? NullPages { get; }

    public byte[][]? Mins { get; }

    public byte[][]? Maxs { get; }

    public long[]? NullCounts { get; }

    public bool HasColumnIndex => NullPages is not null;

    /// <summary>Rows of page <paramref name="page"/> in a row group of <paramref name="rowGroupRows"/> rows.</summary>
    public long PageRows(int page, long rowGroupRows) =>
        (page + 1 < Locations.Length ? Locations[page + 1].FirstRowIndex : rowGroupRows) - Locations[page].FirstRowIndex;

    /// <summary>Statistics of page <paramref name="page"/> in the shape of footer statistics (bounds as
    /// min_value/max_value: the ColumnIndex follows the column order).</summary>
    public ParquetStatistics PageStatistics(int page) => NullPages![page]
        ? new ParquetStatistics { NullCount = NullCounts?[page] }
        : new ParquetStatistics { MinValue = Mins![page], MaxValue = Maxs![page], NullCount = NullCounts?[page] };

    /// <summary>Decodes an OffsetIndex (and optionally a ColumnIndex) for a chunk of a row group with
    /// <paramref name="rowGroupRows"/> rows. Returns null when the index is inconsistent (first page not at row 0,
    /// rows not ascending, lists of different lengths): such an index is ignored, never trusted.</summary>
    /// <exception cref="ParquetFormatException">The Thrift bytes are malformed.</exception>
    public static PageIndex? Decode(ReadOnlySpan<byte> offsetIndex, ReadOnlySpan<byte> columnIndex, long rowGroupRows)
    {
        PageLocation[] locations = DecodeOffsetIndex(offsetIndex);
        if (locations.Length == 0 || locations[0].FirstRowIndex != 0)
        {
            return null;
        }
        for (int i = 1; i < locations.Length; i++)
        {
            if (locations[i].FirstRowIndex <= locations[i - 1].FirstRowIndex || locations[i].FirstRowIndex >= rowGroupRows
                || locations[i].Offset <= locations[i - 1].Offset)
            {
                return null;
            }
        }
        if (columnIndex.IsEmpty)
        {
            return new PageIndex(locations, null, null, null, null);
        }
        (bool[] nullPages, byte[][] mins, byte[][] maxs, long[]? nullCounts) = DecodeColumnIndex(columnIndex);
        if (nullPages.Length != locations.Length || mins.Length != locations.Length || maxs.Length != locations.Length
            || (nullCounts is not null && nullCounts.Length != locations.Length))
        {
            return new PageIndex(locations, null, null, null, null);
        }
        return new PageIndex(locations, nullPages, mins, maxs, nullCounts);
    }

    private static PageLocation[] DecodeOffsetIndex(ReadOnlySpan<byte> data)
    {
        ThriftCompactReader r = new(data);
        PageLocation[]? locations = null;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            if (last == 1 && t == ThriftType.List)
            {
                int n = r.ReadListHeader(out ThriftType et);
                if (et != ThriftType.Struct && n > 0)
                {
                    throw new ParquetFormatException($"OffsetIndex.page_locations has element type {et}");
                }
                locations = new PageLocation[n];
                for (int i = 0; i < n; i++)
                {
                    long offset = -1, first = -1;
                    int size = -1;
                    r.BeginStruct();
                    short lastField = 0;
                    while (r.ReadFieldHeader(ref lastField, out ThriftType ft))
                    {
                        switch (lastField)
                        {
                            case 1 when ft == ThriftType.I64: offset = r.ReadI64(); break;
                            case 2 when ft == ThriftType.I32: size = r.ReadI32(); break;
                            case 3 when ft == ThriftType.I64: first = r.ReadI64(); break;
                            default: r.Skip(ft); break;
                        }
                    }
                    r.EndStruct();
                    if (offset < 0 || size < 0 || first < 0)
                    {
                        throw new ParquetFormatException($"OffsetIndex page location {i} is incomplete or negative");
                    }
                    locations[i] = new PageLocation(offset, size, first);
                }
            }
            else
            {
                r.Skip(t);
            }
        }
        r.EndStruct();
        return locations ?? throw new ParquetFormatException("OffsetIndex lacks page_locations");
    }

    private static (bool[] NullPages, byte[][] Mins, byte[][] Maxs, long[]? NullCounts) DecodeColumnIndex(ReadOnlySpan<byte> data)
    {
        ThriftCompactReader r = new(data);
        bool[]? nullPages = null;
        byte[][]? mins = null, maxs = null;
        long[]? nullCounts = null;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.List:
                    {
                        int n = r.ReadListHeader(out _);
                        nullPages = new bool[n];
                        for (int i = 0; i < n; i++)
                        {
                            nullPages[i] = r.ReadBoolElement();
                        }
                        break;
                    }
                case 2 when t == ThriftType.List: mins = ReadBinaryList(ref r); break;
                case 3 when t == ThriftType.List: maxs = ReadBinaryList(ref r); break;
                case 5 when t == ThriftType.List:
                    {
                        int n = r.ReadListHeader(out _);
                        nullCounts = new long[n];
                        for (int i = 0; i < n; i++)
                        {
                            nullCounts[i] = r.ReadI64();
                        }
                        break;
                    }
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
        if (nullPages is null || mins is null || maxs is null)
        {
            throw new ParquetFormatException("ColumnIndex lacks null_pages, min_values or max_values");
        }
        return (nullPages, mins, maxs, nullCounts);
    }

    private static byte[][] ReadBinaryList(ref ThriftCompactReader r)
    {
        int n = r.ReadListHeader(out ThriftType et);
        if (et != ThriftType.Binary && n > 0)
        {
            throw new ParquetFormatException($"ColumnIndex bounds have element type {et}");
        }
        byte[][] list = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            list[i] = r.ReadBinary().ToArray();
        }
        return list;
    }
}
