using System;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Actions;
using DeltaSharp.Replay;

namespace DeltaSharp.State;

/// <summary>
/// <see cref="IDecidedFileKeys"/> over the commit replay's string-keyed table of decided keys (decodes the path of
/// each asked key into a string). Thread-safe for concurrent readers while the dictionary is not modified.
/// </summary>
internal sealed class FileKeyDictionary : IDecidedFileKeys
{
    private readonly Dictionary<FileActionKey, AddFile?> keys;

    public FileKeyDictionary(Dictionary<FileActionKey, AddFile?> keys)
    {
        this.keys = keys;
    }

    public int Count => keys.Count;

    public bool Decides(ReadOnlySpan<byte> logPathUtf8, string? deletionVectorUniqueId) =>
        keys.ContainsKey(new FileActionKey(FilePaths.Decode(Encoding.UTF8.GetString(logPathUtf8)), deletionVectorUniqueId));
}
