using System;
using System.Globalization;
using System.Text;

namespace DeltaSharp.Parquet;

/// <summary>
/// Thrown when a Parquet file is malformed: a bad footer, corrupt Thrift metadata, a page that does not decode, a
/// checksum mismatch, a length that points outside its buffer. The message names the file, row group, column and page
/// when they are known; the same facts are exposed as properties.
/// </summary>
/// <remarks>Every malformed input read through the reader surfaces as this type (or
/// <see cref="ParquetUnsupportedException"/> for valid files using features this reader does not implement), never as
/// an index, overflow or out-of-memory error.</remarks>
public class ParquetFormatException : Exception
{
    /// <summary>Creates an exception with a bare detail message and no location.</summary>
    public ParquetFormatException(string message)
        : base(message)
    {
        Detail = message;
    }

    /// <summary>Creates an exception with a detail message and an inner cause.</summary>
    public ParquetFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Detail = message;
    }

    /// <summary>Creates an exception with no message (for serializers and tooling).</summary>
    public ParquetFormatException()
        : this("The Parquet data is malformed.")
    {
    }

    /// <summary>Creates an exception naming where in the file the problem was found.</summary>
    /// <param name="detail">What is wrong.</param>
    /// <param name="filePath">The file (or source description); null when unknown.</param>
    /// <param name="rowGroup">The zero-based row group; null when unknown or not applicable.</param>
    /// <param name="column">The column path (dotted); null when unknown or not applicable.</param>
    /// <param name="page">The zero-based page index within the column chunk; null when unknown.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ParquetFormatException(string detail, string? filePath, int? rowGroup, string? column, int? page, Exception? innerException = null)
        : base(Format(detail, filePath, rowGroup, column, page), innerException)
    {
        Detail = detail;
        FilePath = filePath;
        RowGroup = rowGroup;
        Column = column;
        Page = page;
    }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Detail { get; }

    /// <summary>The file or source description, when known.</summary>
    public string? FilePath { get; }

    /// <summary>The zero-based row group index, when known.</summary>
    public int? RowGroup { get; }

    /// <summary>The dotted column path, when known.</summary>
    public string? Column { get; }

    /// <summary>The zero-based page index within the column chunk, when known.</summary>
    public int? Page { get; }

    /// <summary>Returns a copy of this exception with missing location facts filled from the arguments.</summary>
    internal ParquetFormatException WithLocation(string? filePath, int? rowGroup = null, string? column = null, int? page = null) =>
        new(Detail, FilePath ?? filePath, RowGroup ?? rowGroup, Column ?? column, Page ?? page, InnerException ?? this);

    private static string Format(string detail, string? filePath, int? rowGroup, string? column, int? page)
    {
        StringBuilder text = new("Malformed Parquet");
        if (filePath is not null)
        {
            text.Append(" file '").Append(filePath).Append('\'');
        }
        if (rowGroup is int rg)
        {
            text.Append(", row group ").Append(rg.ToString(CultureInfo.InvariantCulture));
        }
        if (column is not null)
        {
            text.Append(", column '").Append(column).Append('\'');
        }
        if (page is int p)
        {
            text.Append(", page ").Append(p.ToString(CultureInfo.InvariantCulture));
        }
        return text.Append(": ").Append(detail).ToString();
    }
}
