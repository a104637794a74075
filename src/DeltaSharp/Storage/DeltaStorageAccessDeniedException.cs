using System;

namespace DeltaSharp.Storage;

/// <summary>
/// The store refused the operation: missing or invalid credentials, or no permission on the key. Not transient:
/// retrying without changing credentials or permissions cannot help. Never contains the credential itself.
/// </summary>
public class DeltaStorageAccessDeniedException : DeltaStorageException
{
    /// <summary>Creates the exception.</summary>
    public DeltaStorageAccessDeniedException(string message, Exception? innerException)
        : base(message, false, innerException)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeltaStorageAccessDeniedException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaStorageAccessDeniedException()
        : this("Access to the object store was denied.")
    {
    }
}
