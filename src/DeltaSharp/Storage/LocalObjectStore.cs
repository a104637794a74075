using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace DeltaSharp.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> over a directory of the local file system (Linux/macOS). Keys map to files under
/// the root directory; '/' separates directories.
/// </summary>
/// <remarks>
/// <para><b>Atomicity</b>: <see cref="PutIfAbsentAsync"/> writes a staging file in the target directory, fsyncs it and
/// publishes it with <c>link(2)</c>, which fails atomically when the name exists — exactly one of any number of
/// concurrent writers (threads or processes) wins. <see cref="PutAsync(string, ReadOnlyMemory{byte}, CancellationToken)"/>
/// writes a staging file and renames it over the target (<c>rename(2)</c> is atomic). The directory is fsynced
/// after both, so a reported success survives a crash.</para>
/// <para><b>Listing</b> walks the tree depth-first, sorting each directory so that keys come out in UTF-8 byte order
/// (a directory "d" sorts as "d/"). Memory is bounded by the largest directory on the current path. Staging files
/// (names starting with <c>.deltasharp-staging-</c>) are never listed. Empty directories are not objects.</para>
/// <para><b>ETag</b>: synthesized from size and modification time.</para>
/// <para>Thread-safe. Disposing makes every later call, including a listing step, throw
/// <see cref="ObjectDisposedException"/>; it never deletes anything.</para>
/// </remarks>
public sealed class LocalObjectStore : IObjectStore
{
    private const string StagingPrefix = ".deltasharp-staging-";
    private const int CopyBufferSize = 1 << 20;
    private const int UploadBufferSize = 1 << 16;

    private readonly StoreLifetime lifetime = new(typeof(LocalObjectStore));

    /// <summary>Creates a store rooted at <paramref name="rootDirectory"/> (made absolute; created on first write).</summary>
    /// <exception cref="PlatformNotSupportedException">On Windows (atomic create-if-absent needs link(2)).</exception>
    public LocalObjectStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        if (!LocalFileSystemNative.IsSupported)
        {
            throw new PlatformNotSupportedException("LocalObjectStore needs POSIX link(2); Windows is not supported.");
        }
        string full = Path.GetFullPath(rootDirectory);
        RootDirectory = full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>The absolute root directory.</summary>
    public string RootDirectory { get; }

