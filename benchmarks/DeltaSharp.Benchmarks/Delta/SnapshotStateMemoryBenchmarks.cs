using System;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Actions;
using DeltaSharp.State;

namespace DeltaSharp.Benchmarks.Delta;

/// <summary>
/// The snapshot's columnar file state (<see cref="FileTable"/>) without statistics, for a synthetic table of
/// <see cref="Files"/> files with Spark-style paths (<c>date=YYYY-MM-DD/part-NNNNN-&lt;uuid&gt;.c000.snappy.parquet</c>,
/// 100 partitions): appending span rows (what the log decoders do), materialising every <see cref="AddFile"/> (the
/// public <c>Files</c> view) and ordering the rows by path (the scanner). <see cref="Setup"/> prints the state's size
/// per file twice: the table's own accounting and the managed heap growth measured with forced collections (not a
/// timing; the target is at most 400 bytes per active file without statistics).
/// </summary>
[MemoryDiagnoser]
public class SnapshotStateMemoryBenchmarks
{
    private byte[][] paths = null!;
    private PartitionValueMap[] partitions = null!;
    private FileTable table = null!;

    [Params(1_000_000)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        paths = new byte[Files][];
        partitions = new PartitionValueMap[100];
        for (int p = 0; p < partitions.Length; p++)
        {
            string date = new DateOnly(2024, 1, 1).AddDays(p).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            partitions[p] = new PartitionValueMap(["date"], [date]);
        }
        var random = new Random(7);
        Span<byte> uuid = stackalloc byte[16];
        for (int i = 0; i < Files; i++)
        {
            random.NextBytes(uuid);
            string date = partitions[i % partitions.Length]["date"]!;
            paths[i] = Encoding.UTF8.GetBytes($"date={date}/part-{i % 100_000:D5}-{new Guid(uuid)}.c000.snappy.parquet");
        }
        table = Build();

        long before = Collect();
        FileTable held = Build();
        long after = Collect();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// file table without statistics, {held.Count} files, average path {AveragePathLength():F1} bytes: {held.RetainedBytes / (double)held.Count:F1} bytes per file (table accounting), {(after - before) / (double)held.Count:F1} bytes per file (managed heap growth)"));
        GC.KeepAlive(held);
    }

    [Benchmark]
    public int AppendRows() => Build().Count;

    [Benchmark]
    public long MaterialiseEveryAddFile()
    {
        long total = 0;
        for (int i = 0; i < table.Count; i++)
        {
            total += table.ToAddFile(i).Size;
        }
        return total;
    }

    [Benchmark]
    public int OrderByPath() => table.RowsInPathOrder()[0];

    /// <summary>Reference: the same order computed over path strings (what the scanner did before the table).</summary>
    [Benchmark]
    public string OrderByPathStrings()
    {
        var strings = new string[table.Count];
        for (int i = 0; i < strings.Length; i++)
        {
            strings[i] = table.GetPath(i);
        }
        Array.Sort(strings, string.CompareOrdinal);
        return strings[0];
    }

    private FileTable Build()
    {
        var builder = new FileTableBuilder();
        for (int i = 0; i < paths.Length; i++)
        {
            builder.Append(new AddFileRow
            {
                Path = paths[i],
                PartitionValues = partitions[i % partitions.Length],
                Size = 100_000 + i,
                ModificationTime = 1_704_067_200_000 + i,
                DataChange = true,
            });
        }
        return builder.Build();
    }

    private double AveragePathLength()
    {
        long total = 0;
        foreach (byte[] path in paths)
        {
            total += path.Length;
        }
        return total / (double)paths.Length;
    }

    private static long Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
