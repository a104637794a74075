using System;
using System.Buffers;
using System.IO;
using System.Text;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>
/// Writes record batches as CSV (RFC 4180): a header row of field names (once, before the first batch), then one
/// line per row, <c>\n</c> line ends. Nulls are empty fields. Fields containing the delimiter, a quote, CR or LF
/// are quoted with quotes doubled. Scalars use the JSON Lines text forms without quotes (numbers, ISO dates and
/// timestamps, exact decimals, base64 binary, <c>NaN</c>/<c>Infinity</c>); nested values are written as JSON.
/// </summary>
/// <remarks>Buffered; call <see cref="Flush"/> or dispose (the destination is not disposed). Not thread-safe.</remarks>
public sealed class CsvWriter : IDisposable
{
    private readonly Utf8Sink _sink;
    private readonly ArrayBufferWriter<byte> _scratch = new();
    private readonly Utf8Sink _cell;
    private readonly byte _delimiter;
    private readonly bool _header;
    private bool _headerWritten;

    /// <summary>Writes UTF-8 CSV to <paramref name="stream"/>.</summary>
    public CsvWriter(Stream stream, char delimiter = ',', bool writeHeader = true)
        : this(new Utf8Sink(stream ?? throw new ArgumentNullException(nameof(stream))), delimiter, writeHeader)
    {
    }

    /// <summary>Writes CSV to <paramref name="writer"/>.</summary>
    public CsvWriter(TextWriter writer, char delimiter = ',', bool writeHeader = true)
        : this(new Utf8Sink(writer ?? throw new ArgumentNullException(nameof(writer))), delimiter, writeHeader)
    {
    }

    private CsvWriter(Utf8Sink sink, char delimiter, bool writeHeader)
    {
        if (delimiter > 0x7F || delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("The delimiter must be an ASCII character other than a quote or line break.", nameof(delimiter));
        }
        _sink = sink;
        _delimiter = (byte)delimiter;
        _header = writeHeader;
        _cell = new Utf8Sink(_scratch);
    }

    /// <summary>Writes every row of <paramref name="batch"/> (borrowed).</summary>
    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_header && !_headerWritten)
        {
            for (int c = 0; c < batch.Schema.Fields.Count; c++)
            {
                if (c > 0)
                {
                    _sink.WriteByte(_delimiter);
                }
                WriteField(Encoding.UTF8.GetBytes(batch.Schema.Fields[c].Name));
            }
            _sink.WriteByte((byte)'\n');
            _headerWritten = true;
        }
        for (int row = 0; row < batch.Length; row++)
        {
            for (int c = 0; c < batch.ColumnCount; c++)
            {
                if (c > 0)
                {
                    _sink.WriteByte(_delimiter);
                }
                ArrowArray column = batch.Column(c);
                if (column.IsNull(row))
                {
                    continue;
                }
                _scratch.ResetWrittenCount();
                ValueFormatter.WriteText(_cell, column, row, default);
                _cell.Flush();
                WriteField(_scratch.WrittenSpan);
            }
            _sink.WriteByte((byte)'\n');
        }
    }

    /// <summary>Writes buffered output to the destination.</summary>
    public void Flush() => _sink.Flush();

    /// <summary>Flushes and releases pooled buffers. Idempotent.</summary>
    public void Dispose()
    {
        if (_sink.BufferedBytes > 0)
        {
            _sink.Flush();
        }
        _sink.Dispose();
        _cell.Dispose();
    }

    private void WriteField(ReadOnlySpan<byte> text)
    {
        bool quote = text.IndexOfAny(_delimiter, (byte)'"', (byte)'\n') >= 0 || text.IndexOf((byte)'\r') >= 0;
        if (!quote)
        {
            _sink.Write(text);
            return;
        }
        _sink.WriteByte((byte)'"');
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'"')
            {
                _sink.Write(text[start..(i + 1)]);
                _sink.WriteByte((byte)'"');
                start = i + 1;
            }
        }
        _sink.Write(text[start..]);
        _sink.WriteByte((byte)'"');
    }
}
