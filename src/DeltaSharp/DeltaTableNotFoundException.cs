using System;

namespace DeltaSharp;

/// <summary>
/// There is no Delta table at the location: no <c>_delta_log</c> directory, or no commit or checkpoint in it.
/// Check the path or URI. Retrying does not help.
/// </summary>
public class DeltaTableNotFoundException : DeltaException
{
    /// <summary>Creates the exception for <paramref name="location"/>.</summary>
    public DeltaTableNotFoundException(string location, string message, Exception? innerException)
        : base(message, innerException)
    {
        Location = location;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeltaTableNotFoundException(string message)
        : this("(unknown)", message, null)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeltaTableNotFoundException(string message, Exception? innerException)
        : this("(unknown)", message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaTableNotFoundException()
        : this("No Delta table found.")
    {
    }

    /// <summary>The table location that was tried.</summary>
    public string Location { get; }
}
