using System;
using System.IO;
using System.IO.Compression;
using DeltaSharp.Arrow.Compression;
using DeltaSharp.Parquet.Compression;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>Compresses page bodies with the configured codec. Stateless apart from its settings; thread-safe.</summary>
internal sealed class PageCompressor
{
    private readonly ParquetCompressionCodec _codec;
    private readonly int? _level;

    public PageCompressor(ParquetCompressionCodec codec, int? level)
    {
        _codec = codec;
        _level = level;
    }

    public ParquetCompressionCodec Codec => _codec;

    /// <summary>Appends the compressed form of <paramref name="input"/> to <paramref name="output"/>; returns its length.</summary>
    public int Compress(ReadOnlySpan<byte> input, PooledByteBuffer output)
    {
        switch (_codec)
        {
            case ParquetCompressionCodec.Uncompressed:
                output.Write(input);
                return input.Length;
            case ParquetCompressionCodec.Snappy:
            {
                int max = Snappy.MaxCompressedLength(input.Length);
                int written = Snappy.Compress(input, output.GetSpan(max)[..max]);
                output.Advance(written);
                return written;
            }
            case ParquetCompressionCodec.Zstd:
            {
                int max = ZstdCodec.GetMaxCompressedLength(input.Length);
                int written = ZstdCodec.Compress(input, output.GetSpan(max)[..max], _level ?? ZstdCodec.DefaultLevel);
                output.Advance(written);
                return written;
            }
            case ParquetCompressionCodec.Gzip:
            {
                CompressionLevel level = _level switch
                {
                    0 => CompressionLevel.Fastest,
                    2 => CompressionLevel.SmallestSize,
                    _ => CompressionLevel.Optimal,
                };
                int before = output.Length;
                using (var stream = new BufferWriterStream(output))
                using (var gzip = new GZipStream(stream, level, leaveOpen: true))
                {
                    gzip.Write(input);
                }
                return output.Length - before;
            }
            default:
                throw new ParquetUnsupportedException($"The Parquet writer cannot compress with {_codec}.");
        }
    }

    /// <summary>A write-only stream appending to a <see cref="PooledByteBuffer"/>.</summary>
    private sealed class BufferWriterStream : Stream
    {
        private readonly PooledByteBuffer _target;

        public BufferWriterStream(PooledByteBuffer target) => _target = target;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _target.Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => _target.Write(buffer);
    }
}
