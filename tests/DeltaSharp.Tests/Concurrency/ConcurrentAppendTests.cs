using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary>
/// 8 writer processes × 50 appends each to one table at once (issue 7's proof), on local disk, on moto (S3) and on
/// Azurite: exactly 400 data commits after the create, versions 0..400 contiguous, every commit complete, every
/// row present exactly once (our reader; DuckDB over the data files for local disk), and every commit a probe
/// reported is the version it reported.
/// </summary>
public sealed class ConcurrentAppendTests
{
    // S3 and Azure are in their own classes (ConcurrentAppendS3Tests, ConcurrentAppendAzureTests) so that xunit runs
    // the three stores at once: the emulators are separate processes and mostly wait on requests.
    private const int Writers = 8;
    private const int AppendsPerWriter = 50;
    private const int RowsPerAppend = 20;

    [Fact]
    public async Task EightProcessesAppendingFiftyTimesOnLocalDisk()
    {
        await using ProbeTable table = ProbeTable.Local();
        await RunAsync(table);
        string dir = table.LocalPath!;
        await using var store = new DeltaSharp.Storage.LocalObjectStore(dir);
        await using DeltaTable delta = await DeltaTable.OpenAsync(store, dir, cancellationToken: TestContext.Current.CancellationToken);
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        string list = string.Join(", ", delta.Snapshot.Files.Select(f => "'" + System.IO.Path.Combine(dir, f.RelativePath) + "'"));
        const int Rows = Writers * AppendsPerWriter * RowsPerAppend;
        Assert.Equal($"{Rows}|{Rows}|{Writers * AppendsPerWriter}",
            db.Scalar($"SELECT count(*) || '|' || count(DISTINCT id) || '|' || count(DISTINCT (writer, iteration)) FROM read_parquet([{list}])"));
    }

    internal static async Task RunAsync(ProbeTable table)
    {
        await table.CreateAsync();
        var probes = new List<WriteProbe>();
        try
        {
            for (int w = 0; w < Writers; w++)
            {
                probes.Add(WriteProbe.Start("write", table.Location, "--writer", w.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--count", AppendsPerWriter.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--rows", RowsPerAppend.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            ProbeResult[] results = await Task.WhenAll(probes.Select(p => p.WaitAsync()));
            var reported = new List<long>();
            foreach (ProbeResult result in results)
            {
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Equal(AppendsPerWriter, result.Commits.Count);
                reported.AddRange(result.Commits.Select(c => c.Version));
            }
            reported.Sort();
            Assert.Equal(Enumerable.Range(1, Writers * AppendsPerWriter).Select(v => (long)v), reported);

            TableAudit audit = await TableAudit.RunAsync(table, RowsPerAppend);
            Assert.Equal(Writers * AppendsPerWriter, audit.LatestVersion);
            Assert.Equal(Writers * AppendsPerWriter, audit.WriteCommits);
            Assert.Equal(Writers * AppendsPerWriter, audit.Writes.Count);
            Assert.Equal(Writers * AppendsPerWriter * RowsPerAppend, audit.TotalRows);
            // Each reported commit holds exactly that probe's write.
            foreach (ProbeResult result in results)
            {
                foreach (ProbeCommit commit in result.Commits)
                {
                    Assert.Equal(TableAudit.FirstId(commit.Writer, commit.Iteration, RowsPerAppend), audit.MinIdAddedAt[commit.Version]);
                }
            }
        }
        finally
        {
            foreach (WriteProbe probe in probes)
            {
                probe.Dispose();
            }
        }
    }
}
