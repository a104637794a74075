using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>
/// Renders a record batch as a boxed text table for people: a header of field names, one line per row, numbers
/// right-aligned, text left-aligned, nulls as <c>null</c>, long cells cut with <c>…</c>, and a footer with the row
/// count. Values use the same text forms as <see cref="CsvWriter"/>.
/// </summary>
public static class TableFormatter
{
    /// <summary>Returns the table for the first <paramref name="maxRows"/> rows of <paramref name="batch"/>.</summary>
    public static string Format(RecordBatch batch, int maxRows = 100, int maxColumnWidth = 48)
    {
        using StringWriter writer = new(CultureInfo.InvariantCulture);
        Write(writer, batch, maxRows, maxColumnWidth);
        return writer.ToString();
    }

    /// <summary>Writes the table for the first <paramref name="maxRows"/> rows of <paramref name="batch"/>.</summary>
    public static void Write(TextWriter writer, RecordBatch batch, int maxRows = 100, int maxColumnWidth = 48)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxColumnWidth, 4);
        int rows = Math.Min(maxRows, batch.Length);
        int columns = batch.ColumnCount;
        string[,] cells = new string[rows + 1, columns];
        int[] widths = new int[columns];
        bool[] rightAlign = new bool[columns];
        ArrayBufferWriter<byte> scratch = new();
        using Utf8Sink sink = new(scratch);
        for (int c = 0; c < columns; c++)
        {
            cells[0, c] = Clip(batch.Schema.Fields[c].Name, maxColumnWidth);
            rightAlign[c] = IsNumeric(batch.Schema.Fields[c].DataType);
            ArrowArray column = batch.Column(c);
            for (int r = 0; r < rows; r++)
            {
                scratch.ResetWrittenCount();
                ValueFormatter.WriteText(sink, column, r, "null"u8);
                sink.Flush();
                cells[r + 1, c] = Clip(Encoding.UTF8.GetString(scratch.WrittenSpan), maxColumnWidth);
            }
            for (int r = 0; r <= rows; r++)
            {
                widths[c] = Math.Max(widths[c], DisplayWidth(cells[r, c]));
            }
        }
        StringBuilder line = new();
        Rule(writer, widths, line);
        Row(writer, cells, 0, widths, rightAlign, line);
        Rule(writer, widths, line);
        for (int r = 1; r <= rows; r++)
        {
            Row(writer, cells, r, widths, rightAlign, line);
        }
        Rule(writer, widths, line);
        string suffix = batch.Length > rows ? string.Create(CultureInfo.InvariantCulture, $" (showing first {rows})") : string.Empty;
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{batch.Length} row{(batch.Length == 1 ? string.Empty : "s")}{suffix}\n"));
    }

    private static bool IsNumeric(ArrowType type) => type.TypeId is ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32
        or ArrowTypeId.Int64 or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64
        or ArrowTypeId.Float16 or ArrowTypeId.Float32 or ArrowTypeId.Float64 or ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256
        or ArrowTypeId.Duration;

    private static string Clip(string text, int max)
    {
        text = text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        if (DisplayWidth(text) <= max)
        {
            return text;
        }
        StringBuilder sb = new();
        int width = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (width + 1 >= max)
            {
                break;
            }
            sb.Append(rune.ToString());
            width++;
        }
        return sb.Append('…').ToString();
    }

    private static int DisplayWidth(string text)
    {
        int count = 0;
        foreach (Rune unused in text.EnumerateRunes())
        {
            count++;
        }
        return count;
    }

    private static void Rule(TextWriter writer, int[] widths, StringBuilder line)
    {
        line.Clear().Append('+');
        foreach (int w in widths)
        {
            line.Append('-', w + 2).Append('+');
        }
        writer.Write(line.Append('\n'));
    }

    private static void Row(TextWriter writer, string[,] cells, int row, int[] widths, bool[] right, StringBuilder line)
    {
        line.Clear().Append('|');
        for (int c = 0; c < widths.Length; c++)
        {
            string cell = cells[row, c];
            int pad = widths[c] - DisplayWidth(cell);
            line.Append(' ');
            if (right[c])
            {
                line.Append(' ', pad).Append(cell);
            }
            else
            {
                line.Append(cell).Append(' ', pad);
            }
            line.Append(" |");
        }
        writer.Write(line.Append('\n'));
    }
}
