using System;

namespace DeltaSharp.ChangeFeed;

/// <summary>
/// The change data feed cannot be read for the requested range, for a reason of the table rather than of storage:
/// the feed was not recorded (<c>delta.enableChangeDataFeed</c> not true) at some version of the range, the range is
/// invalid (end before start), or the schema changed in the range in a way the changes cannot be read with (a column
/// renamed or dropped under column mapping, an incompatible type change). <see cref="Version"/> names the version at
/// fault when there is one. Not transient.
/// </summary>
public class DeltaChangeDataFeedException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the version and the range.</param>
    /// <param name="version">The version at fault, or null.</param>
    /// <param name="startVersion">The first version of the requested range.</param>
    /// <param name="endVersion">The last version of the requested range.</param>
    public DeltaChangeDataFeedException(string message, long? version, long startVersion, long endVersion)
        : base(message)
    {
        Version = version;
        StartVersion = startVersion;
        EndVersion = endVersion;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeltaChangeDataFeedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeltaChangeDataFeedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaChangeDataFeedException()
        : base("The change data feed cannot be read for the requested range.")
    {
    }

    /// <summary>The table version at fault, when there is one.</summary>
    public long? Version { get; }

    /// <summary>The first version of the requested range.</summary>
    public long StartVersion { get; }

    /// <summary>The last version of the requested range.</summary>
    public long EndVersion { get; }
}
