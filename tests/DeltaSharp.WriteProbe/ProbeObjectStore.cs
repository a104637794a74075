using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Storage;

namespace DeltaSharp.WriteProbe;

/// <summary>
/// Wraps the real store and, at a named point, first reached at or after a chosen write iteration, kills this process with SIGKILL
/// (no finally blocks, no flush: what a power cut or an OOM kill does). Points:
/// <c>data-before</c>/<c>data-during</c>/<c>data-after</c> around the upload of a data file,
/// <c>commit-before</c>/<c>commit-during</c>/<c>commit-after</c> around the put-if-absent of
/// <c>_delta_log/&lt;v&gt;.json</c>, <c>checkpoint-during</c> while a checkpoint Parquet file is uploaded and
/// <c>last-checkpoint-before</c> just before <c>_last_checkpoint</c> is written. "during" starts a thread that kills
/// the process after a random 0–3 ms while the real call runs. Can also delay every commit put (to order races).
/// </summary>
internal sealed partial class ProbeObjectStore : IObjectStore
{
    private readonly IObjectStore _inner;
    private readonly string? _crashPoint;
    private readonly int _crashIteration;
    private readonly int _commitDelayMilliseconds;

    public ProbeObjectStore(IObjectStore inner, string? crashPoint, int crashIteration, int commitDelayMilliseconds)
    {
        _inner = inner;
        _crashPoint = crashPoint;
        _crashIteration = crashIteration;
        _commitDelayMilliseconds = commitDelayMilliseconds;
    }

    /// <summary>The write iteration in progress (set by the main loop).</summary>
    public int Iteration { get; set; }

    public IAsyncEnumerable<ObjectMeta> ListAsync(string prefix, string? startAfter = null, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(prefix, startAfter, cancellationToken);

    public ValueTask<ObjectMeta> GetMetadataAsync(string path, CancellationToken cancellationToken = default) =>
        _inner.GetMetadataAsync(path, cancellationToken);

    public ValueTask ReadRangeAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        _inner.ReadRangeAsync(path, offset, destination, cancellationToken);

    public ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) =>
        _inner.OpenReadAsync(path, cancellationToken);

    public async ValueTask<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        bool commit = IsCommit(path);
        if (commit && _commitDelayMilliseconds > 0)
        {
            await Task.Delay(_commitDelayMilliseconds, cancellationToken).ConfigureAwait(false);
        }
        if (commit)
        {
            CrashAt("commit-before");
            CrashDuring("commit-during");
        }
        bool created = await _inner.PutIfAbsentAsync(path, content, cancellationToken).ConfigureAwait(false);
        if (commit && created)
        {
            CrashAt("commit-after");
        }
        return created;
    }

    public async ValueTask PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        BeforePut(path);
        await _inner.PutAsync(path, content, cancellationToken).ConfigureAwait(false);
        AfterPut(path);
    }

    public async ValueTask PutAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        BeforePut(path);
        await _inner.PutAsync(path, content, cancellationToken).ConfigureAwait(false);
        AfterPut(path);
    }

    /// <summary>Incremental data-file writes (the writer's path): <c>data-before</c> when the upload starts,
    /// <c>data-during</c> while it completes (fsync + rename on local disk, the upload on the cloud stores),
    /// <c>data-after</c> once it is visible.</summary>
    public async ValueTask<ObjectUpload> StartPutAsync(string path, CancellationToken cancellationToken = default)
    {
        bool data = !path.StartsWith("_delta_log/", StringComparison.Ordinal);
        if (data)
        {
            CrashAt("data-before");
        }
        ObjectUpload inner = await _inner.StartPutAsync(path, cancellationToken).ConfigureAwait(false);
        return data ? new ProbeUpload(this, inner) : inner;
    }

    private sealed class ProbeUpload(ProbeObjectStore store, ObjectUpload inner) : ObjectUpload
    {
        public override Stream Content => inner.Content;

        public override long Length => inner.Length;

        public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            store.CrashDuring("data-during");
            await inner.CompleteAsync(cancellationToken).ConfigureAwait(false);
            store.CrashAt("data-after");
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default) => _inner.DeleteAsync(path, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private void BeforePut(string path)
    {
        if (!path.StartsWith("_delta_log/", StringComparison.Ordinal))
        {
            CrashAt("data-before");
            CrashDuring("data-during");
        }
        else if (path.EndsWith(".checkpoint.parquet", StringComparison.Ordinal))
        {
            CrashDuring("checkpoint-during");
        }
        else if (path == "_delta_log/_last_checkpoint")
        {
            CrashAt("last-checkpoint-before");
        }
    }

    private void AfterPut(string path)
    {
        if (!path.StartsWith("_delta_log/", StringComparison.Ordinal))
        {
            CrashAt("data-after");
        }
    }

    private static bool IsCommit(string path) =>
        path.StartsWith("_delta_log/", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal) && path.IndexOf('/', 11) < 0;

    private bool Armed(string point) => Iteration >= _crashIteration && string.Equals(point, _crashPoint, StringComparison.Ordinal);

    private void CrashAt(string point)
    {
        if (Armed(point))
        {
            KillSelf();
        }
    }

    private void CrashDuring(string point)
    {
        if (Armed(point))
        {
            KillSoon(Random.Shared.Next(0, 4));
        }
    }

    /// <summary>Kills this process with SIGKILL after <paramref name="milliseconds"/> from another thread.</summary>
    public static void KillSoon(int milliseconds)
    {
        var thread = new Thread(() =>
        {
            Thread.Sleep(milliseconds);
            KillSelf();
        })
        { IsBackground = true };
        thread.Start();
    }

    public static void KillSelf()
    {
        _ = Kill(GetPid(), 9);
        Thread.Sleep(Timeout.Infinite);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getpid")]
    private static partial int GetPid();
}
