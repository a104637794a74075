using System;

namespace DeltaSharp;

/// <summary>
/// The requested table version (or timestamp) cannot be reconstructed: it is newer than the latest commit, or
/// older than the earliest version whose state is still available (log entries cleaned up without a checkpoint).
/// <see cref="EarliestVersion"/> and <see cref="LatestVersion"/> give the range that can be read.
/// </summary>
public class DeltaVersionNotFoundException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    public DeltaVersionNotFoundException(string message, long? earliestVersion, long? latestVersion, Exception? innerException = null)
        : base(message, innerException)
    {
        EarliestVersion = earliestVersion;
        LatestVersion = latestVersion;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeltaVersionNotFoundException(string message)
        : this(message, null, null)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeltaVersionNotFoundException(string message, Exception? innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaVersionNotFoundException()
        : this("The requested table version is not available.")
    {
    }

    /// <summary>The earliest version that can be read, when known.</summary>
    public long? EarliestVersion { get; }

    /// <summary>The latest version of the table, when known.</summary>
    public long? LatestVersion { get; }
}
