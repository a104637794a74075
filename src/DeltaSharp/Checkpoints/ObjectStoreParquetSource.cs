using System;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Parquet.Sources;
using DeltaSharp.Storage;

namespace DeltaSharp.Checkpoints;

/// <summary>Adapts one object of an <see cref="IObjectStore"/> to the Parquet reader's random-access source.</summary>
internal sealed class ObjectStoreParquetSource : IParquetSource
{
    private readonly IObjectStore store;
    private readonly string path;
    private long length = -1;

    public ObjectStoreParquetSource(IObjectStore store, string path, long? knownLength = null)
    {
        this.store = store;
        this.path = path;
        length = knownLength ?? -1;
    }

    public string Description => path;

    public async ValueTask<long> GetLengthAsync(CancellationToken cancellationToken = default)
    {
        if (length < 0)
        {
            ObjectMeta meta = await store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
            length = meta.Size;
        }
        return length;
    }

    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        long total = await GetLengthAsync(cancellationToken).ConfigureAwait(false);
        if (offset < 0 || offset + destination.Length > total)
        {
            throw new System.IO.EndOfStreamException($"Range [{offset}, {offset + destination.Length}) passes the end of '{path}' ({total} bytes).");
        }
        await store.ReadRangeAsync(path, offset, destination, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
