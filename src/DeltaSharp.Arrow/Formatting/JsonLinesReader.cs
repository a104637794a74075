using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>
/// Reads JSON lines — one JSON object per line, the form <see cref="JsonLinesWriter"/> writes (JSONL-FORMAT.md) —
/// into record batches of a given schema. Keys match field names exactly, else case-insensitively; a missing key is
/// null; an unknown key is an error. Values use the JSON Lines forms (decimals and NaN/Infinity may also be bare
/// numbers or strings; maps may also be objects when their keys are strings). Blank lines are skipped.
/// </summary>
/// <remarks>
/// Streaming: memory is bounded by one batch plus the longest line. Every yielded batch is owned by the caller.
/// Errors are <see cref="TextRowFormatException"/> naming the line (and the field).
/// </remarks>
public static class JsonLinesReader
{
    /// <summary>Reads <paramref name="stream"/> (UTF-8, not disposed) as rows of <paramref name="schema"/>.</summary>
    /// <exception cref="NotSupportedException">A column's type has no text form (e.g. unions, intervals).</exception>
    /// <exception cref="TextRowFormatException">A line is not a valid row.</exception>
    public static async IAsyncEnumerable<RecordBatch> ReadAsync(Stream stream, Schema schema, int batchSize = 64 * 1024, ArrowAllocator? allocator = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var assembler = new TextBatchAssembler(schema, allocator);
        var parser = new LineParser();
        await foreach (RecordBatch batch in TextRecordPump.RunAsync(stream, assembler, batchSize, parser.Parse, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    private sealed class LineParser
    {
        private long _line;

        public int Parse(ReadOnlySpan<byte> data, bool final, TextBatchAssembler assembler, int batchSize)
        {
            int consumed = 0;
            while (assembler.Rows < batchSize && consumed < data.Length)
            {
                ReadOnlySpan<byte> rest = data[consumed..];
                int newline = rest.IndexOf((byte)'\n');
                if (newline < 0 && !final)
                {
                    break;
                }
                ReadOnlySpan<byte> line = newline < 0 ? rest : rest[..newline];
                consumed += newline < 0 ? rest.Length : newline + 1;
                _line++;
                if (!line.IsEmpty && line[^1] == '\r')
                {
                    line = line[..^1];
                }
                if (line.Trim(" \t"u8).IsEmpty)
                {
                    continue;
                }
                ParseRow(line, assembler);
            }
            return consumed;
        }

        private void ParseRow(ReadOnlySpan<byte> line, TextBatchAssembler assembler)
        {
            if (_line == 1 && line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                line = line[3..];
            }
            var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
            try
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new FormatException("a row must be a JSON object");
                }
                TextValueParser.AppendObjectFields(assembler.Schema.Fields, assembler.Builders, ref reader);
                if (reader.Read())
                {
                    throw new FormatException("unexpected text after the row's object");
                }
            }
            catch (JsonException ex)
            {
                throw new TextRowFormatException(_line, null, "not valid JSON: " + ex.Message);
            }
            catch (FormatException ex) when (ex is not TextRowFormatException)
            {
                throw new TextRowFormatException(_line, null, ex.Message);
            }
            assembler.EndRow();
        }
    }
}
