using System.Collections;
using System.Collections.Generic;
using System.Threading;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// Presents an asynchronous batch sequence to the synchronous C stream interface. The C consumer's thread blocks
/// while the next batch is produced: that is the C interface's contract (there is no async in C), and that thread
/// is the consumer's, never a .NET thread-pool thread we own.
/// </summary>
internal sealed class BlockingBatchEnumerator(IAsyncEnumerable<RecordBatch> source, CancellationToken cancellationToken) : IEnumerator<RecordBatch>
{
    private IAsyncEnumerator<RecordBatch>? _inner;

    public RecordBatch Current => _inner!.Current;

    object IEnumerator.Current => Current;

    public bool MoveNext()
    {
        _inner ??= source.GetAsyncEnumerator(cancellationToken);
        return _inner.MoveNextAsync().AsTask().GetAwaiter().GetResult();
    }

    public void Reset() => throw new System.NotSupportedException("An Arrow C stream cannot be rewound.");

    public void Dispose()
    {
        _inner?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _inner = null;
    }
}
