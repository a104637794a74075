using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Checkpoints;
using DeltaSharp.Parquet;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Sources;
using DeltaSharp.Storage;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Tests.Snapshots;

/// <summary>
/// Checkpoints with many row groups, written by DuckDB (an independent Parquet writer) from a formula per row: the
/// row groups decoded in parallel must give exactly the actions of the formula, in file order, the same as a
/// sequential read; a corrupt row group in the middle must fail with the checkpoint named.
/// </summary>
public sealed class CheckpointRowGroupTests : IDisposable
{
    private const int Rows = 24_000;
    private const string CheckpointName = "_delta_log/00000000000000000001.checkpoint.parquet";
    private const string SchemaString = "{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},{\"name\":\"a\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}";

    private readonly string root = Path.Combine(Path.GetTempPath(), "ds-ckpt-rg-" + Guid.NewGuid().ToString("N"));

    public CheckpointRowGroupTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "_delta_log"));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task EveryRowGroupDecodesToTheFormulaInFileOrder(int parallelism)
    {
        WriteCheckpoint(seed: 17);
        Assert.True(await RowGroupCountAsync() >= 6, "the checkpoint should have many row groups");
        List<object> actions = await ReadAsync(parallelism, statistics: true);
        AssertFormula(actions, seed: 17, statistics: true);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(29)]
    public async Task ParallelDecodeEqualsSequentialDecode(int seed)
    {
        WriteCheckpoint(seed);
        List<object> sequential = await ReadAsync(1, statistics: false);
        List<object> parallel = await ReadAsync(4, statistics: false);
        Assert.Equal(sequential.Count, parallel.Count);
        for (int i = 0; i < sequential.Count; i++)
        {
            Assert.Equal(Describe(sequential[i]), Describe(parallel[i]));
        }
        AssertFormula(parallel, seed, statistics: false);
    }

    [Fact]
    public async Task SnapshotFromManyRowGroupsHoldsExactlyTheFormulaAdds()
    {
        WriteCheckpoint(seed: 5);
        File.WriteAllText(Path.Combine(root, "_delta_log", "_last_checkpoint"), "{\"version\":1,\"size\":" + Rows + "}");
        await using DeltaTable table = await DeltaTable.OpenAsync(root, new DeltaTableOptions { IncludeFileStatistics = true });
        List<int> expected = Enumerable.Range(0, Rows).Where(n => Kind(n, 5) == RowKind.Add).ToList();
        Assert.Equal(expected.Count, table.Snapshot.Files.Count);
        var byPath = table.Snapshot.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (int n in expected)
        {
            AssertAdd(byPath[AddPath(n)], n, 5, statistics: true);
        }
        Assert.Equal(3, table.Snapshot.Protocol.MinWriterVersion);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task CorruptRowGroupInTheMiddleNamesTheCheckpoint(int parallelism)
    {
        WriteCheckpoint(seed: 11);
        string file = Path.Combine(root, CheckpointName);
        int middle;
        long offset;
        await using (ParquetReader reader = await ParquetReader.OpenAsync(new FileParquetSource(file)))
        {
            middle = reader.Metadata.RowGroups.Count / 2;
            ParquetRowGroup group = reader.Metadata.RowGroups[middle];
            ParquetColumnMetaData path = group.Columns.Select(c => c.MetaData!).First(m => string.Join(".", m.PathInSchema) == "add.path");
            offset = path.DataPageOffset;
        }
        using (FileStream stream = new(file, FileMode.Open, FileAccess.Write))
        {
            // A page header that cannot be decoded: the data page of add.path in the middle row group.
            stream.Position = offset;
            stream.Write(Enumerable.Repeat((byte)0xFF, 24).ToArray());
        }
        DeltaLogCorruptException error = await Assert.ThrowsAsync<DeltaLogCorruptException>(() => ReadAsync(parallelism, statistics: true));
        Assert.Equal(CheckpointName, error.Path);
        Assert.Equal(1, error.Version);
        Assert.Contains($"row group {middle}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellationStopsEveryWorker()
    {
        WriteCheckpoint(seed: 2);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await using var store = new LocalObjectStore(root);
        var reader = new ParquetCheckpointReader(null, 4);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await reader.ReadAsync(store, CheckpointName, 1, new PartitionValueInterner(), new CollectingSink(), cancelled.Token));
    }

    private async Task<List<object>> ReadAsync(int parallelism, bool statistics)
    {
        await using var store = new LocalObjectStore(root);
        var sink = new CollectingSink { Statistics = statistics };
        await new ParquetCheckpointReader(null, parallelism).ReadAsync(store, CheckpointName, 1, new PartitionValueInterner(), sink, CancellationToken.None);
        return sink.Actions;
    }

    private async Task<int> RowGroupCountAsync()
    {
        await using ParquetReader reader = await ParquetReader.OpenAsync(new FileParquetSource(Path.Combine(root, CheckpointName)));
        return reader.Metadata.RowGroups.Count;
    }

    private enum RowKind
    {
        Add,
        Remove,
        Protocol,
        Metadata,
        Txn,
    }

    private static RowKind Kind(int n, int seed)
    {
        if (n == 5)
        {
            return RowKind.Protocol;
        }
        if (n == 7)
        {
            return RowKind.Metadata;
        }
        if ((n * 7 + seed) % 97 == 0)
        {
            return RowKind.Remove;
        }
        return (n + seed) % 1009 == 0 ? RowKind.Txn : RowKind.Add;
    }

    private static string AddPath(int n) => $"p/{n:D6}.parquet";

    /// <summary>Writes the checkpoint of the formula with DuckDB, in row order, in row groups of 2,048 rows.</summary>
    private void WriteCheckpoint(int seed)
    {
        TestEnvironment.RequireDuckDbLibrary();
        const string Add = "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags MAP(VARCHAR, VARCHAR), " +
            "deletionVector STRUCT(storageType VARCHAR, pathOrInlineDv VARCHAR, \"offset\" INTEGER, sizeInBytes INTEGER, cardinality BIGINT))";
        const string Remove = "STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, size BIGINT)";
        const string Metadata = "STRUCT(id VARCHAR, format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), schemaString VARCHAR, partitionColumns VARCHAR[], configuration MAP(VARCHAR, VARCHAR), createdTime BIGINT)";
        const string Protocol = "STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER)";
        const string Txn = "STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)";
        string kind = $"CASE WHEN n = 5 THEN 'protocol' WHEN n = 7 THEN 'metaData' WHEN (n * 7 + {seed}) % 97 = 0 THEN 'remove' WHEN (n + {seed}) % 1009 = 0 THEN 'txn' ELSE 'add' END";
        string partition = $"CASE (n + {seed}) % 3 WHEN 0 THEN MAP {{}}::MAP(VARCHAR, VARCHAR) WHEN 1 THEN MAP {{'a': ((n % 5)::VARCHAR)}} ELSE MAP {{'a': NULL::VARCHAR}} END";
        string add =
            $"{{'path': 'p/' || lpad(n::VARCHAR, 6, '0') || '.parquet', 'partitionValues': {partition}, 'size': n * 3 + 1, 'modificationTime': 1000 + n, " +
            $"'dataChange': n % 2 = 0, 'stats': CASE WHEN n % 4 = 0 THEN NULL ELSE '{{\"numRecords\":' || n || '}}' END, " +
            $"'tags': CASE WHEN n % 10 = 0 THEN MAP {{'t': 'v' || n}} ELSE NULL END, " +
            $"'deletionVector': CASE WHEN n % 11 = 0 THEN {{'storageType': 'u', 'pathOrInlineDv': 'ab' || n, 'offset': 1, 'sizeInBytes': 34, 'cardinality': n}} ELSE NULL END}}";
        string sql =
            $"SELECT CASE WHEN k = 'add' THEN {add}::{Add} END AS add, " +
            $"CASE WHEN k = 'remove' THEN {{'path': 'r/' || n, 'deletionTimestamp': 5000 + n, 'dataChange': true, 'size': n}}::{Remove} END AS remove, " +
            $"CASE WHEN k = 'metaData' THEN {{'id': 'table-id', 'format': {{'provider': 'parquet', 'options': MAP {{}}::MAP(VARCHAR, VARCHAR)}}, 'schemaString': '{SchemaString}', " +
            $"'partitionColumns': ['a'], 'configuration': MAP {{}}::MAP(VARCHAR, VARCHAR), 'createdTime': 1}}::{Metadata} END AS metaData, " +
            $"CASE WHEN k = 'protocol' THEN {{'minReaderVersion': 1, 'minWriterVersion': 3}}::{Protocol} END AS protocol, " +
            $"CASE WHEN k = 'txn' THEN {{'appId': 'app' || n, 'version': n, 'lastUpdated': NULL}}::{Txn} END AS txn " +
            $"FROM (SELECT n, {kind} AS k FROM range({Rows}) t(n)) ORDER BY n";
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        duck.Execute("SET threads=1");
        duck.Execute($"COPY ({sql}) TO '{Path.Combine(root, CheckpointName)}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048)");
    }

    private static void AssertFormula(List<object> actions, int seed, bool statistics)
    {
        int index = 0;
        for (int n = 0; n < Rows; n++)
        {
            object action = actions[index++];
            switch (Kind(n, seed))
            {
                case RowKind.Add:
                    AssertAdd(Assert.IsType<AddFile>(action), n, seed, statistics);
                    break;
                case RowKind.Remove:
                    RemoveFile remove = Assert.IsType<RemoveFile>(action);
                    Assert.Equal("r/" + n, remove.Path);
                    Assert.Equal(5000 + n, remove.DeletionTimestamp);
                    Assert.Equal(n, remove.Size);
                    break;
                case RowKind.Protocol:
                    Assert.Equal(3, Assert.IsType<DeltaProtocol>(action).MinWriterVersion);
                    break;
                case RowKind.Metadata:
                    Assert.Equal("table-id", Assert.IsType<DeltaMetadata>(action).Id);
                    break;
                case RowKind.Txn:
                    SetTransaction txn = Assert.IsType<SetTransaction>(action);
                    Assert.Equal("app" + n, txn.AppId);
                    Assert.Equal(n, txn.Version);
                    break;
            }
        }
        Assert.Equal(index, actions.Count);
    }

    private static void AssertAdd(AddFile add, int n, int seed, bool statistics)
    {
        Assert.Equal(AddPath(n), add.Path);
        Assert.Equal(n * 3L + 1, add.Size);
        Assert.Equal(1000L + n, add.ModificationTime);
        Assert.Equal(n % 2 == 0, add.DataChange);
        string? stats = statistics && n % 4 != 0 ? "{\"numRecords\":" + n + "}" : null;
        Assert.Equal(stats, add.StatsJson);
        switch ((n + seed) % 3)
        {
            case 0:
                Assert.Empty(add.PartitionValues);
                break;
            case 1:
                Assert.Equal((n % 5).ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(add.PartitionValues, p => p.Key == "a").Value);
                break;
            default:
                Assert.Null(Assert.Single(add.PartitionValues, p => p.Key == "a").Value);
                break;
        }
        if (n % 10 == 0)
        {
            Assert.NotNull(add.Tags);
            Assert.Equal("v" + n, add.Tags!["t"]);
        }
        else
        {
            Assert.True(add.Tags is null || add.Tags.Count == 0);
        }
        if (n % 11 == 0)
        {
            Assert.NotNull(add.DeletionVector);
            Assert.Equal("ab" + n, add.DeletionVector!.PathOrInlineDv);
            Assert.Equal(n, add.DeletionVector.Cardinality);
        }
        else
        {
            Assert.Null(add.DeletionVector);
        }
    }

    private static string Describe(object action) => action switch
    {
        AddFile a => $"add {a.Path} {a.Size} {a.ModificationTime} {a.DataChange} {a.StatsJson} {string.Join(",", a.PartitionValues.Select(p => p.Key + "=" + (p.Value ?? "<null>")))} {a.DeletionVector?.UniqueId}",
        RemoveFile r => $"remove {r.Path} {r.DeletionTimestamp}",
        DeltaProtocol p => $"protocol {p.MinReaderVersion} {p.MinWriterVersion}",
        DeltaMetadata m => $"metaData {m.Id}",
        SetTransaction t => $"txn {t.AppId} {t.Version}",
        _ => action.GetType().Name,
    };

    /// <summary>Records every action in the order the reader delivers them; fails if called concurrently.</summary>
    private sealed class CollectingSink : ActionSink
    {
        private int inside;

        public bool Statistics { get; init; } = true;

        public List<object> Actions { get; } = new();

        public override bool WantsStatistics => Statistics;

        public override void OnAdd(AddFile add) => Record(add);

        public override void OnRemove(RemoveFile remove) => Record(remove);

        public override void OnMetadata(DeltaMetadata metadata) => Record(metadata);

        public override void OnProtocol(DeltaProtocol protocol) => Record(protocol);

        public override void OnTransaction(SetTransaction transaction) => Record(transaction);

        private void Record(object action)
        {
            Assert.Equal(0, Interlocked.Exchange(ref inside, 1));
            Actions.Add(action);
            Volatile.Write(ref inside, 0);
        }
    }
}
