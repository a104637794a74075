using System;

namespace DeltaSharp;

/// <summary>
/// A data file the log references cannot be read: it is missing, or it is not valid Parquet. Names the file.
/// Retrying does not help.
/// </summary>
public class DeltaDataFileException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    public DeltaDataFileException(string message, string path, Exception? innerException)
        : base($"{message} [{path}]", innerException)
    {
        Path = path;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeltaDataFileException(string message)
        : base(message)
    {
        Path = "(unknown)";
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeltaDataFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Path = "(unknown)";
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaDataFileException()
        : this("A data file cannot be read.")
    {
    }

    /// <summary>The data file's key relative to the table root.</summary>
    public string Path { get; }
}
