using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Actions;
using DeltaSharp.Benchmarks.Datasets;

namespace DeltaSharp.Benchmarks.Delta;

/// <summary>
/// The JSON action decoder alone (<see cref="JsonActionDecoder.DecodeLine"/>), no I/O and no reconciliation: commit
/// lines held in memory, shaped exactly like the compare datasets (same member order, same stats, written by
/// <see cref="Utf8JsonWriter"/> with its default encoder, so the stats quotes are <c>\u0022</c> escapes), decoded into
/// a sink that only counts what it receives. <c>ManyCommits</c> is 40 commits of <c>json_many_commits</c> (80% adds,
/// 20% removes of the previous commit's files, 1,000 file actions each); <c>BigCommit</c> is 60,000 adds as in
/// <c>json_big_commits</c>. Each benchmark reports the time per FILE ACTION (<c>OperationsPerInvoke</c>); commitInfo,
/// protocol and metaData lines are decoded too (one or three per commit) but not counted. MB/s = bytes per action
/// (<see cref="ManyBytesPerAction"/>, <see cref="BigBytesPerAction"/>, printed at setup) / ns per action × 1000.
/// </summary>
[MemoryDiagnoser]
public class JsonActionDecodeBenchmarks
{
    /// <summary>File actions of the many-commits lines.</summary>
    public const int ManyActions = ManyCommits * ActionsPerCommit;

    /// <summary>Add actions of the big-commit lines.</summary>
    public const int BigActions = 60_000;

    private const int ManyCommits = 40;
    private const int ActionsPerCommit = 1000;
    private const string Schema = "{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}";

    private readonly CountingSink sink = new();
    private byte[][] manyCommits = null!;
    private byte[] bigCommit = null!;

    /// <summary>Average bytes per file action (line bytes including the newline) of the many-commits data.</summary>
    public double ManyBytesPerAction { get; private set; }

    /// <summary>Average bytes per add of the big-commit data.</summary>
    public double BigBytesPerAction { get; private set; }

    /// <summary>Builds the commit bytes (deterministic).</summary>
    [GlobalSetup]
    public void Setup()
    {
        manyCommits = new byte[ManyCommits][];
        long total = 0;
        int removes = ActionsPerCommit / 5;
        for (int v = 0; v < ManyCommits; v++)
        {
            var bytes = new MemoryStream();
            using var commit = new CommitFileWriter(bytes);
            commit.WriteCommitInfo("WRITE");
            if (v == 0)
            {
                commit.WriteProtocolAndMetadata("decode-bench", Schema, partitionColumn: null);
            }
            else
            {
                for (int j = 0; j < removes; j++)
                {
                    commit.WriteRemove(ManyPath(v - 1, j), 100000);
                }
            }
            int adds = v == 0 ? ActionsPerCommit : ActionsPerCommit - removes;
            for (int j = 0; j < adds; j++)
            {
                long n = ((long)v * ActionsPerCommit) + j;
                commit.WriteAdd(ManyPath(v, j), null, null, 100000 + (n % 1000), LogStats(n));
            }
            manyCommits[v] = bytes.ToArray();
            total += manyCommits[v].Length;
        }
        ManyBytesPerAction = (double)total / ManyActions;
        var big = new MemoryStream();
        using (var commit = new CommitFileWriter(big))
        {
            commit.WriteCommitInfo("WRITE");
            commit.WriteProtocolAndMetadata("decode-bench", Schema, partitionColumn: null);
            for (long n = 0; n < BigActions; n++)
            {
                commit.WriteAdd(string.Create(CultureInfo.InvariantCulture, $"part-{n:D8}.parquet"), null, null, 100000 + (n % 1000), LogStats(n));
            }
            bigCommit = big.ToArray();
        }
        BigBytesPerAction = (double)bigCommit.Length / BigActions;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// bytes per action: many {ManyBytesPerAction:F1}, big {BigBytesPerAction:F1}"));
    }

    /// <summary>json_many_commits lines, statistics wanted (as a snapshot load with statistics).</summary>
    [Benchmark(OperationsPerInvoke = ManyActions)]
    public long ManyCommitsDecode()
    {
        sink.Reset();
        var interner = new PartitionValueInterner();
        foreach (byte[] commit in manyCommits)
        {
            DecodeLines(commit, interner, sink);
        }
        return sink.Checksum;
    }

    /// <summary>json_big_commits lines, statistics wanted.</summary>
    [Benchmark(OperationsPerInvoke = BigActions)]
    public long BigCommitDecode()
    {
        sink.Reset();
        DecodeLines(bigCommit, new PartitionValueInterner(), sink);
        return sink.Checksum;
    }

    /// <summary>The lines of the data, as the log reader splits them.</summary>
    internal static void DecodeLines(ReadOnlySpan<byte> data, PartitionValueInterner interner, ActionSink sink)
    {
        while (!data.IsEmpty)
        {
            int newline = data.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline < 0 ? data : data[..newline];
            JsonActionDecoder.DecodeLine(line, interner, sink);
            data = newline < 0 ? default : data[(newline + 1)..];
        }
    }

    /// <summary>The many-commits data (for harnesses that drive the decoder themselves).</summary>
    internal IReadOnlyList<byte[]> ManyCommitBytes => manyCommits;

    /// <summary>The big-commit data.</summary>
    internal byte[] BigCommitBytes => bigCommit;

    private static string ManyPath(int version, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"part-{version:D5}-{index:D5}.parquet");

    private static string LogStats(long n) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"numRecords\":1000,\"minValues\":{{\"id\":{n * 1000},\"value\":{n % 997}.5,\"name\":\"name_{n % 5000:D6}\"}},\"maxValues\":{{\"id\":{(n * 1000) + 999},\"value\":{(n % 997) + 100}.25,\"name\":\"name_{(n % 5000) + 5000:D6}\"}},\"nullCount\":{{\"id\":0,\"value\":{n % 7},\"name\":0}}}}");

    /// <summary>Counts rows and folds a few of their fields into a checksum, so nothing is dead code.</summary>
    internal sealed class CountingSink : ActionSink
    {
        public long Checksum { get; private set; }

        public override bool WantsStatistics => true;

        public void Reset() => Checksum = 0;

        public override void OnAddRow(in AddFileRow row) => Checksum += row.Size + row.Path.Length + row.Statistics.Length;

        public override void OnRemoveRow(in RemoveFileRow row) => Checksum += row.Path.Length + 1;
    }
}
