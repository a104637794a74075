using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Tests.SpecAudit;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.ExternalFiles;

/// <summary>
/// A source table and a shallow clone of it, written by hand to PROTOCOL.md as Spark/Databricks SHALLOW CLONE lays
/// them out: the clone's log adds the source's data files by absolute URI (three forms per store), its deletion
/// vectors are absolute (<c>p</c>) and stay next to the source; later commits add a file under the clone root, a file
/// in a third place, remove a source file (without its size), change a source file's deletion vector and add a file
/// with an absolute change-data file. The truth is the rows written here (<see cref="ExpectedIds"/>,
/// <see cref="ExpectedChanges"/>); the local tests also check them against DuckDB reading the same Parquet files.
/// </summary>
internal static class ShallowCloneTable
{
    /// <summary>The source's data files (keys below the source folder): a space, '%', '#', '?' and non-ASCII in names.</summary>
    public static readonly string[] SourceFiles = ["part-0.parquet", "part 1 100%#?.parquet", "sub dir ü/part-2 π.parquet"];

    /// <summary>The ids of each source file (row position = index).</summary>
    public static readonly long[][] SourceIds = [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14]];

    public static readonly Guid SourceDv = new("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");
    public static readonly Guid UpdateDv = new("0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9");

    public static string DvKey(Guid uuid) => "deletion_vector_" + uuid.ToString("D") + ".bin";

    /// <summary>Rows (positions) of part-2 deleted by the source's DV, and of part-1 by the clone's v3 DV.</summary>
    public static readonly long[] SourceDvRows = [1, 3];
    public static readonly long[] UpdateDvRows = [0];

    public const string CloneFile = "clone-0.parquet";
    public const string ElsewhereFile = "elsewhere/else 0.parquet";
    public const string ExtraFile = "extra.parquet";
    public const string CdcFile = "_change_data/cdc-00000.parquet";

    public static string SchemaJson => SpecTable.Schema(SpecTable.Field("id", "\"long\"", nullable: false), SpecTable.Field("name", "\"string\""));

    public static string NameOf(long id) => "n" + id;

    /// <summary>Ids visible at each clone version.</summary>
    public static long[] ExpectedIds(long version)
    {
        var ids = new SortedSet<long>(Enumerable.Range(0, 15).Select(i => (long)i));
        ids.ExceptWith([11, 13]);
        if (version >= 1)
        {
            ids.UnionWith([100, 101, 300]);
        }
        if (version >= 2)
        {
            ids.ExceptWith([0, 1, 2, 3, 4]);
        }
        if (version >= 3)
        {
            ids.Remove(5);
        }
        if (version >= 4)
        {
            ids.Add(200);
        }
        return [.. ids];
    }

    /// <summary>The change data feed of versions 1..4 as "version|type|id", sorted.</summary>
    public static List<string> ExpectedChanges()
    {
        var rows = new List<string>();
        rows.AddRange(new long[] { 100, 101, 300 }.Select(id => $"1|insert|{id}"));
        rows.AddRange(new long[] { 0, 1, 2, 3, 4 }.Select(id => $"2|delete|{id}"));
        rows.Add("3|delete|5");
        rows.Add("4|insert|200");
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static RecordBatch Batch(long[] ids, string? changeType = null)
    {
        var columns = new List<(string, ArrayData, bool)>
        {
            ("id", TestArrays.Primitive<long>(ArrowType.Int64, ids.Select(i => (long?)i).ToArray()), false),
            ("name", TestArrays.String(ids.Select(NameOf).ToArray()), true),
        };
        if (changeType is not null)
        {
            columns.Add(("_change_type", TestArrays.String(ids.Select(_ => changeType).ToArray()), true));
        }
        return TestArrays.Batch([.. columns]);
    }

    private static byte[] Parquet(long[] ids, string? changeType = null)
    {
        using RecordBatch batch = Batch(ids, changeType);
        return SpecTable.ParquetBytes(batch);
    }

    private static string Commit(params string[] actions) => string.Join("\n", actions) + "\n";

    private static string LogKey(long version) => $"_delta_log/{version:D20}.json";

    /// <summary>Writes the source table in <paramref name="source"/> (its own log, relative paths, a relative DV),
    /// the clone in <paramref name="clone"/> (versions 0..4, see the class summary) and one file in
    /// <paramref name="elsewhere"/>.</summary>
    public static async Task BuildAsync(Place source, Place clone, Place elsewhere)
    {
        var sizes = new long[SourceFiles.Length];
        for (int i = 0; i < SourceFiles.Length; i++)
        {
            byte[] bytes = Parquet(SourceIds[i]);
            sizes[i] = bytes.Length;
            await source.PutAsync(SourceFiles[i], bytes);
        }
        byte[] sourceBitmap = RoaringWriter.Serialize(SourceDvRows);
        (byte[] sourceDvFile, int[] sourceOffsets) = RoaringWriter.DvFile(sourceBitmap);
        await source.PutAsync(DvKey(SourceDv), sourceDvFile);
        byte[] updateBitmap = RoaringWriter.Serialize(UpdateDvRows);
        (byte[] updateDvFile, int[] updateOffsets) = RoaringWriter.DvFile(updateBitmap);
        await source.PutAsync(DvKey(UpdateDv), updateDvFile);

        string protocol = SpecTable.Protocol(3, 7, ["deletionVectors"], ["deletionVectors", "changeDataFeed"]);
        var configuration = new Dictionary<string, string> { ["delta.enableDeletionVectors"] = "true", ["delta.enableChangeDataFeed"] = "true" };
        string metadata = SpecTable.Metadata(SchemaJson, configuration: configuration);

        // The source: relative paths, a relative ('u') DV.
        await source.PutTextAsync(LogKey(0), Commit(
            SpecTable.CommitInfo(), protocol, metadata,
            SpecTable.Add(Place.Escape(SourceFiles[0], keepNonAscii: false), sizes[0]),
            SpecTable.Add(Place.Escape(SourceFiles[1], keepNonAscii: false), sizes[1]),
            SpecTable.Add(Place.Escape(SourceFiles[2], keepNonAscii: false), sizes[2],
                deletionVector: SpecTable.Dv("u", RoaringWriter.Z85Uuid(SourceDv), sourceOffsets[0], sourceBitmap.Length, SourceDvRows.Length))));

        // The clone: the same files by absolute URI in three forms, the DV made absolute ('p').
        string[] uris = [source.UriOf(SourceFiles[0], 0), source.UriOf(SourceFiles[1], 1), source.UriOf(SourceFiles[2], 2)];
        object sourceDv = SpecTable.Dv("p", source.UriOf(DvKey(SourceDv), 0), sourceOffsets[0], sourceBitmap.Length, SourceDvRows.Length);
        await clone.PutTextAsync(LogKey(0), Commit(
            SpecTable.CommitInfo(), protocol, metadata,
            SpecTable.Add(uris[0], sizes[0]),
            SpecTable.Add(uris[1], sizes[1]),
            SpecTable.Add(uris[2], sizes[2], deletionVector: sourceDv)));

        // v1: a write after the clone (relative, under the clone root) and a file in a third place.
        byte[] cloneBytes = Parquet([100, 101]);
        await clone.PutAsync(CloneFile, cloneBytes);
        byte[] elsewhereBytes = Parquet([300]);
        await elsewhere.PutAsync(ElsewhereFile, elsewhereBytes);
        await clone.PutTextAsync(LogKey(1), Commit(
            SpecTable.CommitInfo(),
            SpecTable.Add(CloneFile, cloneBytes.Length),
            SpecTable.Add(elsewhere.UriOf(ElsewhereFile, 0), elsewhereBytes.Length)));

        // v2: a source file removed, without its size (the change feed asks its store for it).
        await clone.PutTextAsync(LogKey(2), Commit(SpecTable.CommitInfo(), SpecTable.Remove(uris[0])));

        // v3: a source file's deletion vector changed (a new absolute DV next to the source).
        object updateDv = SpecTable.Dv("p", source.UriOf(DvKey(UpdateDv), 1), updateOffsets[0], updateBitmap.Length, UpdateDvRows.Length);
        await clone.PutTextAsync(LogKey(3), Commit(
            SpecTable.CommitInfo(),
            SpecTable.Remove(uris[1]),
            SpecTable.Add(uris[1], sizes[1], deletionVector: updateDv)));

        // v4: a file added in the source's place, with its change-data file there too (absolute cdc path).
        byte[] extraBytes = Parquet([200]);
        await source.PutAsync(ExtraFile, extraBytes);
        byte[] cdcBytes = Parquet([200], "insert");
        await source.PutAsync(CdcFile, cdcBytes);
        await clone.PutTextAsync(LogKey(4), Commit(
            SpecTable.CommitInfo(),
            SpecTable.Add(source.UriOf(ExtraFile, 2), extraBytes.Length),
            SpecTable.Json(new Dictionary<string, object?>
            {
                ["cdc"] = new Dictionary<string, object?>
                {
                    ["path"] = source.UriOf(CdcFile, 0),
                    ["partitionValues"] = new Dictionary<string, string?>(),
                    ["size"] = cdcBytes.Length,
                    ["dataChange"] = false,
                },
            })));
    }

    /// <summary>The (id, name) rows of a snapshot as "id|name", sorted by id.</summary>
    public static async Task<List<string>> RowsAsync(DeltaSnapshot snapshot)
    {
        var rows = new List<(long Id, string Row)>();
        await foreach (RecordBatch batch in snapshot.ReadAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            using (batch)
            {
                var ids = (PrimitiveArray<long>)batch.Column(0);
                var names = (BinaryArray)batch.Column(1);
                for (int i = 0; i < batch.Length; i++)
                {
                    rows.Add((ids.GetValue(i), ids.GetValue(i) + "|" + names.GetString(i)));
                }
            }
        }
        return rows.OrderBy(r => r.Id).Select(r => r.Row).ToList();
    }

    /// <summary>The rows a snapshot at <paramref name="version"/> must hold, as "id|name".</summary>
    public static List<string> ExpectedRows(long version) => ExpectedIds(version).Select(id => id + "|" + NameOf(id)).ToList();

    /// <summary>The change data feed of versions <paramref name="start"/>.. as "version|type|id", sorted.</summary>
    public static async Task<List<string>> ChangesAsync(DeltaTable table, long start)
    {
        var rows = new List<string>();
        await foreach (RecordBatch batch in table.ReadChangesAsync(start, cancellationToken: TestContext.Current.CancellationToken))
        {
            using (batch)
            {
                var ids = (PrimitiveArray<long>)batch.Column(batch.Schema.GetFieldIndex("id"));
                var types = (BinaryArray)batch.Column(batch.Schema.GetFieldIndex("_change_type"));
                var versions = (PrimitiveArray<long>)batch.Column(batch.Schema.GetFieldIndex("_commit_version"));
                for (int i = 0; i < batch.Length; i++)
                {
                    rows.Add($"{versions.GetValue(i)}|{types.GetString(i)}|{ids.GetValue(i)}");
                }
            }
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
