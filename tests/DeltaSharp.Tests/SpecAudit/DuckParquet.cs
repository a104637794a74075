using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>
/// Parquet files written by DuckDB (an independent writer): data files from a SELECT, and checkpoints / sidecars
/// built row by row with the action columns typed exactly as the test says (so a test controls which optional
/// columns exist, their order and their nulls, as other writers do).
/// </summary>
internal static class DuckParquet
{
    /// <summary>The spec's checkpoint struct types ("Checkpoint Schema"), for tests to use or trim.</summary>
    public const string Protocol = "STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures VARCHAR[], writerFeatures VARCHAR[])";

    public const string Metadata = "STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), " +
        "schemaString VARCHAR, partitionColumns VARCHAR[], createdTime BIGINT, configuration MAP(VARCHAR, VARCHAR))";

    public const string Txn = "STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)";

    public const string Remove = "STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN)";

    public const string Domain = "STRUCT(domain VARCHAR, configuration VARCHAR, removed BOOLEAN)";

    public const string CheckpointMetadata = "STRUCT(version BIGINT, tags MAP(VARCHAR, VARCHAR))";

    public const string Sidecar = "STRUCT(path VARCHAR, sizeInBytes BIGINT, modificationTime BIGINT, tags MAP(VARCHAR, VARCHAR))";

    public const string Dv = "STRUCT(storageType VARCHAR, pathOrInlineDv VARCHAR, \"offset\" INTEGER, sizeInBytes INTEGER, cardinality BIGINT)";

    /// <summary>Runs <c>COPY (select) TO file (FORMAT parquet, options)</c> and returns the file's bytes.</summary>
    public static byte[] Write(string selectSql, string options = "")
    {
        string file = Path.Combine(Path.GetTempPath(), "specaudit-" + Guid.NewGuid().ToString("N") + ".parquet");
        try
        {
            using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
            duck.Execute("SET threads=1");
            duck.Execute("SET TimeZone='UTC'");
            duck.Execute($"COPY ({selectSql}) TO '{file}' (FORMAT parquet{options})");
            return File.ReadAllBytes(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A SQL string literal.</summary>
    public static string Str(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The protocol action as a SQL struct literal.</summary>
    public static string ProtocolRow(int reader, int writer, string[]? readerFeatures = null, string[]? writerFeatures = null) =>
        $"{{'minReaderVersion': {reader}, 'minWriterVersion': {writer}, 'readerFeatures': {List(readerFeatures)}, 'writerFeatures': {List(writerFeatures)}}}";

    /// <summary>The metaData action as a SQL struct literal.</summary>
    public static string MetadataRow(string schemaJson, string[]? partitionColumns = null, IReadOnlyDictionary<string, string>? configuration = null) =>
        $"{{'id': '7b0a1a5e-0000-4000-8000-000000000001', 'name': NULL, 'description': NULL, 'format': {{'provider': 'parquet', 'options': MAP {{}}}}, " +
        $"'schemaString': {Str(schemaJson)}, 'partitionColumns': {List(partitionColumns ?? Array.Empty<string>())}, 'createdTime': 1, 'configuration': {Map(configuration)}}}";

    public static string List(string[]? values)
    {
        if (values is null)
        {
            return "NULL::VARCHAR[]";
        }
        var text = new StringBuilder("[");
        for (int i = 0; i < values.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(Str(values[i]));
        }
        return text.Append("]::VARCHAR[]").ToString();
    }

    public static string Map(IReadOnlyDictionary<string, string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return "MAP {}::MAP(VARCHAR, VARCHAR)";
        }
        var text = new StringBuilder("MAP {");
        bool first = true;
        foreach (KeyValuePair<string, string> pair in values)
        {
            text.Append(first ? string.Empty : ", ").Append(Str(pair.Key)).Append(": ").Append(Str(pair.Value));
            first = false;
        }
        return text.Append("}::MAP(VARCHAR, VARCHAR)").ToString();
    }

    /// <summary>A checkpoint (or sidecar) as rows of typed action columns, in the order given.</summary>
    internal sealed class Checkpoint
    {
        private readonly List<(string Name, string Type)> columns = new();
        private readonly List<(string Column, string Value)> rows = new();
        private readonly List<string> generated = new();

        public Checkpoint Column(string name, string type)
        {
            columns.Add((name, type));
            return this;
        }

        /// <summary>Adds a row whose column <paramref name="column"/> is the SQL expression <paramref name="value"/>
        /// (the other columns null).</summary>
        public Checkpoint Row(string column, string value)
        {
            rows.Add((column, value));
            return this;
        }

        /// <summary>Adds <paramref name="count"/> rows from <c>range(count) t(n)</c>, column <paramref name="column"/>
        /// being <paramref name="valueOfN"/>.</summary>
        public Checkpoint Rows(string column, int count, string valueOfN)
        {
            generated.Add(Select(rows.Count, column, valueOfN, true) + $" FROM range({count}) t(n)");
            rows.Add((string.Empty, string.Empty));
            return this;
        }

        public string Sql()
        {
            var parts = new List<string>();
            int g = 0;
            for (int i = 0; i < rows.Count; i++)
            {
                parts.Add(rows[i].Column.Length == 0 ? generated[g++] : Select(i, rows[i].Column, rows[i].Value, false));
            }
            return "SELECT * EXCLUDE (o, n) FROM (" + string.Join(" UNION ALL ", parts) + ") ORDER BY o, n";
        }

        public byte[] ToParquet(int rowGroupSize = 100_000) => Write(Sql(), $", ROW_GROUP_SIZE {rowGroupSize}");

        private string Select(int order, string column, string value, bool fromRange)
        {
            var text = new StringBuilder("SELECT ").Append(order).Append(" AS o, ").Append(fromRange ? "n" : "0").Append("::BIGINT AS n");
            foreach ((string name, string type) in columns)
            {
                text.Append(", ").Append(name == column ? "(" + value + ")" : "NULL").Append("::").Append(type).Append(" AS \"").Append(name).Append('"');
            }
            return text.ToString();
        }
    }
}
