using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Parquet.Sources;

/// <summary>Reads several byte ranges of a source with few requests: ranges closer than
/// <see cref="MaxGap"/> are merged (up to <see cref="MaxMerged"/> bytes) and merged ranges are read concurrently.</summary>
internal static class RangeCoalescer
{
    public const long MaxGap = 1L << 20;
    public const long MaxMerged = 256L << 20;

    /// <summary>Returns one buffer slice per requested range, in request order. With <paramref name="rentals"/>,
    /// the buffers are rented from <see cref="ArrayPool{T}.Shared"/> and added to it: the caller returns them once
    /// it no longer uses the slices (on failure they are returned here).</summary>
    public static async ValueTask<ReadOnlyMemory<byte>[]> ReadAsync(IParquetSource source, IReadOnlyList<(long Offset, long Length)> ranges, CancellationToken cancellationToken, List<byte[]>? rentals = null)
    {
        int n = ranges.Count;
        ReadOnlyMemory<byte>[] results = new ReadOnlyMemory<byte>[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            if (ranges[i].Length is < 0 or > int.MaxValue - 64)
            {
                throw new ParquetFormatException($"byte range of {ranges[i].Length} bytes cannot be read");
            }
        }
        Array.Sort(order, (a, b) => ranges[a].Offset.CompareTo(ranges[b].Offset));
        List<(long Start, long End, List<int> Members)> merged = [];
        foreach (int i in order)
        {
            (long offset, long length) = ranges[i];
            long end = offset + length;
            if (merged.Count > 0)
            {
                (long s, long e, List<int> members) = merged[^1];
                if (offset - e <= MaxGap && Math.Max(e, end) - s <= MaxMerged)
                {
                    merged[^1] = (s, Math.Max(e, end), members);
                    members.Add(i);
                    continue;
                }
            }
            merged.Add((offset, end, [i]));
        }
        Task[] reads = new Task[merged.Count];
        int firstRental = rentals?.Count ?? 0;
        try
        {
            for (int m = 0; m < merged.Count; m++)
            {
                (long start, long end, List<int> members) = merged[m];
                int size = (int)(end - start);
                byte[] buffer;
                if (rentals is not null)
                {
                    buffer = ArrayPool<byte>.Shared.Rent(size);
                    rentals.Add(buffer);
                }
                else
                {
                    buffer = GC.AllocateUninitializedArray<byte>(size);
                }
                foreach (int i in members)
                {
                    results[i] = buffer.AsMemory((int)(ranges[i].Offset - start), (int)ranges[i].Length);
                }
                reads[m] = ReadOne(source, start, buffer.AsMemory(0, size), cancellationToken);
            }
            await Task.WhenAll(reads).ConfigureAwait(false);
            return results;
        }
        catch
        {
            if (rentals is not null)
            {
                foreach (Task read in reads)
                {
                    if (read is not null)
                    {
                        try
                        {
                            await read.ConfigureAwait(false);
                        }
                        catch (Exception)
                        {
                            // Already failing: only wait so that no read still writes into a returned buffer.
                        }
                    }
                }
                for (int r = firstRental; r < rentals.Count; r++)
                {
                    ArrayPool<byte>.Shared.Return(rentals[r]);
                }
                rentals.RemoveRange(firstRental, rentals.Count - firstRental);
            }
            throw;
        }
    }

    private static async Task ReadOne(IParquetSource source, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await source.ReadAsync(offset, buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new ParquetFormatException($"the file is truncated: range [{offset}, {offset + buffer.Length}) is past its end", e);
        }
    }
}
