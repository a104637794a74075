using System;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// Imports Arrow data produced by another library through the Arrow C Data Interface and C Stream Interface.
/// Arrays are imported without copying: DeltaSharp buffers wrap the producer's memory, and the producer's
/// <c>release</c> runs exactly once, when the imported arrays and every buffer sliced or retained from them are
/// disposed.
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> Importing an array or stream <i>moves</i> it: the source struct is left released
/// (<c>release</c> null) whether the import succeeds or fails, and DeltaSharp owns the data from then on. Importing a
/// schema copies it into managed objects and then releases the source.</para>
/// <para><b>Untrusted input.</b> Buffer sizes are derived from type, length and offset; layouts are validated; a
/// malformed structure raises <see cref="FormatException"/> naming the column and the problem.</para>
/// </remarks>
public static unsafe class ArrowCImporter
{
    /// <summary>Copies a struct (<c>"+s"</c>) schema into a <see cref="Schema"/> and releases the source.</summary>
    /// <exception cref="FormatException">The schema is malformed or uses an unsupported format.</exception>
    public static Schema ImportSchema(ArrowCSchema* source)
    {
        try
        {
            return SchemaImport.ReadSchema(source);
        }
        finally
        {
            ReleaseSchema(source);
        }
    }

    /// <summary>Copies one field and releases the source.</summary>
    /// <exception cref="FormatException">The field is malformed or uses an unsupported format.</exception>
    public static Field ImportField(ArrowCSchema* source)
    {
        try
        {
            return SchemaImport.ReadField(source, 0);
        }
        finally
        {
            ReleaseSchema(source);
        }
    }

    /// <summary>Imports a struct array as a record batch with <paramref name="schema"/> (zero-copy; moves the source).
    /// The caller owns the returned batch.</summary>
    /// <exception cref="FormatException">The array does not match the schema or is malformed.</exception>
    public static RecordBatch ImportRecordBatch(ArrowCArray* source, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        CheckArray(source);
        return ArrayImport.ImportRecordBatch(source, schema);
    }

    /// <summary>Imports one array of <paramref name="type"/> (zero-copy; moves the source). The caller owns the
    /// returned array.</summary>
    /// <exception cref="FormatException">The array is malformed for the type.</exception>
    public static ArrowArray ImportArray(ArrowCArray* source, ArrowType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        CheckArray(source);
        return ArrayImport.ImportArray(source, type);
    }

    /// <summary>Takes over a C stream (moves the source) and reads its schema. The caller owns (disposes) the reader.</summary>
    /// <exception cref="FormatException">The stream's schema is malformed.</exception>
    /// <exception cref="InvalidOperationException">The producer reported an error.</exception>
    public static ArrowCStreamReader ImportStream(ArrowCArrayStream* source)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }
        if (source->Release is null)
        {
            throw new ArgumentException("The Arrow C stream was already released.", nameof(source));
        }
        return new ArrowCStreamReader(source);
    }

    private static void CheckArray(ArrowCArray* source)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }
        if (source->Release is null)
        {
            throw new ArgumentException("The Arrow C array was already released.", nameof(source));
        }
    }

    private static void ReleaseSchema(ArrowCSchema* source)
    {
        if (source is not null && source->Release is not null)
        {
            source->Release(source);
        }
    }
}
