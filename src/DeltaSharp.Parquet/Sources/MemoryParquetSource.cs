using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Parquet.Sources;

/// <summary>An <see cref="IParquetSource"/> over bytes in memory. Thread-safe; the bytes must not change while
/// in use.</summary>
public sealed class MemoryParquetSource : IParquetSource
{
    private readonly ReadOnlyMemory<byte> _data;

    /// <summary>Wraps <paramref name="data"/>; <paramref name="description"/> names it in error messages.</summary>
    public MemoryParquetSource(ReadOnlyMemory<byte> data, string description = "<memory>")
    {
        _data = data;
        Description = description;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public ValueTask<long> GetLengthAsync(CancellationToken cancellationToken = default) => new(_data.Length);

    /// <inheritdoc />
    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (offset < 0 || offset > _data.Length || destination.Length > _data.Length - offset)
        {
            throw new EndOfStreamException($"Range [{offset}, {offset + destination.Length}) is outside {Description} ({_data.Length} bytes).");
        }
        _data.Span.Slice((int)offset, destination.Length).CopyTo(destination.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
