using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Storage;

/// <summary>
/// The default <see cref="ObjectUpload"/> of a store with no native incremental write: the content is spooled to a
/// temporary local file (deleted on close) and handed to <see cref="IObjectStore.PutAsync(string, Stream, CancellationToken)"/>
/// on completion, so the store's own large-upload path (multipart, blocks) applies.
/// </summary>
internal sealed class SpooledObjectUpload : ObjectUpload
{
    private const int BufferSize = 1 << 16;

    private readonly IObjectStore _store;
    private readonly string _path;
    private readonly FileStream _spool;
    private bool _done;

    public SpooledObjectUpload(IObjectStore store, string path)
    {
        _store = store;
        _path = path;
        string temp = Path.Combine(Path.GetTempPath(), "deltasharp-upload-" + Guid.NewGuid().ToString("N"));
        try
        {
            _spool = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DeltaStorageException($"Could not create a temporary spool file for '{path}' in {Path.GetTempPath()}: {ex.Message}", false, ex);
        }
    }

    public override Stream Content => _spool;

    public override long Length => _spool.Length;

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _done = true;
        try
        {
            await _spool.FlushAsync(cancellationToken).ConfigureAwait(false);
            _spool.Position = 0;
            await _store.PutAsync(_path, _spool, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _spool.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _done = true;
        await _spool.DisposeAsync().ConfigureAwait(false);
    }
}
