using System;

namespace DeltaSharp.Storage;

/// <summary>What an object store knows about one object.</summary>
/// <param name="Path">The object's key relative to the store's root, '/'-separated, no leading '/'.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">Last modification time as the store reports it (UTC).</param>
/// <param name="ETag">The store's entity tag, or null when the store has none (local disk may synthesize one).</param>
public readonly record struct ObjectMeta(string Path, long Size, DateTimeOffset LastModified, string? ETag);
