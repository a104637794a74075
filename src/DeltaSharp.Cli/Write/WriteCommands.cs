using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.Storage.S3;
using DeltaSharp.Writing;

namespace DeltaSharp.Cli;

/// <summary>The table write verbs: <c>create</c>, <c>write</c>, <c>checkpoint</c>.</summary>
public static partial class Program
{
    static partial void TryRunWriteCommand(string[] args, ref int? exitCode)
    {
        if (args.Length == 0 || args[0] is not ("create" or "write" or "checkpoint"))
        {
            return;
        }
        // The process entry point is synchronous; this is the one place that waits for the async work.
        exitCode = WriteCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).GetAwaiter().GetResult();
    }
}

/// <summary>
/// <c>deltasharp create TABLE --schema SCHEMA [--partition-by a,b] [--property k=v]...</c> and
/// <c>deltasharp write TABLE --from FILE [--mode append|overwrite] [--partition-by a,b] [--schema-mode merge|overwrite]
/// [--isolation serializable|write-serializable] [--app-id ID --app-version N] [--input-format F] [--schema SCHEMA]</c>
/// (FILE: Parquet, Arrow IPC file or stream; or CSV/TSV/JSON lines parsed against the table's schema, or against
/// --schema when the table does not exist yet; creates the table from the file's schema when it does not exist; a
/// progress bar on stderr when it is a terminal) and <c>deltasharp checkpoint TABLE</c> (V2 when the table has the v2Checkpoint feature).
/// SCHEMA is a Delta schema JSON string, <c>@file.json</c>, or <c>name:type[:not null],...</c> with Delta type
/// names (<c>long</c>, <c>string</c>, <c>decimal(10,2)</c>, ...). Prints one JSON line with the result.
/// Exit codes: 0 success, 1 failure (e.g. commit conflict), 2 usage error.
/// </summary>
internal static class WriteCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string verb = args[0];
        Dictionary<string, List<string>> options;
        string table;
        try
        {
            (table, options) = Parse(args);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"deltasharp {verb}: {ex.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync(verb == "create"
                ? "usage: deltasharp create TABLE --schema SCHEMA [--partition-by a,b] [--property key=value]..."
                : verb == "checkpoint"
                    ? "usage: deltasharp checkpoint TABLE"
                    : "usage: deltasharp write TABLE --from FILE [--input-format csv|tsv|jsonl|parquet|arrow] [--schema SCHEMA] [--mode append|overwrite] [--partition-by a,b] [--where EXPR] [--schema-mode merge|overwrite] [--isolation serializable|write-serializable] [--app-id ID --app-version N]").ConfigureAwait(false);
            return 2;
        }
        try
        {
            await using IObjectStore store = CliStorage.CreateOptions().Open(table);
            string[] partitionBy = Split(Single(options, "--partition-by"));
            if (verb == "create")
            {
                string schemaText = Single(options, "--schema") ?? throw new ArgumentException("--schema is required.");
                var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (string property in options.GetValueOrDefault("--property") ?? [])
                {
                    int eq = property.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new ArgumentException($"--property '{property}' is not key=value.");
                    }
                    properties[property[..eq]] = property[(eq + 1)..];
                }
                DeltaSchema schema = ParseSchema(schemaText);
                long version = await DeltaTableWriter.CreateTableAsync(store, schema, new DeltaCreateTableOptions { PartitionColumns = partitionBy, Properties = properties }, cancellationToken).ConfigureAwait(false);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{{\"version\":{version}}}")).ConfigureAwait(false);
                return 0;
            }

            if (verb == "checkpoint")
            {
                await using DeltaTable checkpointed = await DeltaTable.OpenAsync(store, table, cancellationToken: cancellationToken).ConfigureAwait(false);
                long checkpointVersion = await DeltaTableWriter.CheckpointAsync(checkpointed, cancellationToken).ConfigureAwait(false);
                bool v2 = checkpointed.Snapshot.Protocol.WriterFeatures is { } features && System.Linq.Enumerable.Contains(features, "v2Checkpoint");
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"version\":{checkpointVersion},\"kind\":\"{(v2 ? "v2" : "classic")}\",\"files\":{checkpointed.Snapshot.Files.Count}}}")).ConfigureAwait(false);
                return 0;
            }

            string from = Single(options, "--from") ?? throw new ArgumentException("--from is required.");
            DeltaWriteMode mode = (Single(options, "--mode") ?? "append") switch
            {
                "append" => DeltaWriteMode.Append,
                "overwrite" => DeltaWriteMode.Overwrite,
                string other => throw new ArgumentException($"--mode must be append or overwrite, not '{other}'."),
            };
            DeltaSchemaMode schemaMode = Single(options, "--schema-mode") switch
            {
                null => DeltaSchemaMode.Enforce,
                "merge" => DeltaSchemaMode.Merge,
                "overwrite" => DeltaSchemaMode.Overwrite,
                string other => throw new ArgumentException($"--schema-mode must be merge or overwrite, not '{other}'."),
            };
            if (schemaMode == DeltaSchemaMode.Overwrite && mode != DeltaWriteMode.Overwrite)
            {
                throw new ArgumentException("--schema-mode overwrite needs --mode overwrite.");
            }
            Transactions.DeltaIsolationLevel? isolation = Single(options, "--isolation") switch
            {
                null => null,
                "serializable" => Transactions.DeltaIsolationLevel.Serializable,
                "write-serializable" => Transactions.DeltaIsolationLevel.WriteSerializable,
                string other => throw new ArgumentException($"--isolation must be serializable or write-serializable, not '{other}'."),
            };
            string? where = Single(options, "--where");
            if (where is not null && mode != DeltaWriteMode.Overwrite)
            {
                throw new ArgumentException("--where needs --mode overwrite (it replaces the rows matching the predicate).");
            }
            string? appId = Single(options, "--app-id");
            string? appVersionText = Single(options, "--app-version");
            long? appVersion = appVersionText is null ? null : long.Parse(appVersionText, NumberStyles.Integer, CultureInfo.InvariantCulture);
            string? textFormat = WriteInput.TextFormatOf(from, Single(options, "--input-format"));
            bool exists = await ExistsAsync(store, cancellationToken).ConfigureAwait(false);
            DeltaSchema? newTableSchema = null;
            WriteInput input;
            if (textFormat is null)
            {
                input = await WriteInput.OpenAsync(from, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // CSV and JSON lines carry no types: parse them against the table's schema (or --schema for a new table).
                Arrow.Schema textSchema;
                if (exists)
                {
                    await using DeltaTable target = await DeltaTable.OpenAsync(store, table, new DeltaTableOptions { IncludeFileStatistics = false }, cancellationToken).ConfigureAwait(false);
                    textSchema = DeltaArrowSchema.ToArrow(target.Snapshot.Schema);
                }
                else
                {
                    string schemaText = Single(options, "--schema")
                        ?? throw new ArgumentException($"--schema is required to create a table from {textFormat} input (it has no types).");
                    newTableSchema = ParseSchema(schemaText);
                    textSchema = DeltaArrowSchema.ToArrow(newTableSchema);
                }
                input = WriteInput.OpenText(from, textFormat, textSchema);
            }
            await using WriteInput inputScope = input;
            if (!exists && !await ExistsAsync(store, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    if (newTableSchema is not null)
                    {
                        await DeltaTableWriter.CreateTableAsync(store, newTableSchema, new DeltaCreateTableOptions { PartitionColumns = partitionBy }, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await DeltaTableWriter.CreateTableAsync(store, input.Schema, new DeltaCreateTableOptions { PartitionColumns = partitionBy }, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (DeltaException)
                {
                    // Another writer may have created the table concurrently; write into it if so.
                    if (!await ExistsAsync(store, cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }
                }
            }
            await using DeltaTable deltaTable = await DeltaTable.OpenAsync(store, table, cancellationToken: cancellationToken).ConfigureAwait(false);
            using WriteProgressBar? progress = WriteProgressBar.ForConsole(stderr, input.TotalRows);
            var writeOptions = new DeltaWriteOptions
            {
                Mode = mode, AppId = appId, AppVersion = appVersion, SchemaMode = schemaMode, IsolationLevel = isolation, Progress = progress,
                ReplaceWhere = where,
            };
            DeltaWriteResult result = await DeltaTableWriter.WriteAsync(deltaTable, input.ReadAsync(cancellationToken), writeOptions, cancellationToken).ConfigureAwait(false);
            progress?.Dispose();
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{{\"version\":{result.Version},\"skipped\":{(result.Skipped ? "true" : "false")},\"rows\":{result.RowCount},\"addedFiles\":{result.AddedFiles.Count},\"removedFiles\":{result.RemovedFileCount},\"attempts\":{result.Attempts},\"schemaChanged\":{(result.SchemaChanged ? "true" : "false")}}}")).ConfigureAwait(false);
            return 0;
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"deltasharp {verb}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception ex) when (ex is DeltaException or NotSupportedException or FormatException or UnauthorizedAccessException or IOException or System.Text.Json.JsonException)
        {
            await stderr.WriteLineAsync($"deltasharp {verb}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<bool> ExistsAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        await foreach (ObjectMeta meta in store.ListAsync("_delta_log/", null, cancellationToken).ConfigureAwait(false))
        {
            if (meta.Path.EndsWith(".json", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Delta JSON, <c>@file</c>, or <c>name:type[:not null]</c> items separated by commas outside parentheses.</summary>
    internal static DeltaSchema ParseSchema(string text)
    {
        if (text.StartsWith('@'))
        {
            text = File.ReadAllText(text[1..]);
        }
        if (text.TrimStart().StartsWith('{'))
        {
            return DeltaSchema.Parse(text);
        }
        var fields = new List<DeltaStructField>();
        foreach (string item in SplitTopLevel(text))
        {
            string[] parts = item.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length is < 2 or > 3 || parts[0].Length == 0)
            {
                throw new ArgumentException($"Schema item '{item}' is not name:type[:not null].");
            }
            bool nullable = parts.Length == 2;
            if (!nullable && !parts[2].Equals("not null", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"Schema item '{item}': the third part may only be 'not null'.");
            }
            fields.Add(new DeltaStructField(parts[0], ParseType(parts[1]), nullable));
        }
        return new DeltaSchema(new DeltaStructType(fields));
    }

    private static DeltaDataType ParseType(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n.StartsWith("decimal(", StringComparison.Ordinal) && n.EndsWith(')'))
        {
            string[] ps = n[8..^1].Split(',', StringSplitOptions.TrimEntries);
            if (ps.Length == 2 && int.TryParse(ps[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int precision)
                && int.TryParse(ps[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int scale))
            {
                return new DeltaDecimalType(precision, scale);
            }
        }
        if (n == "int")
        {
            n = "integer";
        }
        if (DeltaPrimitiveType.TryParse(n, out DeltaPrimitiveType? type) && type is not null)
        {
            return type;
        }
        throw new ArgumentException($"Unknown type '{name}' (use a Delta type name such as long, integer, string, double, boolean, date, timestamp, timestamp_ntz, binary, decimal(p,s), or a JSON schema for nested types).");
    }

    private static List<string> SplitTopLevel(string text)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        foreach (char c in text)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            if (c == ',' && depth == 0)
            {
                items.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.ToString().Trim().Length > 0)
        {
            items.Add(current.ToString().Trim());
        }
        return items;
    }

    private static (string Table, Dictionary<string, List<string>> Options) Parse(string[] args)
    {
        string? table = null;
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string[] known = ["--schema", "--input-format", "--partition-by", "--property", "--from", "--mode", "--app-id", "--app-version", "--schema-mode", "--isolation", "--where"];
        for (int i = 1; i < args.Length; i++)
        {
            string a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (Array.IndexOf(known, a) < 0)
                {
                    throw new ArgumentException($"unknown option '{a}'.");
                }
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"option '{a}' needs a value.");
                }
                if (!options.TryGetValue(a, out List<string>? values))
                {
                    values = [];
                    options.Add(a, values);
                }
                values.Add(args[++i]);
            }
            else if (table is null)
            {
                table = a;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{a}'.");
            }
        }
        return (table ?? throw new ArgumentException("TABLE is required."), options);
    }

    private static string? Single(Dictionary<string, List<string>> options, string name)
    {
        if (!options.TryGetValue(name, out List<string>? values))
        {
            return null;
        }
        if (values.Count > 1)
        {
            throw new ArgumentException($"option '{name}' is given more than once.");
        }
        return values[0];
    }

    private static string[] Split(string? list) =>
        list is null ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string OneLine(string message) => message.Replace('\n', ' ').Replace('\r', ' ');
}
