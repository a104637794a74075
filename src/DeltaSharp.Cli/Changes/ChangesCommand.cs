using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.ChangeFeed;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;

namespace DeltaSharp.Cli;

/// <summary>The <c>changes</c> verb: a table's change data feed (Spark's <c>table_changes</c>).</summary>
public static partial class Program
{
    static partial void TryRunChangesCommand(string[] args, ref int? exitCode)
    {
        if (args.Length == 0 || args[0] != "changes")
        {
            return;
        }
        // The process entry point is synchronous; this is the one place that waits for the async work.
        exitCode = ChangesCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).GetAwaiter().GetResult();
    }
}

/// <summary>
/// <c>deltasharp changes TABLE --from N [--to M] | --from-timestamp T [--to-timestamp T] [--columns a,b] [--where EXPR]
/// [--limit N] [--format jsonl|csv|table|arrow]</c>: prints the change rows (the table's columns, then
/// <c>_change_type</c>, <c>_commit_version</c>, <c>_commit_timestamp</c>) with the writers <c>cat</c> uses. Exit 0
/// success, 1 a table error (one line on stderr), 2 a usage error.
/// </summary>
internal static class ChangesCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        Arguments parsed;
        DeltaExpression? filter = null;
        try
        {
            parsed = Arguments.Parse(args);
            if (parsed.Where is not null)
            {
                filter = DeltaExpressionParser.Parse(parsed.Where);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or DeltaExpressionParseException)
        {
            await stderr.WriteLineAsync($"deltasharp changes: {OneLine(ex.Message)}").ConfigureAwait(false);
            return 2;
        }
        try
        {
            var tableOptions = new DeltaTableOptions { Storage = CliStorage.CreateOptions(), IncludeFileStatistics = filter is not null };
            await using DeltaTable table = await DeltaTable.OpenAsync(parsed.Table, tableOptions, cancellationToken).ConfigureAwait(false);
            var options = new DeltaChangeFeedOptions { Columns = parsed.Columns, Filter = filter };
            IAsyncEnumerable<RecordBatch> changes = parsed.FromTimestamp is DateTimeOffset fromTimestamp
                ? table.ReadChangesAsync(fromTimestamp, parsed.ToTimestamp, options, cancellationToken)
                : table.ReadChangesAsync(parsed.From!.Value, parsed.To, options, cancellationToken);
            await BatchOutput.WriteAsync(changes, EmptySchema(table.Snapshot.Schema, parsed.Columns), parsed.Format, parsed.Limit, stdout, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is DeltaException or ArgumentException or NotSupportedException or FormatException)
        {
            await stderr.WriteLineAsync($"deltasharp changes: {OneLine(ex.Message)}").ConfigureAwait(false);
            return 1;
        }
    }

    private static string OneLine(string message) => message.Replace('\n', ' ').Replace('\r', ' ');

    /// <summary>The output schema, for an Arrow stream without rows (a range without changes).</summary>
    private static Arrow.Schema EmptySchema(DeltaSchema tableSchema, IReadOnlyList<string>? columns)
    {
        var all = new List<DeltaStructField>(tableSchema.Fields)
        {
            new(DeltaChangeFeed.ChangeTypeColumn, DeltaPrimitiveType.String, true),
            new(DeltaChangeFeed.CommitVersionColumn, DeltaPrimitiveType.Long, true),
            new(DeltaChangeFeed.CommitTimestampColumn, DeltaPrimitiveType.Timestamp, true),
        };
        var chosen = new List<DeltaStructField>();
        if (columns is null)
        {
            chosen.AddRange(all);
        }
        else
        {
            foreach (string name in columns)
            {
                DeltaStructField? field = all.Find(f => string.Equals(f.Name, name, StringComparison.Ordinal));
                if (field is not null)
                {
                    chosen.Add(field);
                }
            }
        }
        return DeltaArrowSchema.ToArrow(new DeltaSchema(new DeltaStructType(chosen)));
    }

    /// <summary>The command line of <c>changes</c>.</summary>
    private sealed class Arguments
    {
        public required string Table { get; init; }

        public long? From { get; init; }

        public long? To { get; init; }

        public DateTimeOffset? FromTimestamp { get; init; }

        public DateTimeOffset? ToTimestamp { get; init; }

        public int? Limit { get; init; }

        public IReadOnlyList<string>? Columns { get; init; }

        public string? Where { get; init; }

        public string Format { get; init; } = "table";

        public static Arguments Parse(string[] args)
        {
            string? tablePath = null;
            long? from = null;
            long? to = null;
            DateTimeOffset? fromTimestamp = null;
            DateTimeOffset? toTimestamp = null;
            int? limit = null;
            string format = "table";
            List<string>? columns = null;
            string? where = null;
            for (int i = 1; i < args.Length; i++)
            {
                string arg = args[i];
                switch (arg)
                {
                    case "--from":
                        from = Version(Value(args, ref i), arg);
                        break;
                    case "--to":
                        to = Version(Value(args, ref i), arg);
                        break;
                    case "--from-timestamp":
                        fromTimestamp = Timestamp(Value(args, ref i), arg);
                        break;
                    case "--to-timestamp":
                        toTimestamp = Timestamp(Value(args, ref i), arg);
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
            bool versions = from is not null || to is not null;
            bool timestamps = fromTimestamp is not null || toTimestamp is not null;
            if (versions && timestamps)
            {
                throw new ArgumentException("use --from/--to (versions) or --from-timestamp/--to-timestamp, not both.");
            }
            if (timestamps ? fromTimestamp is null : from is null)
            {
                throw new ArgumentException(timestamps ? "--to-timestamp needs --from-timestamp." : "missing --from N (the first version) or --from-timestamp T.");
            }
            return new Arguments
            {
                Table = tablePath, From = from, To = to, FromTimestamp = fromTimestamp, ToTimestamp = toTimestamp, Limit = limit, Format = format,
                Columns = columns, Where = where,
            };
        }

        private static long Version(string text, string option) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : throw new ArgumentException($"{option} needs a non-negative integer version.");

        private static DateTimeOffset Timestamp(string text, string option) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) ? t : throw new ArgumentException($"{option} needs an ISO 8601 timestamp (UTC unless it has an offset).");

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
