using System;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Parquet.Sources;

/// <summary>
/// Random-access bytes of one Parquet file. The reader issues few, large, possibly concurrent range reads (the footer,
/// then coalesced column-chunk ranges). Implementations adapt files, memory and object stores.
/// </summary>
/// <remarks>
/// Contract: <see cref="ReadAsync"/> fills the whole destination or throws (<see cref="System.IO.EndOfStreamException"/>
/// when the range passes the end); it must be safe to call concurrently from several readers. Errors other than
/// end-of-data propagate to the caller of the reader unchanged (for example a transient storage error).
/// </remarks>
public interface IParquetSource : IAsyncDisposable
{
    /// <summary>A human-readable name (path or URI) used in error messages.</summary>
    string Description { get; }

    /// <summary>Returns the total length in bytes.</summary>
    ValueTask<long> GetLengthAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes starting at <paramref name="offset"/>.</summary>
    ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default);
}
