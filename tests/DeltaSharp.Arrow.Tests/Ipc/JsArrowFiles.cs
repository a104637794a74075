using System;
using System.IO;
using System.Text.Json.Nodes;

namespace DeltaSharp.Arrow.Tests.Ipc;

/// <summary>Class fixture: the stream and file that apache-arrow JS writes (generated once per test class).</summary>
public sealed class JsArrowFiles : IDisposable
{
    private readonly Lazy<(byte[] Stream, byte[] File, JsonNode Expected)> _files;
    private readonly string _dir = Directory.CreateTempSubdirectory("deltasharp-ipc-js-").FullName;

    public JsArrowFiles()
    {
        _files = new Lazy<(byte[], byte[], JsonNode)>(() =>
        {
            JsonNode expected = ArrowJson.WithoutTypes(NodeArrow.Run("write-ipc.cjs", _dir));
            return (System.IO.File.ReadAllBytes(Path.Combine(_dir, "js.arrows")), System.IO.File.ReadAllBytes(Path.Combine(_dir, "js.arrow")), expected);
        });
    }

    /// <summary>The IPC stream (two batches, every type, dictionary replacement and deltas).</summary>
    public byte[] Stream => _files.Value.Stream;

    /// <summary>The IPC file (one batch).</summary>
    public byte[] File => _files.Value.File;

    /// <summary>The canonical JSON of the stream's data, without type names.</summary>
    public JsonNode Expected => _files.Value.Expected;

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
