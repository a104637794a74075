using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace DeltaSharp.Parquet.Sources;

/// <summary>An <see cref="IParquetSource"/> over a local file using positional (thread-safe) reads.
/// Dispose to close the handle.</summary>
public sealed class FileParquetSource : IParquetSource
{
    private readonly SafeFileHandle _handle;

    /// <summary>Opens <paramref name="path"/> for reading. Throws the usual file-system exceptions.</summary>
    public FileParquetSource(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.RandomAccess);
        Description = path;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public ValueTask<long> GetLengthAsync(CancellationToken cancellationToken = default) => new(RandomAccess.GetLength(_handle));

    /// <inheritdoc />
    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        while (!destination.IsEmpty)
        {
            int read = await RandomAccess.ReadAsync(_handle, destination, offset, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"Unexpected end of {Description} at offset {offset}.");
            }
            destination = destination[read..];
            offset += read;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _handle.Dispose();
        return ValueTask.CompletedTask;
    }
}
