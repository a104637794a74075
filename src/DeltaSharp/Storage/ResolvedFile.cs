namespace DeltaSharp.Storage;

/// <summary>
/// Where a file named in the log is read from: a store and the key of the file in it.
/// </summary>
/// <param name="Store">The table's own store (files under the table root) or a store opened for the root of another
/// location (files outside it); owned by the table, never by the caller.</param>
/// <param name="Key">The file's key in <paramref name="Store"/>.</param>
/// <param name="DisplayPath">How messages name the file: the key for files under the table root (as before), the
/// absolute location without any query (no SAS token) for files outside it.</param>
/// <param name="IsExternal">Whether the file lies outside the table root.</param>
internal readonly record struct ResolvedFile(IObjectStore Store, string Key, string DisplayPath, bool IsExternal);
