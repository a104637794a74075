using System;

namespace DeltaSharp.Storage;

/// <summary>The object does not exist in the store.</summary>
public class DeltaObjectNotFoundException : DeltaStorageException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public DeltaObjectNotFoundException(string path, Exception? innerException)
        : base($"Object not found: '{path}'.", false, innerException)
    {
        Path = path;
    }

    /// <summary>Creates the exception for <paramref name="path"/> with a message that adds context (the store,
    /// the full location); <paramref name="message"/> must not contain secrets.</summary>
    public DeltaObjectNotFoundException(string path, string message, Exception? innerException)
        : base(message, false, innerException)
    {
        Path = path;
    }

    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public DeltaObjectNotFoundException(string path)
        : this(path, null)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaObjectNotFoundException()
        : this("(unknown)", null)
    {
    }

    /// <summary>The key that was not found.</summary>
    public string Path { get; }
}
