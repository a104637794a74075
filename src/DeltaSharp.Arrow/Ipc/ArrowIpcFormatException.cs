using System;
using System.IO;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Thrown when Arrow IPC input (a stream or file) is malformed: bad framing, an invalid or out-of-bounds
/// flatbuffer, metadata that contradicts the schema, buffers outside the message body, corrupt compressed buffers,
/// or an unsupported feature. The message says what is wrong and where (message index, field path, byte offset).
/// The reader that threw must not be used further.
/// </summary>
public sealed class ArrowIpcFormatException : IOException
{
    /// <summary>Creates the exception with a message.</summary>
    public ArrowIpcFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ArrowIpcFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ArrowIpcFormatException()
        : base("Malformed Arrow IPC data.")
    {
    }
}
