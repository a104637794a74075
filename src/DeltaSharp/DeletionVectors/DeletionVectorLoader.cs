using System;
using System.Buffers.Binary;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Storage;

namespace DeltaSharp.DeletionVectors;

/// <summary>
/// Loads a deletion vector from its descriptor (PROTOCOL.md "Deletion Vectors"): inline (<c>i</c>, Z85 bitmap),
/// relative (<c>u</c>, <c>[prefix/]deletion_vector_{uuid}.bin</c> under the table root — whatever the location of the
/// data file it belongs to, so a shallow clone's relative DVs are the clone's) or absolute (<c>p</c>, a URI like an
/// add's path: under the table root, or anywhere a store of the table's options can read, see <see cref="TablePaths"/>).
/// On-disk DVs are framed as a big-endian 4-byte size, the bitmap, and a big-endian CRC-32 of the bitmap, which is
/// verified.
/// </summary>
internal static class DeletionVectorLoader
{
    public static async ValueTask<DeletionVectorBitmap> LoadAsync(TablePaths paths, DeletionVectorDescriptor dv, long maxRows, CancellationToken cancellationToken)
    {
        string display = dv.PathOrInlineDv;
        try
        {
            if (dv.StorageType == "i")
            {
                byte[] bytes = Z85.DecodeBytes(dv.PathOrInlineDv);
                if (dv.SizeInBytes > bytes.Length)
                {
                    throw new FormatException($"inline deletion vector has {bytes.Length} bytes, descriptor says {dv.SizeInBytes}");
                }
                return Checked(DeletionVectorBitmap.Parse(bytes.AsSpan(0, dv.SizeInBytes), maxRows), dv);
            }
            ResolvedFile file = Locate(dv, paths);
            IObjectStore store = file.Store;
            string path = file.Key;
            display = file.DisplayPath;
            int offset = dv.Offset ?? 1;
            // Bound the allocation by the real file: a corrupt descriptor cannot make us allocate more than the file holds.
            Storage.ObjectMeta meta = await store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
            if ((long)offset + 4 + dv.SizeInBytes + 4 > meta.Size)
            {
                throw new FormatException($"deletion vector at offset {offset} with {dv.SizeInBytes} bytes passes the end of '{display}' ({meta.Size} bytes)");
            }
            // The first DV of a file sits right after the file's format version byte: read that byte in the same
            // request and check it ("Deletion Vector File Storage Format": version 1).
            int lead = offset == 1 ? 1 : 0;
            byte[] buffer = new byte[lead + 4 + dv.SizeInBytes + 4];
            await store.ReadRangeAsync(path, offset - lead, buffer, cancellationToken).ConfigureAwait(false);
            if (lead == 1 && buffer[0] != 1)
            {
                throw new FormatException($"deletion vector file '{display}' has format version {buffer[0]}; only version 1 is defined");
            }
            byte[] frame = lead == 0 ? buffer : buffer[1..];
            int size = BinaryPrimitives.ReadInt32BigEndian(frame);
            if (size != dv.SizeInBytes)
            {
                throw new FormatException($"deletion vector in '{display}' at offset {offset} has size {size}, descriptor says {dv.SizeInBytes}");
            }
            ReadOnlySpan<byte> bitmap = frame.AsSpan(4, size);
            uint expected = BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4 + size));
            uint actual = Crc32.HashToUInt32(bitmap);
            if (expected != actual)
            {
                throw new FormatException($"deletion vector in '{display}' at offset {offset} fails its CRC-32 check");
            }
            return Checked(DeletionVectorBitmap.Parse(bitmap, maxRows), dv);
        }
        catch (FormatException ex)
        {
            throw new DeltaLogCorruptException($"Invalid deletion vector ({dv.StorageType}{dv.PathOrInlineDv}): {ex.Message}", ex);
        }
        catch (DeltaObjectNotFoundException ex)
        {
            throw new DeltaLogCorruptException($"The deletion vector file '{display}' is missing", ex);
        }
    }

    /// <summary>The store and key of an on-disk DV: <c>u</c> under the table root, <c>p</c> resolved like a data
    /// file's absolute path.</summary>
    private static ResolvedFile Locate(DeletionVectorDescriptor dv, TablePaths paths) =>
        dv.StorageType == "p" ? paths.Resolve(dv.PathOrInlineDv) : paths.TableKey(ResolvePath(dv, paths.TableLocation));

    /// <summary>The path of an on-disk DV: for <c>u</c> its key under the table root; for <c>p</c> its key when it
    /// lies under <paramref name="tableLocation"/>, else the decoded absolute URI (read through another store).</summary>
    internal static string ResolvePath(DeletionVectorDescriptor dv, string tableLocation)
    {
        if (dv.StorageType == "u")
        {
            string encoded = dv.PathOrInlineDv;
            if (encoded.Length < 20)
            {
                throw new FormatException("relative deletion vector id is shorter than 20 characters");
            }
            string prefix = encoded.Substring(0, encoded.Length - 20);
            Guid uuid = Z85.DecodeUuid(encoded.AsSpan(encoded.Length - 20));
            string file = "deletion_vector_" + uuid.ToString("D") + ".bin";
            return prefix.Length == 0 ? file : prefix + "/" + file;
        }
        if (dv.StorageType == "p")
        {
            string decoded = FilePaths.Decode(dv.PathOrInlineDv);
            return TablePaths.TryGetKeyUnderRoot(decoded, tableLocation, out string key) ? key : decoded;
        }
        throw new FormatException($"storage type '{dv.StorageType}' has no file");
    }

    private static DeletionVectorBitmap Checked(DeletionVectorBitmap bitmap, DeletionVectorDescriptor dv)
    {
        if (bitmap.Count != dv.Cardinality)
        {
            throw new FormatException($"bitmap holds {bitmap.Count} rows, descriptor cardinality is {dv.Cardinality}");
        }
        return bitmap;
    }
}
