using System;

namespace DeltaSharp.Storage;

/// <summary>An object-store operation failed. Names the operation and the key; never contains secrets.</summary>
public class DeltaStorageException : DeltaException
{
    private readonly bool isTransient;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, on which key.</param>
    /// <param name="isTransient">Whether retrying the same call can help.</param>
    /// <param name="innerException">The store's or SDK's exception.</param>
    public DeltaStorageException(string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        this.isTransient = isTransient;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeltaStorageException(string message)
        : this(message, false, null)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeltaStorageException(string message, Exception? innerException)
        : this(message, false, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaStorageException()
        : this("An object-store operation failed.")
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => isTransient;
}
