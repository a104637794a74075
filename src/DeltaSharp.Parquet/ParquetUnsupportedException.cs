using System;

namespace DeltaSharp.Parquet;

/// <summary>
/// Thrown for a well-formed Parquet file that uses a feature this reader does not implement (modular encryption,
/// the LZO codec, an unknown encoding or physical type). The message says which feature and where.
/// </summary>
public class ParquetUnsupportedException : NotSupportedException
{
    /// <summary>Creates the exception with a message.</summary>
    public ParquetUnsupportedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ParquetUnsupportedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ParquetUnsupportedException()
        : base("The Parquet file uses an unsupported feature.")
    {
    }
}
