using System;
using System.Buffers;
using System.IO;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>
/// Writes record batches as JSON Lines exactly as <c>shared/docs/JSONL-FORMAT.md</c> specifies: one object per
/// row, keys in schema order, <c>\n</c> line ends, UTF-8.
/// </summary>
/// <remarks>
/// <para>Values: integers exact; floats in the shortest form that round-trips, laid out like JavaScript's
/// <c>Number#toString</c> (<c>0.1</c>, <c>1e+21</c>, <c>-0</c>), NaN and infinities as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>; decimals as strings with exactly <c>scale</c> digits after
/// the point; binary and fixed-size binary as padded base64; dates <c>"YYYY-MM-DD"</c>; timestamps
/// <c>"YYYY-MM-DDTHH:MM:SS.ffffff"</c> (9 digits for nanoseconds) with <c>Z</c> only when the Arrow type has a time
/// zone; years outside 0001–9999 with a sign and at least 4 digits; structs as objects, lists as arrays, maps as
/// arrays of <c>{"key":…,"value":…}</c>; dictionary-encoded values as their decoded value. Not part of the
/// document but defined here: time of day <c>"HH:MM:SS.ffffff"</c>, durations as integers in their unit.</para>
/// <para>Output is buffered (pooled memory, no per-value strings); call <see cref="Flush"/> or dispose. The
/// destination is not disposed. Not thread-safe.</para>
/// </remarks>
public sealed class JsonLinesWriter : IDisposable
{
    private readonly Utf8Sink _sink;
    private Schema? _keysFor;
    private byte[][] _keys = [];

    /// <summary>Writes UTF-8 to <paramref name="stream"/>.</summary>
    public JsonLinesWriter(Stream stream) => _sink = new Utf8Sink(stream ?? throw new ArgumentNullException(nameof(stream)));

    /// <summary>Writes to <paramref name="writer"/>.</summary>
    public JsonLinesWriter(TextWriter writer) => _sink = new Utf8Sink(writer ?? throw new ArgumentNullException(nameof(writer)));

    /// <summary>Writes UTF-8 to <paramref name="bufferWriter"/>.</summary>
    public JsonLinesWriter(IBufferWriter<byte> bufferWriter) => _sink = new Utf8Sink(bufferWriter ?? throw new ArgumentNullException(nameof(bufferWriter)));

    /// <summary>Writes every row of <paramref name="batch"/> (borrowed).</summary>
    public void Write(RecordBatch batch) => Write(batch, 0, batch?.Length ?? 0);

    /// <summary>Writes rows <c>[offset, offset + count)</c> of <paramref name="batch"/> (borrowed).</summary>
    public void Write(RecordBatch batch, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (offset < 0 || count < 0 || offset > batch.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }
        PrepareKeys(batch.Schema);
        for (int row = offset; row < offset + count; row++)
        {
            _sink.WriteByte((byte)'{');
            for (int c = 0; c < _keys.Length; c++)
            {
                if (c > 0)
                {
                    _sink.WriteByte((byte)',');
                }
                _sink.Write(_keys[c]);
                ValueFormatter.WriteJson(_sink, batch.Column(c), row);
            }
            _sink.Write("}\n"u8);
        }
    }

    /// <summary>Writes buffered output to the destination (and flushes a stream or text writer).</summary>
    public void Flush()
    {
        _sink.Flush();
    }

    /// <summary>Flushes and releases the pooled buffer. Idempotent.</summary>
    public void Dispose()
    {
        if (_sink.BufferedBytes > 0)
        {
            _sink.Flush();
        }
        _sink.Dispose();
    }

    private void PrepareKeys(Schema schema)
    {
        if (ReferenceEquals(schema, _keysFor))
        {
            return;
        }
        byte[][] keys = new byte[schema.Fields.Count][];
        ArrayBufferWriter<byte> scratch = new();
        for (int i = 0; i < keys.Length; i++)
        {
            scratch.ResetWrittenCount();
            using (Utf8Sink keySink = new(scratch))
            {
                ValueFormatter.WriteJsonKey(keySink, schema.Fields[i].Name);
                keySink.Flush();
            }
            keys[i] = scratch.WrittenSpan.ToArray();
        }
        _keys = keys;
        _keysFor = schema;
    }
}