    /// <inheritdoc />
    public IAsyncEnumerable<ObjectMeta> ListAsync(string prefix, string? startAfter = null, CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix, nameof(prefix));
        return ListCore(prefix, startAfter, cancellationToken);
    }

    private async IAsyncEnumerable<ObjectMeta> ListCore(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lifetime.Enter();
        cancellationToken.ThrowIfCancellationRequested();
        await Task.CompletedTask.ConfigureAwait(false);

        int lastSlash = prefix.LastIndexOf('/');
        string baseKey = lastSlash < 0 ? string.Empty : prefix[..(lastSlash + 1)];
        string startDirectory = lastSlash < 0 ? RootDirectory : Path.Combine(RootDirectory, prefix[..lastSlash]);

        var stack = new Stack<DirectoryFrame>();
        DirectoryFrame? first = ReadDirectory(startDirectory, baseKey, prefix, startAfter);
        if (first is not null)
        {
            stack.Push(first);
        }
        while (stack.Count > 0)
        {
            lifetime.Enter();
            cancellationToken.ThrowIfCancellationRequested();
            DirectoryFrame frame = stack.Peek();
            if (frame.Index == frame.Entries.Length)
            {
                stack.Pop();
                continue;
            }
            LocalEntry entry = frame.Entries[frame.Index++];
            if (entry.IsDirectory)
            {
                DirectoryFrame? child = ReadDirectory(Path.Combine(frame.Directory, entry.Name), entry.SortKey, prefix, startAfter);
                if (child is not null)
                {
                    stack.Push(child);
                }
                continue;
            }
            yield return new ObjectMeta(entry.SortKey, entry.Length, entry.LastModified, MakeETag(entry.Length, entry.LastModified));
        }
    }

    private static DirectoryFrame? ReadDirectory(string directory, string baseKey, string prefix, string? startAfter)
    {
        var entries = new List<LocalEntry>();
        try
        {
            var enumerable = new FileSystemEnumerable<LocalEntry>(
                directory,
                (ref FileSystemEntry e) => new LocalEntry(
                    e.FileName.ToString(),
                    e.IsDirectory,
                    e.IsDirectory ? 0 : e.Length,
                    e.LastWriteTimeUtc),
                new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false, ReturnSpecialDirectories = false });
            foreach (LocalEntry raw in enumerable)
            {
                if (raw.Name.StartsWith(StagingPrefix, StringComparison.Ordinal))
                {
                    continue;
                }
                string key = raw.IsDirectory ? baseKey + raw.Name + "/" : baseKey + raw.Name;
                if (!IsRelevant(key, raw.IsDirectory, prefix, startAfter))
                {
                    continue;
                }
                entries.Add(raw with { SortKey = key });
            }
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw new DeltaStorageException($"Local store: could not list directory '{directory}': {ex.Message}", false, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DeltaStorageAccessDeniedException($"Local store: permission denied listing directory '{directory}'.", ex);
        }
        if (entries.Count == 0)
        {
            return null;
        }
        LocalEntry[] sorted = entries.ToArray();
        Array.Sort(sorted, static (a, b) => Utf8KeyComparer.CompareSpans(a.SortKey, b.SortKey));
        // A directory's sort key ("d/") is also the base key of the keys inside it.
        return new DirectoryFrame(directory, sorted);
    }

    private static bool IsRelevant(string key, bool isDirectory, string prefix, string? startAfter)
    {
        if (isDirectory)
        {
            // A directory "d/" can hold matching keys when it extends the prefix or the prefix extends it.
            if (!key.StartsWith(prefix, StringComparison.Ordinal) && !prefix.StartsWith(key, StringComparison.Ordinal))
            {
                return false;
            }
            // Every key inside is "d/..."; if "d/" is not a prefix of startAfter and sorts before it, all do.
            return startAfter is null
                || startAfter.StartsWith(key, StringComparison.Ordinal)
                || Utf8KeyComparer.CompareSpans(key, startAfter) > 0;
        }
        return key.StartsWith(prefix, StringComparison.Ordinal)
            && (startAfter is null || Utf8KeyComparer.CompareSpans(key, startAfter) > 0);
    }

    /// <inheritdoc />
    public ValueTask<ObjectMeta> GetMetadataAsync(string path, CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        var info = new FileInfo(FullPath(path));
        try
        {
            if (!info.Exists)
            {
                throw new DeltaObjectNotFoundException(path);
            }
            DateTimeOffset modified = new(info.LastWriteTimeUtc, TimeSpan.Zero);
            return ValueTask.FromResult(new ObjectMeta(path, info.Length, modified, MakeETag(info.Length, modified)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Map(ex, "read metadata of", path);
        }
    }

    /// <inheritdoc />
    public async ValueTask ReadRangeAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using SafeFileHandle handle = File.OpenHandle(FullPath(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            int filled = 0;
            while (filled < destination.Length)
            {
                int read = await RandomAccess.ReadAsync(handle, destination[filled..], offset + filled, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw RangePastEnd(path, offset, destination.Length, handle);
                }
                filled += read;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Map(ex, "read", path);
        }
    }

    /// <summary>
    /// The synchronous form of <see cref="ReadRangeAsync"/> (same contract and errors) for callers that already run
    /// on a thread of their own, such as a log file being decoded on a thread-pool task: a read served from the page
    /// cache then costs one <c>pread</c> instead of a hop to another pool thread and back. It blocks the calling
    /// thread for the duration of the read, so it must not be used on a caller's (possibly single-threaded) context.
    /// </summary>
    internal void ReadRange(string path, long offset, Span<byte> destination)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        try
        {
            using SafeFileHandle handle = File.OpenHandle(FullPath(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            int filled = 0;
            while (filled < destination.Length)
            {
                int read = RandomAccess.Read(handle, destination[filled..], offset + filled);
                if (read == 0)
                {
                    throw RangePastEnd(path, offset, destination.Length, handle);
                }
                filled += read;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Map(ex, "read", path);
        }
    }

    private static DeltaStorageException RangePastEnd(string path, long offset, int length, SafeFileHandle handle) =>
        new($"Local store: range [{offset}, {offset + length}) of '{path}' extends past its end ({RandomAccess.GetLength(handle)} bytes).");

    /// <inheritdoc />
    public ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Stream stream = new FileStream(FullPath(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return ValueTask.FromResult(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Map(ex, "open", path);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        string target = FullPath(path);
        string directory = Path.GetDirectoryName(target)!;
        string staging = await WriteStagingAsync(path, directory, content, null, cancellationToken).ConfigureAwait(false);
        try
        {
            int errno = LocalFileSystemNative.Link(staging, target);
            if (errno == LocalFileSystemNative.ErrorAlreadyExists)
            {
                if (Directory.Exists(target))
                {
                    throw new DeltaStorageException($"Local store: cannot create '{path}': a directory of that name exists.");
                }
                return false;
            }
            if (errno != 0)
            {
                throw new DeltaStorageException($"Local store: could not create '{path}' (link): {LocalFileSystemNative.Describe(errno)}.");
            }
            SyncDirectory(directory, path);
            return true;
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <inheritdoc />
    public ValueTask PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        PutCoreAsync(path, content, null, cancellationToken);

    /// <inheritdoc />
    public ValueTask PutAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return PutCoreAsync(path, default, content, cancellationToken);
    }

    private async ValueTask PutCoreAsync(string path, ReadOnlyMemory<byte> bytes, Stream? stream, CancellationToken cancellationToken)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        string target = FullPath(path);
        string directory = Path.GetDirectoryName(target)!;
        string staging = await WriteStagingAsync(path, directory, bytes, stream, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(staging, target, overwrite: true);
            SyncDirectory(directory, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Map(ex, "write", path);
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <inheritdoc />
    /// <remarks>Stages the content in a hidden file beside the target (invisible to listings), fsyncs it and renames
    /// it over the target on completion, as <see cref="PutAsync(string, Stream, CancellationToken)"/> does, without a
    /// second copy of the bytes.</remarks>
    public ValueTask<ObjectUpload> StartPutAsync(string path, CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        string target = FullPath(path);
        string directory = Path.GetDirectoryName(target)!;
        string staging = Path.Combine(directory, StagingPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
            var file = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, UploadBufferSize, FileOptions.None);
            return ValueTask.FromResult<ObjectUpload>(new LocalUpload(path, target, directory, staging, file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(staging);
            if (ex is IOException && AncestorIsFile(directory))
            {
                throw new DeltaStorageException($"Local store: could not write '{path}': a parent of it is a file, not a directory.", false, ex);
            }
            throw Map(ex, "write", path);
        }
    }

    /// <summary>An object staged beside its target; completion fsyncs, renames over the target and fsyncs the directory.</summary>
    private sealed class LocalUpload : ObjectUpload
    {
        private readonly string key;
        private readonly string target;
        private readonly string directory;
        private readonly string staging;
        private readonly FileStream file;
        private bool done;

        public LocalUpload(string path, string target, string directory, string staging, FileStream file)
        {
            key = path;
            this.target = target;
            this.directory = directory;
            this.staging = staging;
            this.file = file;
        }

        public override Stream Content => file;

        public override long Length => file.Length;

        public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(done, this);
            cancellationToken.ThrowIfCancellationRequested();
            done = true;
            try
            {
                await using (file.ConfigureAwait(false))
                {
                    file.Flush(flushToDisk: true);
                }
                File.Move(staging, target, overwrite: true);
                SyncDirectory(directory, key);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Map(ex, "write", key);
            }
            finally
            {
                TryDelete(staging);
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (done)
            {
                return;
            }
            done = true;
            await file.DisposeAsync().ConfigureAwait(false);
            TryDelete(staging);
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        string target = FullPath(path);
        try
        {
            if (!Directory.Exists(target))
            {
                File.Delete(target);
            }
        }
        catch (DirectoryNotFoundException)
        {
            // The parent is absent: so is the object.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Map(ex, "delete", path);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lifetime.MarkDisposed();
        return ValueTask.CompletedTask;
    }

    private string FullPath(string key) => RootDirectory + "/" + key;

    private static string MakeETag(long length, DateTimeOffset modified) =>
        "\"" + length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "-" +
        modified.UtcTicks.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\"";

    private static async ValueTask<string> WriteStagingAsync(string key, string directory, ReadOnlyMemory<byte> bytes, Stream? stream, CancellationToken cancellationToken)
    {
        string staging = Path.Combine(directory, StagingPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
            var file = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                if (stream is null)
                {
                    await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await stream.CopyToAsync(file, CopyBufferSize, cancellationToken).ConfigureAwait(false);
                }
                file.Flush(flushToDisk: true);
            }
            return staging;
        }
        catch (Exception ex)
        {
            TryDelete(staging);
            if (ex is IOException && AncestorIsFile(directory))
            {
                throw new DeltaStorageException($"Local store: could not write '{key}': a parent of it is a file, not a directory.", false, ex);
            }
            if (ex is IOException or UnauthorizedAccessException)
            {
                throw Map(ex, "write", key);
            }
            throw;
        }
    }

    private static bool AncestorIsFile(string directory)
    {
        for (string? current = directory; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (File.Exists(current))
            {
                return true;
            }
        }
        return false;
    }

    private static void SyncDirectory(string directory, string key)
    {
        int errno = LocalFileSystemNative.FsyncDirectory(directory);
        if (errno != 0)
        {
            throw new DeltaStorageException($"Local store: wrote '{key}' but could not fsync its directory: {LocalFileSystemNative.Describe(errno)}.");
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Best effort: a leftover staging file is invisible to listings.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static DeltaStorageException Map(Exception ex, string operation, string key) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => new DeltaObjectNotFoundException(key, ex),
        UnauthorizedAccessException => new DeltaStorageAccessDeniedException($"Local store: permission denied: could not {operation} '{key}'.", ex),
        _ => new DeltaStorageException($"Local store: could not {operation} '{key}': {ex.Message}", false, ex),
    };

    private readonly record struct LocalEntry(string Name, bool IsDirectory, long Length, DateTimeOffset LastModified)
    {
        public string SortKey { get; init; } = string.Empty;
    }

    private sealed class DirectoryFrame(string directory, LocalEntry[] entries)
    {
        public string Directory { get; } = directory;

        public LocalEntry[] Entries { get; } = entries;

        public int Index { get; set; }
    }
}
