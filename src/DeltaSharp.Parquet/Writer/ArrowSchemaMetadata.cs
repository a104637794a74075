using System;
using System.IO;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Ipc;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// The <c>ARROW:schema</c> footer value other Arrow-based writers store: the base64 of the encapsulated IPC
/// schema message (continuation marker, length, flatbuffer), produced by the IPC stream writer without its
/// end-of-stream marker. Pure.
/// </summary>
internal static class ArrowSchemaMetadata
{
    public const string Key = "ARROW:schema";

    public static string Encode(Schema schema)
    {
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, schema, leaveOpen: true))
        {
            writer.WriteStart();
            writer.Finish();
        }
        byte[] bytes = stream.ToArray();
        ReadOnlySpan<byte> endOfStream = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];
        int length = bytes.AsSpan().EndsWith(endOfStream) ? bytes.Length - endOfStream.Length : bytes.Length;
        return Convert.ToBase64String(bytes, 0, length);
    }
}
