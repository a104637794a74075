using System;

namespace DeltaSharp;

/// <summary>
/// The table's transaction log is not a valid Delta log: a version is missing from the sequence, a required action
/// (protocol, metadata) is absent, or a log file cannot be decoded. Names the log file and the version.
/// Retrying does not help; the log must be repaired (or a different version read).
/// </summary>
public class DeltaLogCorruptException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="path">The log file (or log directory) concerned, or null.</param>
    /// <param name="version">The table version concerned, or null.</param>
    /// <param name="innerException">The underlying decoding error, if any.</param>
    public DeltaLogCorruptException(string message, string? path, long? version, Exception? innerException = null)
        : base(Compose(message, path, version), innerException)
    {
        Path = path;
        Version = version;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeltaLogCorruptException(string message)
        : this(message, null, null)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeltaLogCorruptException(string message, Exception? innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaLogCorruptException()
        : this("The Delta log is corrupt.")
    {
    }

    /// <summary>The log file or directory concerned, when known.</summary>
    public string? Path { get; }

    /// <summary>The table version concerned, when known.</summary>
    public long? Version { get; }

    private static string Compose(string message, string? path, long? version)
    {
        string text = message;
        if (version is long v)
        {
            text += $" (version {v})";
        }
        if (path is not null)
        {
            text += $" [{path}]";
        }
        return text;
    }
}
