using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using ArrowSchema = DeltaSharp.Arrow.Schema;
using DeltaSharp.Storage;
using DeltaSharp.Storage.Azure;
using DeltaSharp.Storage.S3;
using DeltaSharp.Transactions;
using DeltaSharp.Writing;

namespace DeltaSharp.WriteProbe;

/// <summary>
/// One writer process for the concurrency and crash tests (tests/DeltaSharp.Tests/Concurrency).
/// <code>
/// writeprobe create TABLE
/// writeprobe write TABLE --writer W [--count N] [--rows R] [--mode append|overwrite] [--empty]
///            [--app-id ID --app-version V] [--gate FILE] [--commit-delay-ms MS] [--crash POINT:ITERATION]
///            [--kill-after-ms MS] [--max-attempts N] [--isolation serializable]
/// </code>
/// TABLE: a local path, <c>s3://bucket/prefix</c> (endpoint and keys from DELTASHARP_S3_*) or
/// <c>az://container/prefix</c> (Azurite from DELTASHARP_AZURITE_BLOB_ENDPOINT). The table schema is
/// <c>id long not null, writer int not null, iteration int not null, name string</c>; iteration I of writer W writes
/// R rows with ids W·10⁹ + I·R + k (k &lt; R), so a reader can tell which writes landed and whether each is whole.
/// Each iteration refreshes the table (except the first one after a gate, which uses the snapshot loaded before it) and writes
/// one transaction. After each commit one JSON line goes to stdout (flushed):
/// <c>{"writer":W,"iteration":I,"version":V,"attempts":A,"skipped":false}</c>; a conflict prints
/// <c>{"writer":W,"iteration":I,"conflict":"Kind","winningVersion":V}</c> and exits 3. "READY" is printed once the
/// snapshot is loaded, then the probe waits for the gate file (if any). Other failures: message on stderr, exit 1.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        try
        {
            if (args.Length >= 2 && args[0] == "create")
            {
                await using IObjectStore store = OpenStore(args[1]);
                await DeltaTableWriter.CreateTableAsync(store, TableSchema()).ConfigureAwait(false);
                Console.Out.WriteLine("{\"version\":0}");
                return 0;
            }
            if (args.Length >= 2 && args[0] == "write")
            {
                return await WriteAsync(args[1], ParseOptions(args)).ConfigureAwait(false);
            }
            Console.Error.WriteLine("usage: writeprobe create TABLE | writeprobe write TABLE --writer W [options]");
            return 2;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine(ex.GetType().Name + ": " + ex.Message);
            return 1;
        }
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 2; i < args.Length; i++)
        {
            if (args[i] == "--empty")
            {
                options["--empty"] = "true";
            }
            else if (i + 1 < args.Length)
            {
                options[args[i]] = args[++i];
            }
            else
            {
                throw new ArgumentException("Missing value after " + args[i]);
            }
        }
        return options;
    }

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static async Task<int> WriteAsync(string location, Dictionary<string, string> options)
    {
        int writer = Int(options, "--writer", 0);
        int count = Int(options, "--count", 1);
        int rows = Int(options, "--rows", 10);
        bool overwrite = options.TryGetValue("--mode", out string? mode) && mode == "overwrite";
        bool empty = options.ContainsKey("--empty");
        options.TryGetValue("--app-id", out string? appId);
        long appVersion = Int(options, "--app-version", 0);
        string? crashPoint = null;
        int crashIteration = -1;
        if (options.TryGetValue("--crash", out string? crash))
        {
            int colon = crash.LastIndexOf(':');
            crashPoint = crash[..colon];
            crashIteration = int.Parse(crash[(colon + 1)..], CultureInfo.InvariantCulture);
        }
        if (options.TryGetValue("--kill-after-ms", out string? killAfter))
        {
            ProbeObjectStore.KillSoon(int.Parse(killAfter, CultureInfo.InvariantCulture));
        }

        await using var store = new ProbeObjectStore(OpenStore(location), crashPoint, crashIteration, Int(options, "--commit-delay-ms", 0));
        await using DeltaTable table = await DeltaTable.OpenAsync(store, location).ConfigureAwait(false);
        Console.Out.WriteLine("READY");
        Console.Out.Flush();
        options.TryGetValue("--gate", out string? gate);
        if (gate is not null)
        {
            while (!File.Exists(gate))
            {
                await Task.Delay(5).ConfigureAwait(false);
            }
        }

        for (int iteration = 0; iteration < count; iteration++)
        {
            store.Iteration = iteration;
            // Refresh first: a stale snapshot makes the commit loop walk every intervening commit with a failed
            // put-if-absent plus a read (measured slower on moto and Azurite than one listing).
            if (iteration > 0 || gate is null)
            {
                await table.RefreshAsync().ConfigureAwait(false);
            }
            var writeOptions = new DeltaWriteOptions
            {
                Mode = overwrite ? DeltaWriteMode.Overwrite : DeltaWriteMode.Append,
                AppId = appId,
                AppVersion = appId is null ? null : appVersion + iteration,
                IsolationLevel = options.TryGetValue("--isolation", out string? isolation) && isolation == "serializable"
                    ? DeltaIsolationLevel.Serializable : null,
                // The writer counts every version it walks while catching up as an attempt (see
                // /work/wt/BUGS-for-writer.md #1); a cold process can fall 100+ versions behind under 8-way contention.
                MaxCommitAttempts = Int(options, "--max-attempts", 100_000),
            };
            var batches = new List<RecordBatch>();
            if (!empty)
            {
                batches.Add(Batch(writer, iteration, rows));
            }
            try
            {
                DeltaWriteResult result = await DeltaTableWriter.WriteAsync(table, batches, writeOptions).ConfigureAwait(false);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"writer\":{writer},\"iteration\":{iteration},\"version\":{result.Version},\"attempts\":{result.Attempts},\"skipped\":{(result.Skipped ? "true" : "false")}}}"));
                Console.Out.Flush();
            }
            catch (DeltaCommitConflictException conflict)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"writer\":{writer},\"iteration\":{iteration},\"conflict\":\"{conflict.Kind}\",\"winningVersion\":{conflict.WinningVersion}}}"));
                Console.Out.Flush();
                return 3;
            }
            finally
            {
                foreach (RecordBatch batch in batches)
                {
                    batch.Dispose();
                }
            }
        }
        return 0;
    }

    private static ArrowSchema TableSchema() => new([
        new Field("id", ArrowType.Int64, nullable: false),
        new Field("writer", ArrowType.Int32, nullable: false),
        new Field("iteration", ArrowType.Int32, nullable: false),
        new Field("name", BinaryType.Utf8, nullable: true),
    ]);

    /// <summary>The first id of iteration <paramref name="iteration"/> of <paramref name="writer"/>.</summary>
    private static long FirstId(int writer, int iteration, int rows) => (writer * 1_000_000_000L) + ((long)iteration * rows);

    private static RecordBatch Batch(int writer, int iteration, int rows)
    {
        var ids = new PrimitiveBuilder<long>(ArrowType.Int64);
        var writers = new PrimitiveBuilder<int>(ArrowType.Int32);
        var iterations = new PrimitiveBuilder<int>(ArrowType.Int32);
        var names = new BinaryBuilder(BinaryType.Utf8);
        long first = FirstId(writer, iteration, rows);
        for (int k = 0; k < rows; k++)
        {
            ids.Append(first + k);
            writers.Append(writer);
            iterations.Append(iteration);
            names.Append(string.Create(CultureInfo.InvariantCulture, $"w{writer}-i{iteration}-r{k}"));
        }
        return new RecordBatch(TableSchema(), [
            ArrowArray.FromData(ids.BuildData()), ArrowArray.FromData(writers.BuildData()),
            ArrowArray.FromData(iterations.BuildData()), ArrowArray.FromData(names.BuildData()),
        ], rows);
    }

    /// <summary>Opens the store rooted at <paramref name="location"/> (local path, s3://, az://).</summary>
    private static IObjectStore OpenStore(string location)
    {
        var options = new ObjectStoreOptions();
        string? s3Endpoint = Environment.GetEnvironmentVariable("DELTASHARP_S3_ENDPOINT");
        if (!string.IsNullOrEmpty(s3Endpoint))
        {
            options.UseS3(new S3ObjectStoreOptions
            {
                ServiceUrl = new Uri(s3Endpoint),
                Credentials = new Amazon.Runtime.BasicAWSCredentials(
                    Environment.GetEnvironmentVariable("DELTASHARP_S3_ACCESS_KEY_ID") ?? "test",
                    Environment.GetEnvironmentVariable("DELTASHARP_S3_SECRET_ACCESS_KEY") ?? "test"),
                Region = Environment.GetEnvironmentVariable("DELTASHARP_S3_REGION") ?? "us-east-1",
            });
        }
        string? azurite = Environment.GetEnvironmentVariable("DELTASHARP_AZURITE_BLOB_ENDPOINT");
        if (!string.IsNullOrEmpty(azurite))
        {
            options.UseAzure(AzureBlobObjectStoreOptions.ForAzurite(new Uri(azurite)));
        }
        return options.Open(location);
    }
}
