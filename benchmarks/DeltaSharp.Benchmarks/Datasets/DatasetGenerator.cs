using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using DeltaSharp.TestSupport.DuckDb;

namespace DeltaSharp.Benchmarks.Datasets;

/// <summary>
/// Generates the compare datasets deterministically (every value a pure function of its row number; no random
/// state): Parquet data files and checkpoints through DuckDB COPY, Delta JSON commits written here. Each dataset
/// directory gets a marker file when complete; complete datasets are reused, incomplete ones regenerated.
/// </summary>
internal sealed class DatasetGenerator
{
    private const string MarkerName = ".complete-v1";

    /// <summary>Schema of the log-only tables (their adds reference files that do not exist).</summary>
    private const string LogSchemaString =
        "{\"type\":\"struct\",\"fields\":[" +
        "{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}," +
        "{\"name\":\"value\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}}," +
        "{\"name\":\"name\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}";

    private const string PartitionedSchemaString =
        "{\"type\":\"struct\",\"fields\":[" +
        "{\"name\":\"part\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}}," +
        "{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}," +
        "{\"name\":\"val\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}}," +
        "{\"name\":\"name\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}";

    private readonly DatasetScale scale;
    private readonly DatasetPaths paths;
    private readonly TextWriter log;

    public DatasetGenerator(DatasetScale scale, DatasetPaths paths, TextWriter log)
    {
        this.scale = scale;
        this.paths = paths;
        this.log = log;
    }

    /// <summary>Generates whatever is missing.</summary>
    public void EnsureAll()
    {
        Directory.CreateDirectory(paths.Root);
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        duck.Execute("SET threads=2");
        foreach (string codec in DatasetPaths.WideCodecs)
        {
            Ensure(paths.Wide(codec), dir => GenerateWide(duck, dir, codec));
        }
        Ensure(Path.Combine(paths.Root, "check_wide_rows"), dir => CheckWideRows(duck, dir));
        Ensure(paths.LogCheckpoint, dir => GenerateCheckpoint(duck, dir));
        Ensure(paths.LogManyCommits, GenerateManyCommits);
        Ensure(paths.LogBigCommits, GenerateBigCommits);
        Ensure(paths.Partitioned, dir => GeneratePartitioned(duck, dir));
    }

    private void Ensure(string directory, Action<string> generate)
    {
        if (File.Exists(Path.Combine(directory, MarkerName)))
        {
            return;
        }
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(directory);
        var watch = Stopwatch.StartNew();
        log.Write($"generating {directory} ... ");
        log.Flush();
        generate(directory);
        File.WriteAllText(Path.Combine(directory, MarkerName), "complete\n");
        log.WriteLine($"{watch.Elapsed.TotalSeconds:F1}s");
    }

