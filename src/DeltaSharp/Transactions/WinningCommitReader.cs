using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Log;
using DeltaSharp.Storage;

namespace DeltaSharp.Transactions;

/// <summary>Reads a concurrent commit file into a <see cref="WinningCommit"/> with the log's action decoder.</summary>
internal static class WinningCommitReader
{
    public static async Task<WinningCommit> ReadAsync(IObjectStore store, long version, CancellationToken cancellationToken)
    {
        string path = LogFile.CommitPath(version);
        byte[] content;
        Stream stream = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            content = buffer.ToArray();
        }
        var sink = new Sink(new WinningCommit { Version = version });
        var interner = new PartitionValueInterner();
        ReadOnlySpan<byte> rest = content;
        while (!rest.IsEmpty)
        {
            int newline = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline < 0 ? rest : rest[..newline];
            JsonActionDecoder.DecodeLine(line, interner, sink);
            rest = newline < 0 ? [] : rest[(newline + 1)..];
        }
        return sink.Commit;
    }

    private sealed class Sink(WinningCommit commit) : ActionSink
    {
        public WinningCommit Commit { get; } = commit;

        public override bool WantsStatistics => true;

        public override bool WantsCommitInfo => true;

        public override void OnAdd(AddFile add)
        {
            if (add.DataChange)
            {
                Commit.AddedDataFiles.Add(add);
            }
        }

        public override void OnCommitInfo(CommitInfo commitInfo)
        {
            Commit.InCommitTimestamp ??= commitInfo.InCommitTimestamp;
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(commitInfo.RawJson);
                System.Text.Json.JsonElement root = document.RootElement;
                if (root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("commitInfo", out System.Text.Json.JsonElement inner))
                {
                    root = inner;
                }
                if (root.ValueKind == System.Text.Json.JsonValueKind.Object &&
                    root.TryGetProperty("isBlindAppend", out System.Text.Json.JsonElement blind) &&
                    blind.ValueKind == System.Text.Json.JsonValueKind.True)
                {
                    Commit.IsBlindAppend = true;
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // Unreadable provenance: treat the commit as not a blind append (the stricter choice).
            }
        }

        public override void OnRemove(RemoveFile remove) => Commit.RemovedPaths.Add(remove.Path);

        public override void OnMetadata(DeltaMetadata metadata) => Commit.MetadataChanged = true;

        public override void OnProtocol(DeltaProtocol protocol) => Commit.ProtocolChanged = true;

        public override void OnTransaction(SetTransaction transaction) => Commit.AppIds.Add(transaction.AppId);

        public override void OnDomainMetadata(DomainMetadata domainMetadata) => Commit.Domains.Add(domainMetadata.Domain);
    }
}
