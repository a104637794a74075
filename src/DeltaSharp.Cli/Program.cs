using System;
using System.IO;
using System.Text;

namespace DeltaSharp.Cli;

/// <summary>
/// Entry point of the <c>deltasharp</c> command-line tool. Each command family lives in its own folder and plugs in
/// through one of the partial dispatch methods below, so families can grow independently.
/// </summary>
public static partial class Program
{
    /// <summary>Runs the tool and returns the process exit code (0 success, 1 failure, 2 usage error).</summary>
    /// <remarks>
    /// When standard output is redirected (a file or a pipe), <see cref="Console.Out"/> is replaced for the run by a
    /// buffered writer flushed at the end: the console's own writer flushes on every line (one write system call per
    /// line, ~0.5 s for the 1M lines of <c>files</c> on a large table). On a terminal output stays line by line.
    /// Commands that switch to binary output (<c>--format arrow</c>) flush <see cref="Console.Out"/> first.
    /// </remarks>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!Console.IsOutputRedirected)
        {
            return Run(args);
        }
        TextWriter console = Console.Out;
        var buffered = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), OutputBufferSize)
        {
            AutoFlush = false,
        };
        Console.SetOut(buffered);
        try
        {
            return Run(args);
        }
        finally
        {
            try
            {
                Console.Out.Flush();
            }
            finally
            {
                Console.SetOut(console);
                buffered.Dispose();
            }
        }
    }

    /// <summary>Bytes of standard output buffered between writes when it is redirected.</summary>
    private const int OutputBufferSize = 64 * 1024;

    private static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage(Console.Out);
            return args.Length == 0 ? 2 : 0;
        }

        int? exitCode = null;
        TryRunParquetCommand(args, ref exitCode);
        TryRunTableCommand(args, ref exitCode);
        TryRunWriteCommand(args, ref exitCode);
        TryRunChangesCommand(args, ref exitCode);
        if (exitCode is int code)
        {
            return code;
        }

        Console.Error.WriteLine($"deltasharp: unknown command '{args[0]}'. Run 'deltasharp --help'.");
        return 2;
    }

    /// <summary>Handles <c>deltasharp parquet …</c>; sets <paramref name="exitCode"/> when it ran.</summary>
    static partial void TryRunParquetCommand(string[] args, ref int? exitCode);

    /// <summary>Handles the table read verbs (describe, history, files, cat); sets <paramref name="exitCode"/> when it ran.</summary>
    static partial void TryRunTableCommand(string[] args, ref int? exitCode);

    /// <summary>Handles the table write verbs (create, write, checkpoint); sets <paramref name="exitCode"/> when it ran.</summary>
    static partial void TryRunWriteCommand(string[] args, ref int? exitCode);

    /// <summary>Handles <c>deltasharp changes …</c> (the change data feed); sets <paramref name="exitCode"/> when it ran.</summary>
    static partial void TryRunChangesCommand(string[] args, ref int? exitCode);

    private static void PrintUsage(TextWriter output)
    {
        output.WriteLine("""
            deltasharp — read and write Delta Lake tables

            Tables (TABLE is a path or a URI: file://, memory://, s3://, az://, abfss://, https://):
              deltasharp describe TABLE
              deltasharp history TABLE
              deltasharp files TABLE
              deltasharp cat TABLE [--version N | --timestamp T] [--columns a,b] [--where EXPR] [--limit N]
                                   [--format jsonl|csv|table|arrow]
              deltasharp changes TABLE --from N [--to M] | --from-timestamp T [--to-timestamp T]
                                   [--columns a,b] [--where EXPR] [--limit N] [--format jsonl|csv|table|arrow]
                (the change data feed: table columns + _change_type, _commit_version, _commit_timestamp)
                (--columns: names in `backticks` may contain commas and spaces, as in --where)
            Writing tables:
              deltasharp create TABLE --schema 'id:long:not null,name:string,...' | @schema.json
                                      [--partition-by a,b] [--property k=v]...
              deltasharp write TABLE --from FILE [--input-format csv|tsv|jsonl|parquet|arrow] [--schema SCHEMA]
                                     [--mode append|overwrite] [--where EXPR] [--partition-by a,b]
                                     [--schema-mode merge|overwrite] [--isolation serializable|write-serializable]
                                     [--app-id ID --app-version N]
                (FILE: Parquet, Arrow IPC, or CSV/TSV/JSON lines parsed against the table's schema or --schema)
              deltasharp checkpoint TABLE
            Parquet files:
              deltasharp parquet schema FILE
              deltasharp parquet meta FILE
              deltasharp parquet cat FILE [--columns a,b] [--limit N] [--format jsonl|csv|table]
            """);
    }
}
