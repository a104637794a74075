using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Parquet;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Cli;

/// <summary><c>deltasharp parquet schema|meta|cat FILE</c>: inspect and print a single Parquet file.</summary>
public static partial class Program
{
    private const string ParquetUsage = "usage: deltasharp parquet schema FILE | meta FILE | cat FILE [--columns a,b] [--limit N] [--format jsonl|csv|table]";

    static partial void TryRunParquetCommand(string[] args, ref int? exitCode)
    {
        if (args.Length == 0 || args[0] != "parquet")
        {
            return;
        }
        // Note: DeltaSharp.Runtime.ProcessGuard cannot be called from here yet: the CLI assembly is named
        // "deltasharp", which the runtime treats as the same assembly name as the DeltaSharp library (names are
        // case-insensitive), so types of DeltaSharp.dll fail to load in the CLI. Reported to the lead.
        // The process entry point is synchronous (Program.Main); the command itself is async end to end.
        exitCode = Task.Run(() => RunParquetAsync(args, Console.Out, Console.Error, CancellationToken.None)).GetAwaiter().GetResult();
    }

    /// <summary>Runs a <c>parquet</c> command, writing results to <paramref name="output"/> and one-line errors to
    /// <paramref name="error"/>. Returns 0 on success, 1 on a read error, 2 on a usage error.</summary>
    internal static async Task<int> RunParquetAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length < 3 || args[1] is not ("schema" or "meta" or "cat"))
        {
            await error.WriteLineAsync(ParquetUsage).ConfigureAwait(false);
            return 2;
        }
        string verb = args[1];
        string file = args[2];
        List<string>? columns = null;
        int? limit = null;
        string format = "jsonl";
        for (int i = 3; i < args.Length; i++)
        {
            string option = args[i];
            if (verb != "cat" || i + 1 >= args.Length)
            {
                await error.WriteLineAsync($"deltasharp parquet: unexpected argument '{option}'. {ParquetUsage}").ConfigureAwait(false);
                return 2;
            }
            string value = args[++i];
            switch (option)
            {
                case "--columns":
                    columns = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    break;
                case "--limit" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n):
                    limit = n;
                    break;
                case "--format" when value is "jsonl" or "csv" or "table":
                    format = value;
                    break;
                default:
                    await error.WriteLineAsync($"deltasharp parquet: invalid option '{option} {value}'. {ParquetUsage}").ConfigureAwait(false);
                    return 2;
            }
        }
        try
        {
            ParquetReaderOptions options = new()
            {
                Columns = columns,
                BatchSize = format == "table" ? Math.Max(1, limit ?? 100) : 64 * 1024,
            };
            await using ParquetReader reader = await ParquetReader.OpenFileAsync(file, options, cancellationToken).ConfigureAwait(false);
            if (columns is not null)
            {
                foreach (string column in columns)
                {
                    if (reader.Schema.GetFieldIndex(column) < 0)
                    {
                        await error.WriteLineAsync($"deltasharp parquet: column '{column}' is not in {file}").ConfigureAwait(false);
                        return 1;
                    }
                }
            }
            switch (verb)
            {
                case "schema":
                    WriteSchema(reader, output);
                    break;
                case "meta":
                    WriteMeta(reader, file, output);
                    break;
                default:
                    await CatAsync(reader, format, limit, output, cancellationToken).ConfigureAwait(false);
                    break;
            }
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is ParquetFormatException or ParquetUnsupportedException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("deltasharp: " + OneLine(e.Message)).ConfigureAwait(false);
            return 1;
        }
    }

    private static string OneLine(string message) => message.Replace('\n', ' ').Replace('\r', ' ');

    private static async Task CatAsync(ParquetReader reader, string format, int? limit, TextWriter output, CancellationToken cancellationToken)
    {
        long remaining = limit ?? long.MaxValue;
        JsonLinesWriter? jsonl = format == "jsonl" ? new JsonLinesWriter(output) : null;
        CsvWriter? csv = format == "csv" ? new CsvWriter(output) : null;
        try
        {
            using TableOutput? table = format == "table" ? new TableOutput(limit) : null;
            await foreach (RecordBatch batch in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                using (batch)
                {
                    if (remaining <= 0 || table is { IsFull: true })
                    {
                        break;
                    }
                    int count = (int)Math.Min(batch.Length, remaining);
                    remaining -= count;
                    if (jsonl is not null)
                    {
                        jsonl.Write(batch, 0, count);
                    }
                    else if (csv is not null)
                    {
                        using RecordBatch slice = batch.Slice(0, count);
                        csv.Write(slice);
                    }
                    else
                    {
                        using RecordBatch slice = batch.Slice(0, count);
                        table!.Add(slice);
                    }
                }
            }
            table?.WriteTo(output);
        }
        finally
        {
            jsonl?.Dispose();
            csv?.Dispose();
        }
    }

    private static void WriteSchema(ParquetReader reader, TextWriter output)
    {
        output.WriteLine($"message {reader.ParquetSchema.Root.Name} {{");
        foreach (ParquetSchemaNode child in reader.ParquetSchema.Root.Children)
        {
            WriteNode(child, output, "  ");
        }
        output.WriteLine("}");
        output.WriteLine();
        output.WriteLine("Arrow schema:");
        foreach (Field field in reader.Schema.Fields)
        {
            output.WriteLine("  " + field);
        }
    }

    private static void WriteNode(ParquetSchemaNode node, TextWriter output, string indent)
    {
        ParquetSchemaElement e = node.Element;
        StringBuilder line = new(indent);
        line.Append(node.Repetition.ToString().ToLowerInvariant()).Append(' ');
        line.Append(node.IsLeaf ? PhysicalName(e) : "group").Append(' ').Append(e.Name);
        string? annotation = e.LogicalType?.ToString() ?? (e.ConvertedType is { } ct ? Snake(ct.ToString()) : null);
        if (e.LogicalType is null && e.ConvertedType == ParquetConvertedType.Decimal)
        {
            annotation = string.Create(CultureInfo.InvariantCulture, $"DECIMAL({e.Precision},{e.Scale})");
        }
        if (annotation is not null)
        {
            line.Append(" (").Append(annotation).Append(')');
        }
        if (e.FieldId is int id)
        {
            line.Append(" = ").Append(id.ToString(CultureInfo.InvariantCulture));
        }
        if (node.IsLeaf || node.Children.Count == 0)
        {
            output.WriteLine(line.Append(';').ToString());
            return;
        }
        output.WriteLine(line.Append(" {").ToString());
        foreach (ParquetSchemaNode child in node.Children)
        {
            WriteNode(child, output, indent + "  ");
        }
        output.WriteLine(indent + "}");
    }

    private static string PhysicalName(ParquetSchemaElement e) => e.PhysicalType switch
    {
        ParquetPhysicalType.FixedLenByteArray => string.Create(CultureInfo.InvariantCulture, $"fixed_len_byte_array({e.TypeLength})"),
        ParquetPhysicalType.ByteArray => "binary",
        { } t => t.ToString().ToLowerInvariant(),
        null => "group",
    };

    private static void WriteMeta(ParquetReader reader, string file, TextWriter output)
    {
        ParquetFileMetaData meta = reader.Metadata;
        output.WriteLine($"file: {file}");
        output.WriteLine($"created by: {meta.CreatedBy ?? "(unknown)"}");
        output.WriteLine($"format version: {meta.Version.ToString(CultureInfo.InvariantCulture)}");
        output.WriteLine($"rows: {meta.NumRows.ToString(CultureInfo.InvariantCulture)}");
        output.WriteLine($"row groups: {meta.RowGroups.Count.ToString(CultureInfo.InvariantCulture)}");
        output.WriteLine($"leaf columns: {reader.ParquetSchema.Leaves.Count.ToString(CultureInfo.InvariantCulture)}");
        foreach (KeyValuePair<string, string?> kv in meta.KeyValueMetadata)
        {
            string value = kv.Value ?? "(null)";
            output.WriteLine($"metadata: {kv.Key} = {(value.Length > 120 ? value[..120] + "…" : value)}");
        }
        for (int g = 0; g < meta.RowGroups.Count; g++)
        {
            ParquetRowGroup rg = meta.RowGroups[g];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"row group {g}: rows={rg.NumRows} uncompressed={rg.TotalByteSize} compressed={rg.TotalCompressedSize?.ToString(CultureInfo.InvariantCulture) ?? "(not recorded)"}"));
            for (int c = 0; c < rg.Columns.Count; c++)
            {
                ParquetColumnMetaData? cm = rg.Columns[c].MetaData;
                ParquetSchemaNode leaf = reader.ParquetSchema.Leaves[c];
                if (cm is null)
                {
                    output.WriteLine($"  {leaf.DottedPath}: (no metadata)");
                    continue;
                }
                StringBuilder line = new();
                line.Append(CultureInfo.InvariantCulture, $"  {leaf.DottedPath}: {Snake(cm.PhysicalType.ToString())} {Snake(cm.Codec.ToString())}");
                line.Append(" [").Append(string.Join(',', Names(cm.Encodings))).Append(']');
                line.Append(CultureInfo.InvariantCulture, $" values={cm.NumValues} compressed={cm.TotalCompressedSize} uncompressed={cm.TotalUncompressedSize}");
                if (cm.Statistics is { } stats)
                {
                    if (stats.NullCount is long nulls)
                    {
                        line.Append(CultureInfo.InvariantCulture, $" nulls={nulls}");
                    }
                    ParquetColumnOrder order = c < meta.ColumnOrders.Count ? meta.ColumnOrders[c] : ParquetColumnOrder.Undefined;
                    if (ParquetStatisticsDecoder.TryDecodeMinMax(stats, leaf.Element, order, out object? min, out object? max))
                    {
                        line.Append(" min=").Append(Show(min)).Append(" max=").Append(Show(max));
                    }
                }
                output.WriteLine(line.ToString());
            }
        }
    }

    private static List<string> Names(IReadOnlyList<ParquetEncoding> encodings)
    {
        List<string> names = new(encodings.Count);
        foreach (ParquetEncoding e in encodings)
        {
            names.Add(Snake(e.ToString()));
        }
        return names;
    }

    /// <summary>PascalCase enum name to parquet.thrift's UPPER_SNAKE spelling (PlainDictionary → PLAIN_DICTIONARY).</summary>
    private static string Snake(string name)
    {
        StringBuilder sb = new(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                sb.Append('_');
            }
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => s.Length > 40 ? "\"" + s[..40] + "…\"" : "\"" + s + "\"",
        byte[] b => "0x" + Convert.ToHexString(b.AsSpan(0, Math.Min(b.Length, 20))) + (b.Length > 20 ? "…" : string.Empty),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