    private static string Sql(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    private static string TableId(string name)
    {
        // Deterministic id derived from the dataset name.
        byte[] hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private void GenerateWide(DuckDbConnection duck, string dir, string codec)
    {
        long rowsPerFile = scale.WideRows / scale.WideFiles;
        var adds = new List<(string Path, long Size, string Stats)>();
        for (int f = 0; f < scale.WideFiles; f++)
        {
            long start = f * rowsPerFile;
            long end = f == scale.WideFiles - 1 ? scale.WideRows : start + rowsPerFile;
            string name = $"part-{f:D5}.{codec}.parquet";
            string file = Path.Combine(dir, name);
            duck.Execute($"COPY ({WideTable.Sql(start, end)}) TO '{Sql(file)}' (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE {scale.WideRowGroupRows})");
            string?[] s = duck.Query(
                "SELECT count(*), min(id), max(id), min(int_col), max(int_col), min(dbl_col), max(dbl_col), min(str_col), max(str_col), " +
                "epoch_ms(min(ts_col)), epoch_ms(max(ts_col)), count(*) - count(id), count(*) - count(int_col), count(*) - count(dbl_col), " +
                $"count(*) - count(str_col), count(*) - count(ts_col), count(*) - count(flag) FROM read_parquet('{Sql(file)}')").Rows[0];
            var stats = new StringBuilder();
            stats.Append("{\"numRecords\":").Append(s[0])
                .Append(",\"minValues\":{\"id\":").Append(s[1]).Append(",\"int_col\":").Append(s[3]).Append(",\"dbl_col\":").Append(s[5])
                .Append(",\"str_col\":\"").Append(s[7]).Append("\",\"ts_col\":\"").Append(IsoMillis(s[9]!)).Append("\"}")
                .Append(",\"maxValues\":{\"id\":").Append(s[2]).Append(",\"int_col\":").Append(s[4]).Append(",\"dbl_col\":").Append(s[6])
                .Append(",\"str_col\":\"").Append(s[8]).Append("\",\"ts_col\":\"").Append(IsoMillis(s[10]!)).Append("\"}")
                .Append(",\"nullCount\":{\"id\":").Append(s[11]).Append(",\"int_col\":").Append(s[12]).Append(",\"dbl_col\":").Append(s[13])
                .Append(",\"str_col\":").Append(s[14]).Append(",\"ts_col\":").Append(s[15]).Append(",\"flag\":").Append(s[16]).Append("}}");
            adds.Add((name, new FileInfo(file).Length, stats.ToString()));
        }
        using var commit = new CommitFileWriter(Path.Combine(dir, "_delta_log"), 0);
        commit.WriteCommitInfo("WRITE");
        commit.WriteProtocolAndMetadata(TableId("wide_" + codec), WideTable.DeltaSchemaString, null);
        foreach ((string path, long size, string stats) in adds)
        {
            commit.WriteAdd(path, null, null, size, stats);
        }
    }

    /// <summary>Checks that the C# row generator (input of the DeltaSharp write workload) equals the SQL one (the
    /// Parquet files DuckDB wrote): rows written by ParquetFileWriter compared by DuckDB, both directions.</summary>
    private void CheckWideRows(DuckDbConnection duck, string dir)
    {
        const int Count = 5000;
        string file = Path.Combine(dir, "check.parquet");
        DeltaSharp.Arrow.Schema schema = WideTable.ArrowSchema();
        using (var stream = new FileStream(file, FileMode.Create))
        using (var writer = new DeltaSharp.Parquet.Writer.ParquetFileWriter(stream, schema))
        {
            foreach (long start in new[] { 0L, scale.WideRows - Count })
            {
                using DeltaSharp.Arrow.RecordBatch batch = WideTable.BuildBatch(schema, start, Count);
                writer.WriteBatch(batch);
            }
            writer.Close();
        }
        string expected = $"({WideTable.Sql(0, Count)} UNION ALL {WideTable.Sql(scale.WideRows - Count, scale.WideRows)})";
        string actual = $"(SELECT * FROM read_parquet('{Sql(file)}'))";
        foreach ((string left, string right) in new[] { (actual, expected), (expected, actual) })
        {
            string? differing = duck.Scalar($"SELECT count(*) FROM ({left} EXCEPT ALL {right})");
            if (differing != "0")
            {
                throw new InvalidOperationException($"C# wide-table rows differ from the SQL rows ({differing} rows); see {file}");
            }
        }
        File.Delete(file);
    }

    private static string IsoMillis(string epochMillis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(epochMillis, CultureInfo.InvariantCulture))
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Stats JSON of synthetic file number <paramref name="n"/> of the log-only tables.</summary>
    private static string LogStats(long n) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"numRecords\":1000,\"minValues\":{{\"id\":{n * 1000},\"value\":{n % 997}.5,\"name\":\"name_{n % 5000:D6}\"}},\"maxValues\":{{\"id\":{(n * 1000) + 999},\"value\":{(n % 997) + 100}.25,\"name\":\"name_{(n % 5000) + 5000:D6}\"}},\"nullCount\":{{\"id\":0,\"value\":{n % 7},\"name\":0}}}}");

    /// <summary>SQL twin of <see cref="LogStats"/> over a BIGINT column <c>n</c>.</summary>
    private const string LogStatsSql =
        "'{\"numRecords\":1000,\"minValues\":{\"id\":' || (n * 1000) || ',\"value\":' || (n % 997) || '.5,\"name\":\"name_' || lpad((n % 5000)::VARCHAR, 6, '0') || " +
        "'\"},\"maxValues\":{\"id\":' || (n * 1000 + 999) || ',\"value\":' || (n % 997 + 100) || '.25,\"name\":\"name_' || lpad((n % 5000 + 5000)::VARCHAR, 6, '0') || " +
        "'\"},\"nullCount\":{\"id\":0,\"value\":' || (n % 7) || ',\"name\":0}}'";

    private const string AddType =
        "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags MAP(VARCHAR, VARCHAR))";

    private const string RemoveType =
        "STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT)";

    private const string MetadataType =
        "STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), " +
        "schemaString VARCHAR, partitionColumns VARCHAR[], configuration MAP(VARCHAR, VARCHAR), createdTime BIGINT)";

    private const string ProtocolType = "STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER)";

    private const string TxnType = "STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)";

    private void GenerateCheckpoint(DuckDbConnection duck, string dir)
    {
        string logDir = Path.Combine(dir, "_delta_log");
        using (var commit = new CommitFileWriter(logDir, 0))
        {
            commit.WriteCommitInfo("CREATE TABLE");
            commit.WriteProtocolAndMetadata(TableId("log_checkpoint"), LogSchemaString, null);
        }
        const long Version = 1;
        string checkpoint = Path.Combine(logDir, Version.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint.parquet");
        string emptyMap = "CAST(MAP {} AS MAP(VARCHAR, VARCHAR))";
        string sql =
            $"SELECT CAST(NULL AS {TxnType}) AS txn, " +
            $"CAST({{'path': 'part-' || lpad(n::VARCHAR, 8, '0') || '.parquet', 'partitionValues': {emptyMap}, 'size': 100000 + (n % 1000), " +
            $"'modificationTime': {CommitFileWriter.Timestamp}, 'dataChange': false, 'stats': {LogStatsSql}, 'tags': NULL}} AS {AddType}) AS add, " +
            $"CAST(NULL AS {RemoveType}) AS remove, CAST(NULL AS {MetadataType}) AS metaData, CAST(NULL AS {ProtocolType}) AS protocol " +
            $"FROM range({scale.CheckpointFiles}) t(n) " +
            $"UNION ALL SELECT NULL, NULL, NULL, NULL, CAST({{'minReaderVersion': 1, 'minWriterVersion': 2}} AS {ProtocolType}) " +
            $"UNION ALL SELECT NULL, NULL, NULL, CAST({{'id': '{TableId("log_checkpoint")}', 'name': NULL, 'description': NULL, " +
            $"'format': {{'provider': 'parquet', 'options': {emptyMap}}}, 'schemaString': '{Sql(LogSchemaString)}', 'partitionColumns': CAST([] AS VARCHAR[]), " +
            $"'configuration': {emptyMap}, 'createdTime': {CommitFileWriter.Timestamp}}} AS {MetadataType}), NULL";
        duck.Execute($"COPY ({sql}) TO '{Sql(checkpoint)}' (FORMAT parquet, COMPRESSION snappy)");
        File.WriteAllText(Path.Combine(logDir, "_last_checkpoint"),
            string.Create(CultureInfo.InvariantCulture, $"{{\"version\":{Version},\"size\":{scale.CheckpointFiles + 2}}}"));
    }

    private void GenerateManyCommits(string dir)
    {
        // Commit v adds 80% new files and removes 20% (the first ones added by commit v-1): commits × actions
        // file actions in total, live files = adds - removes.
        string logDir = Path.Combine(dir, "_delta_log");
        int removes = scale.ActionsPerCommit / 5;
        int adds = scale.ActionsPerCommit - removes;
        for (int v = 0; v < scale.JsonCommits; v++)
        {
            using var commit = new CommitFileWriter(logDir, v);
            commit.WriteCommitInfo("WRITE");
            if (v == 0)
            {
                commit.WriteProtocolAndMetadata(TableId("log_many_commits"), LogSchemaString, null);
            }
            int addCount = v == 0 ? scale.ActionsPerCommit : adds;
            if (v > 0)
            {
                for (int j = 0; j < removes; j++)
                {
                    commit.WriteRemove(ManyPath(v - 1, j), 100000);
                }
            }
            for (int j = 0; j < addCount; j++)
            {
                long n = ((long)v * scale.ActionsPerCommit) + j;
                commit.WriteAdd(ManyPath(v, j), null, null, 100000 + (n % 1000), LogStats(n));
            }
        }
    }

    private static string ManyPath(int version, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"part-{version:D5}-{index:D5}.parquet");

    private void GenerateBigCommits(string dir)
    {
        string logDir = Path.Combine(dir, "_delta_log");
        int perCommit = scale.BigCommitAdds / scale.BigCommits;
        for (int v = 0; v < scale.BigCommits; v++)
        {
            using var commit = new CommitFileWriter(logDir, v);
            commit.WriteCommitInfo("WRITE");
            if (v == 0)
            {
                commit.WriteProtocolAndMetadata(TableId("log_big_commits"), LogSchemaString, null);
            }
            for (int j = 0; j < perCommit; j++)
            {
                long n = ((long)v * perCommit) + j;
                commit.WriteAdd(string.Create(CultureInfo.InvariantCulture, $"part-{n:D8}.parquet"), null, null, 100000 + (n % 1000), LogStats(n));
            }
        }
    }

    private void GeneratePartitioned(DuckDbConnection duck, string dir)
    {
        // File k holds rows [k*r, (k+1)*r): partition part = k % 100, sub-directory bucket = k / 100; one COPY with
        // PARTITION_BY writes one file per (part, bucket) because rows arrive grouped by file and threads = 1.
        int buckets = scale.PartitionedFiles / 100;
        long rows = (long)scale.PartitionedFiles * scale.RowsPerSmallFile;
        duck.Execute("SET threads=1");
        duck.Execute("SET preserve_insertion_order=true");
        try
        {
            duck.Execute($"SET partitioned_write_max_open_files={scale.PartitionedFiles + 1}");
        }
        catch (InvalidOperationException)
        {
            // Older DuckDB without the setting: files arrive grouped, so the limit is not reached anyway.
        }
        string select =
            $"SELECT ((i // {scale.RowsPerSmallFile}) % 100)::INTEGER AS part, ((i // {scale.RowsPerSmallFile}) // 100)::INTEGER AS bucket, " +
            "i::BIGINT AS id, CAST((i * 7919) % 1000003 AS DOUBLE) / 100 AS val, 'name_' || lpad(CAST((i * 31337) % 5000 AS VARCHAR), 6, '0') AS name " +
            $"FROM range({rows}) t(i)";
        duck.Execute($"COPY ({select}) TO '{Sql(dir)}' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (part, bucket), OVERWRITE_OR_IGNORE true)");
        duck.Execute("SET threads=2");
        DuckDbResult stats = duck.Query(
            "SELECT filename, count(*), min(id), max(id), min(val), max(val), min(name), max(name) " +
            $"FROM read_parquet('{Sql(dir)}/*/*/*.parquet', filename = true, hive_partitioning = false) GROUP BY filename ORDER BY filename");
        if (stats.Rows.Count != scale.PartitionedFiles)
        {
            throw new InvalidOperationException($"expected {scale.PartitionedFiles} partitioned files, DuckDB wrote {stats.Rows.Count}");
        }
        using var commit = new CommitFileWriter(Path.Combine(dir, "_delta_log"), 0);
        commit.WriteCommitInfo("WRITE");
        commit.WriteProtocolAndMetadata(TableId("partitioned"), PartitionedSchemaString, "part");
        foreach (string?[] row in stats.Rows)
        {
            string file = row[0]!;
            string relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            string partDir = relative.Split('/')[0];
            string partValue = partDir.Substring("part=".Length);
            string json =
                $"{{\"numRecords\":{row[1]},\"minValues\":{{\"id\":{row[2]},\"val\":{row[4]},\"name\":\"{row[6]}\"}}," +
                $"\"maxValues\":{{\"id\":{row[3]},\"val\":{row[5]},\"name\":\"{row[7]}\"}},\"nullCount\":{{\"id\":0,\"val\":0,\"name\":0}}}}";
            commit.WriteAdd(relative, "part", partValue, new FileInfo(file).Length, json);
        }
    }
}
