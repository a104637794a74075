using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>
/// Reads CSV (RFC 4180; the form <see cref="CsvWriter"/> writes) into record batches of a given schema. The first
/// record is a header naming the columns (exact, else case-insensitive match; an unknown name is an error; schema
/// columns the header lacks are null). An empty unquoted field is null; a quoted empty field is an empty string
/// (null for other types). Scalars use the JSON Lines text forms without quotes (ISO dates and timestamps, exact
/// decimals, base64 binary, <c>NaN</c>/<c>Infinity</c>, <c>true</c>/<c>false</c>); nested values are JSON.
/// </summary>
/// <remarks>
/// Streaming: memory is bounded by one batch plus the longest record. Every yielded batch is owned by the caller.
/// Errors are <see cref="TextRowFormatException"/> naming the line and the column.
/// </remarks>
public static class CsvReader
{
    /// <summary>Reads <paramref name="stream"/> (UTF-8, not disposed) as rows of <paramref name="schema"/>.</summary>
    /// <exception cref="NotSupportedException">A column's type has no text form.</exception>
    /// <exception cref="TextRowFormatException">The header or a record does not fit the schema.</exception>
    public static async IAsyncEnumerable<RecordBatch> ReadAsync(Stream stream, Schema schema, char delimiter = ',', int batchSize = 64 * 1024, ArrowAllocator? allocator = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (delimiter > 0x7F || delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("The delimiter must be an ASCII character other than a quote or line break.", nameof(delimiter));
        }
        using var assembler = new TextBatchAssembler(schema, allocator);
        var parser = new RecordParser(schema, (byte)delimiter);
        await foreach (RecordBatch batch in TextRecordPump.RunAsync(stream, assembler, batchSize, parser.Parse, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
        if (!parser.SawHeader)
        {
            throw new TextRowFormatException(1, null, "the input is empty (a CSV header naming the columns is required)");
        }
    }

    private sealed class RecordParser
    {
        private readonly Schema _schema;
        private readonly byte _delimiter;
        private readonly List<(int Start, int Length, bool Quoted)> _cells = [];
        private readonly ArrayBufferWriter<byte> _unquoted = new();
        private int[] _columnOfCell = [];
        private bool[] _present = [];
        private long _line;

        public RecordParser(Schema schema, byte delimiter)
        {
            _schema = schema;
            _delimiter = delimiter;
        }

        public bool SawHeader { get; private set; }

        public int Parse(ReadOnlySpan<byte> data, bool final, TextBatchAssembler assembler, int batchSize)
        {
            int consumed = 0;
            while (assembler.Rows < batchSize && consumed < data.Length)
            {
                ReadOnlySpan<byte> rest = data[consumed..];
                int length = FindRecordEnd(rest, final, out int lineBreaks);
                if (length < 0)
                {
                    if (final)
                    {
                        throw new TextRowFormatException(_line + 1, null, "a quoted field is never closed");
                    }
                    break;
                }
                ReadOnlySpan<byte> record = rest[..length];
                consumed += Math.Min(rest.Length, length + 1);
                _line++;
                if (!record.IsEmpty && record[^1] == '\r')
                {
                    record = record[..^1];
                }
                long firstLine = _line;
                _line += lineBreaks;
                if (record.IsEmpty && SawHeader)
                {
                    continue;
                }
                SplitCells(record, firstLine);
                if (!SawHeader)
                {
                    ReadHeader(record, firstLine);
                    continue;
                }
                AppendRow(record, firstLine, assembler);
            }
            return consumed;
        }

        /// <summary>Length of the record at the start of <paramref name="data"/> (up to, not including, its line
        /// feed), or -1 when it is not complete yet. Line feeds inside quotes belong to the record.</summary>
        private static int FindRecordEnd(ReadOnlySpan<byte> data, bool final, out int innerLineBreaks)
        {
            innerLineBreaks = 0;
            bool quoted = false;
            for (int i = 0; i < data.Length; i++)
            {
                byte c = data[i];
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (c == '\n')
                {
                    if (!quoted)
                    {
                        return i;
                    }
                    innerLineBreaks++;
                }
            }
            return final && !quoted ? data.Length : -1;
        }

        private void SplitCells(ReadOnlySpan<byte> record, long line)
        {
            _cells.Clear();
            int i = 0;
            while (true)
            {
                if (i < record.Length && record[i] == '"')
                {
                    int start = i + 1;
                    int j = start;
                    while (true)
                    {
                        int quote = record[j..].IndexOf((byte)'"');
                        if (quote < 0)
                        {
                            throw new TextRowFormatException(line, null, "a quoted field is never closed");
                        }
                        j += quote + 1;
                        if (j < record.Length && record[j] == '"')
                        {
                            j++;
                            continue;
                        }
                        break;
                    }
                    _cells.Add((start, j - 1 - start, true));
                    if (j < record.Length && record[j] != _delimiter)
                    {
                        throw new TextRowFormatException(line, null, $"unexpected text after a closing quote (field {_cells.Count})");
                    }
                    i = j;
                }
                else
                {
                    int next = record[i..].IndexOf(_delimiter);
                    int end = next < 0 ? record.Length : i + next;
                    _cells.Add((i, end - i, false));
                    i = end;
                }
                if (i >= record.Length)
                {
                    return;
                }
                i++; // the delimiter
            }
        }

        private void ReadHeader(ReadOnlySpan<byte> record, long line)
        {
            IReadOnlyList<Field> fields = _schema.Fields;
            _columnOfCell = new int[_cells.Count];
            _present = new bool[fields.Count];
            for (int c = 0; c < _cells.Count; c++)
            {
                string name = Encoding.UTF8.GetString(Cell(record, c));
                if (c == 0 && name.Length > 0 && name[0] == '\uFEFF')
                {
                    name = name[1..];
                }
                int index = -1;
                for (int f = 0; f < fields.Count && index < 0; f++)
                {
                    index = fields[f].Name == name ? f : -1;
                }
                for (int f = 0; f < fields.Count && index < 0; f++)
                {
                    index = string.Equals(fields[f].Name, name, StringComparison.OrdinalIgnoreCase) ? f : -1;
                }
                if (index < 0)
                {
                    throw new TextRowFormatException(line, name, "the header names a column the schema does not have");
                }
                if (_present[index])
                {
                    throw new TextRowFormatException(line, name, "the header names the column twice");
                }
                _present[index] = true;
                _columnOfCell[c] = index;
            }
            SawHeader = true;
        }

        private void AppendRow(ReadOnlySpan<byte> record, long line, TextBatchAssembler assembler)
        {
            if (_cells.Count != _columnOfCell.Length)
            {
                throw new TextRowFormatException(line, null, $"the record has {_cells.Count} fields, the header {_columnOfCell.Length}");
            }
            IReadOnlyList<Field> fields = _schema.Fields;
            for (int c = 0; c < _cells.Count; c++)
            {
                int column = _columnOfCell[c];
                ArrowArrayBuilder builder = assembler.Builders[column];
                (int _, int length, bool quoted) = _cells[c];
                try
                {
                    ArrowTypeId type = fields[column].DataType.TypeId;
                    bool isString = type is ArrowTypeId.String or ArrowTypeId.LargeString;
                    if (length == 0 && (!quoted || !isString))
                    {
                        builder.AppendNull();
                        continue;
                    }
                    ReadOnlySpan<byte> text = Cell(record, c);
                    if (TextValueParser.IsScalar(fields[column].DataType))
                    {
                        TextValueParser.AppendScalar(builder, text);
                    }
                    else
                    {
                        var reader = new Utf8JsonReader(text, isFinalBlock: true, state: default);
                        reader.Read();
                        TextValueParser.AppendJson(builder, ref reader);
                        if (reader.Read())
                        {
                            throw new FormatException("unexpected text after the JSON value");
                        }
                    }
                }
                catch (JsonException ex)
                {
                    throw new TextRowFormatException(line, fields[column].Name, "not valid JSON: " + ex.Message);
                }
                catch (FormatException ex) when (ex is not TextRowFormatException)
                {
                    throw new TextRowFormatException(line, fields[column].Name, ex.Message);
                }
            }
            for (int f = 0; f < _present.Length; f++)
            {
                if (!_present[f])
                {
                    assembler.Builders[f].AppendNull();
                }
            }
            assembler.EndRow();
        }

        /// <summary>The text of cell <paramref name="index"/>, with doubled quotes of a quoted cell undone.</summary>
        private ReadOnlySpan<byte> Cell(ReadOnlySpan<byte> record, int index)
        {
            (int start, int length, bool quoted) = _cells[index];
            ReadOnlySpan<byte> raw = record.Slice(start, length);
            if (!quoted || raw.IndexOf((byte)'"') < 0)
            {
                return raw;
            }
            _unquoted.ResetWrittenCount();
            Span<byte> target = _unquoted.GetSpan(raw.Length);
            int written = 0;
            for (int i = 0; i < raw.Length; i++)
            {
                target[written++] = raw[i];
                if (raw[i] == '"')
                {
                    i++; // skip the second quote of the pair
                }
            }
            _unquoted.Advance(written);
            return _unquoted.WrittenSpan;
        }
    }
}
