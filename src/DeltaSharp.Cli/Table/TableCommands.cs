using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.Storage.S3;

namespace DeltaSharp.Cli;

/// <summary>The table read verbs: <c>describe</c>, <c>history</c>, <c>files</c>, <c>cat</c>.</summary>
public static partial class Program
{
    static partial void TryRunTableCommand(string[] args, ref int? exitCode)
    {
        if (args.Length == 0 || args[0] is not ("describe" or "history" or "files" or "cat"))
        {
            return;
        }
        // The process entry point is synchronous; this is the one place that waits for the async work.
        exitCode = TableCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).GetAwaiter().GetResult();
    }
}

/// <summary>Implementation of the table verbs, writing to the given writers (testable without a process).</summary>
internal static class TableCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string verb = args[0];
        ParsedArguments parsed;
        try
        {
            parsed = ParsedArguments.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"deltasharp {verb}: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        DeltaExpression? filter = null;
        if (parsed.Where is not null)
        {
            try
            {
                filter = DeltaExpressionParser.Parse(parsed.Where);
            }
            catch (DeltaExpressionParseException ex)
            {
                await stderr.WriteLineAsync($"deltasharp {verb}: --where: {OneLine(ex.Message)}").ConfigureAwait(false);
                return 2;
            }
        }
        try
        {
            var options = new DeltaTableOptions
            {
                Storage = CliStorage.CreateOptions(),
                AllowPublishedCatalogManagedLog = parsed.Flags.Contains("--published-log"),
                // Statistics let a filtered scan skip files.
                IncludeFileStatistics = verb == "files" || filter is not null,
            };
            await using DeltaTable table = await DeltaTable.OpenAsync(parsed.Table, options, cancellationToken).ConfigureAwait(false);
            switch (verb)
            {
                case "describe":
                    Describe(await SelectSnapshotAsync(table, parsed, cancellationToken).ConfigureAwait(false), stdout);
                    return 0;
                case "files":
                    Files(await SelectSnapshotAsync(table, parsed, cancellationToken).ConfigureAwait(false), parsed.Format, stdout);
                    return 0;
                case "history":
                    await HistoryAsync(table, parsed, stdout, cancellationToken).ConfigureAwait(false);
                    return 0;
                default:
                    await CatAsync(await SelectSnapshotAsync(table, parsed, cancellationToken).ConfigureAwait(false), parsed, filter, stdout, cancellationToken).ConfigureAwait(false);
                    return 0;
            }
        }
        catch (Exception ex) when (ex is DeltaException or ArgumentException or NotSupportedException or FormatException)
        {
            await stderr.WriteLineAsync($"deltasharp {verb}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return 1;
        }
    }

    private static string OneLine(string message) => message.Replace('\n', ' ').Replace('\r', ' ');

    private static async Task<DeltaSnapshot> SelectSnapshotAsync(DeltaTable table, ParsedArguments parsed, CancellationToken cancellationToken)
    {
        if (parsed.Version is long version)
        {
            return await table.GetSnapshotAsync(version, cancellationToken).ConfigureAwait(false);
        }
        if (parsed.Timestamp is DateTimeOffset timestamp)
        {
            return await table.GetSnapshotAtTimestampAsync(timestamp, cancellationToken).ConfigureAwait(false);
        }
        return table.Snapshot;
    }

    private static void Describe(DeltaSnapshot snapshot, TextWriter output)
    {
        output.WriteLine($"location:           {snapshot.TableLocation}");
        output.WriteLine($"version:            {snapshot.Version.ToString(CultureInfo.InvariantCulture)}");
        output.WriteLine($"timestamp:          {snapshot.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}");
        output.WriteLine($"id:                 {snapshot.Metadata.Id}");
        if (snapshot.Metadata.Name is string name)
        {
            output.WriteLine($"name:               {name}");
        }
        if (snapshot.Metadata.Description is string description)
        {
            output.WriteLine($"description:        {description}");
        }
        DeltaProtocol protocol = snapshot.Protocol;
        output.WriteLine($"protocol:           reader {protocol.MinReaderVersion.ToString(CultureInfo.InvariantCulture)}, writer {protocol.MinWriterVersion.ToString(CultureInfo.InvariantCulture)}");
        if (protocol.ReaderFeatures is not null)
        {
            output.WriteLine($"reader features:    {string.Join(", ", protocol.ReaderFeatures)}");
        }
        if (protocol.WriterFeatures is not null)
        {
            output.WriteLine($"writer features:    {string.Join(", ", protocol.WriterFeatures)}");
        }
        output.WriteLine($"partition columns:  {(snapshot.PartitionColumns.Count == 0 ? "(none)" : string.Join(", ", snapshot.PartitionColumns))}");
        output.WriteLine($"column mapping:     {snapshot.ColumnMappingMode.ToString().ToLowerInvariant()}");
        output.WriteLine($"files:              {snapshot.Files.Count.ToString(CultureInfo.InvariantCulture)} ({snapshot.TotalFileSize.ToString(CultureInfo.InvariantCulture)} bytes)");
        if (snapshot.Properties.Count > 0)
        {
            output.WriteLine("properties:");
            foreach (KeyValuePair<string, string?> property in snapshot.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  {property.Key} = {property.Value ?? "null"}");
            }
        }
        output.WriteLine("schema:");
        foreach (DeltaStructField field in snapshot.Schema.Fields)
        {
            WriteField(output, field, 1);
        }
    }

    private static void WriteField(TextWriter output, DeltaStructField field, int depth)
    {
        string indent = new(' ', depth * 2);
        output.WriteLine($"{indent}{field.Name}: {Describe(field.Type)}{(field.Nullable ? string.Empty : " not null")}");
        WriteNested(output, field.Type, depth + 1);
    }

    private static void WriteNested(TextWriter output, DeltaDataType type, int depth)
    {
        switch (type)
        {
            case DeltaStructType structType:
                foreach (DeltaStructField child in structType.Fields)
                {
                    WriteField(output, child, depth);
                }
                break;
            case DeltaArrayType arrayType:
                WriteNested(output, arrayType.ElementType, depth);
                break;
            case DeltaMapType mapType:
                WriteNested(output, mapType.KeyType, depth);
                WriteNested(output, mapType.ValueType, depth);
                break;
            default:
                break;
        }
    }

    private static string Describe(DeltaDataType type) => type switch
    {
        DeltaArrayType a => $"array<{Describe(a.ElementType)}>",
        DeltaMapType m => $"map<{Describe(m.KeyType)}, {Describe(m.ValueType)}>",
        DeltaStructType => "struct",
        _ => type.TypeName,
    };

    private static void Files(DeltaSnapshot snapshot, string format, TextWriter output)
    {
        IEnumerable<AddFile> files = snapshot.Files.OrderBy(f => f.Path, StringComparer.Ordinal);
        if (format == "jsonl")
        {
            var buffer = new MemoryStream();
            foreach (AddFile file in files)
            {
                buffer.SetLength(0);
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteString("path", file.Path);
                    writer.WriteNumber("size", file.Size);
                    writer.WriteNumber("modificationTime", file.ModificationTime);
                    writer.WriteStartObject("partitionValues");
                    foreach (KeyValuePair<string, string?> value in file.PartitionValues)
                    {
                        if (value.Value is null)
                        {
                            writer.WriteNull(value.Key);
                        }
                        else
                        {
                            writer.WriteString(value.Key, value.Value);
                        }
                    }
                    writer.WriteEndObject();
                    if (NumRecords(file) is long records)
                    {
                        writer.WriteNumber("numRecords", records);
                    }
                    if (file.DeletionVector is DeletionVectorDescriptor dv)
                    {
                        writer.WriteNumber("deletedRows", dv.Cardinality);
                    }
                    writer.WriteEndObject();
                }
                output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            }
            return;
        }
        output.WriteLine("path\tsize\trecords\tdeleted\tpartition values");
        foreach (AddFile file in files)
        {
            string partitions = string.Join(", ", file.PartitionValues.Select(p => $"{p.Key}={p.Value ?? "null"}"));
            string records = NumRecords(file)?.ToString(CultureInfo.InvariantCulture) ?? "-";
            string deleted = file.DeletionVector?.Cardinality.ToString(CultureInfo.InvariantCulture) ?? "0";
            output.WriteLine($"{file.Path}\t{file.Size.ToString(CultureInfo.InvariantCulture)}\t{records}\t{deleted}\t{partitions}");
        }
    }

    private static long? NumRecords(AddFile file)
    {
        if (file.StatsUtf8.IsEmpty)
        {
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(file.StatsUtf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isRecords = reader.ValueTextEquals("numRecords"u8);
                reader.Read();
                if (isRecords && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long records))
                {
                    return records;
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Unparseable statistics are reported as unknown.
        }
        return null;
    }

    private static Task CatAsync(DeltaSnapshot snapshot, ParsedArguments parsed, DeltaExpression? filter, TextWriter stdout, CancellationToken cancellationToken)
    {
        var scan = new DeltaScanOptions { Columns = parsed.Columns, Filter = filter };
        return BatchOutput.WriteAsync(snapshot.ReadAsync(scan, cancellationToken), ProjectedSchema(snapshot.Schema, parsed.Columns), parsed.Format, parsed.Limit, stdout, cancellationToken);
    }

    /// <summary>The Arrow schema of the selected columns (in the order asked for), for a stream without rows.</summary>
    private static Arrow.Schema ProjectedSchema(DeltaSchema schema, IReadOnlyList<string>? columns)
    {
        if (columns is null)
        {
            return DeltaArrowSchema.ToArrow(schema);
        }
        var chosen = new List<DeltaStructField>();
        foreach (string name in columns)
        {
            foreach (DeltaStructField field in schema.Fields)
            {
                if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    chosen.Add(field);
                    break;
                }
            }
        }
        return DeltaArrowSchema.ToArrow(new DeltaSchema(new DeltaStructType(chosen)));
    }

    private static async Task HistoryAsync(DeltaTable table, ParsedArguments parsed, TextWriter output, CancellationToken cancellationToken)
    {
        if (parsed.Format != "jsonl")
        {
            output.WriteLine("version\ttimestamp\toperation");
        }
        await foreach (DeltaHistoryEntry entry in table.GetHistoryAsync(parsed.Limit, cancellationToken).ConfigureAwait(false))
        {
            string timestamp = entry.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            if (parsed.Format == "jsonl")
            {
                string commitInfo = entry.CommitInfo?.RawJson ?? "null";
                output.WriteLine($"{{\"version\":{entry.Version.ToString(CultureInfo.InvariantCulture)},\"timestamp\":\"{timestamp}\",\"commitInfo\":{commitInfo}}}");
            }
            else
            {
                output.WriteLine($"{entry.Version.ToString(CultureInfo.InvariantCulture)}\t{timestamp}\t{entry.Operation ?? "-"}");
            }
        }
    }

    /// <summary>The command line of a table verb.</summary>
    private sealed class ParsedArguments
    {
        public required string Table { get; init; }

        public long? Version { get; init; }

        public DateTimeOffset? Timestamp { get; init; }

        public int? Limit { get; init; }

        public IReadOnlyList<string>? Columns { get; init; }

        public string? Where { get; init; }

        public string Format { get; init; } = "table";

        public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);

        public static ParsedArguments Parse(string[] args)
        {
            string? tablePath = null;
            long? version = null;
            DateTimeOffset? timestamp = null;
            int? limit = null;
            string format = "table";
            List<string>? columns = null;
            string? where = null;
            var flags = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 1; i < args.Length; i++)
            {
                string arg = args[i];
                switch (arg)
                {
                    case "--version":
                        version = long.TryParse(Value(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : throw new ArgumentException("--version needs a non-negative integer.");
                        break;
                    case "--timestamp":
                        timestamp = DateTimeOffset.TryParse(Value(args, ref i), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) ? t : throw new ArgumentException("--timestamp needs an ISO 8601 timestamp (UTC unless it has an offset).");
                        break;
                    case "--limit":
                        limit = int.TryParse(Value(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out int l) ? l : throw new ArgumentException("--limit needs a non-negative integer.");
                        break;
                    case "--format":
                        format = Value(args, ref i);
                        if (format is not ("table" or "jsonl" or "csv" or "arrow"))
                        {
                            throw new ArgumentException($"unknown format '{format}' (jsonl, csv, table, arrow).");
                        }
                        break;
                    case "--published-log":
                        flags.Add(arg);
                        break;
                    case "--columns":
                        columns = ColumnListArgument.Parse(Value(args, ref i));
                        break;
                    case "--where":
                        where = Value(args, ref i);
                        break;
                    default:
                        if (arg.StartsWith("--", StringComparison.Ordinal))
                        {
                            throw new ArgumentException($"unknown option '{arg}'.");
                        }
                        if (tablePath is not null)
                        {
                            throw new ArgumentException($"unexpected argument '{arg}' (one TABLE only).");
                        }
                        tablePath = arg;
                        break;
                }
            }
            if (tablePath is null)
            {
                throw new ArgumentException("missing TABLE (a path or URI).");
            }
            if (version is not null && timestamp is not null)
            {
                throw new ArgumentException("use --version or --timestamp, not both.");
            }
            var parsed = new ParsedArguments { Table = tablePath, Version = version, Timestamp = timestamp, Limit = limit, Format = format, Columns = columns, Where = where };
            parsed.Flags.UnionWith(flags);
            return parsed;
        }

        private static string Value(string[] args, ref int i)
        {
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{args[i]} needs a value.");
            }
            i++;
            return args[i];
        }
    }
}
