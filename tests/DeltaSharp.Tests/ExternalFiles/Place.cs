using System;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Storage;
using Xunit;

namespace DeltaSharp.Tests.ExternalFiles;

/// <summary>
/// A folder on some store (local disk, memory, a bucket prefix, a container path) where a test puts files, and how
/// the log names a file below it as an absolute URI (several forms, so every form is exercised).
/// </summary>
/// <param name="Storage">Options that open <paramref name="Location"/> (to put files).</param>
/// <param name="Location">The folder, as a location <paramref name="Storage"/> opens.</param>
/// <param name="UriOf">The percent-encoded absolute URI of a key below the folder, in form 0, 1 or 2.</param>
internal sealed record Place(ObjectStoreOptions Storage, string Location, Func<string, int, string> UriOf)
{
    public async Task PutAsync(string key, byte[] content)
    {
        await using IObjectStore store = Storage.Open(Location);
        await store.PutAsync(key, content, TestContext.Current.CancellationToken);
    }

    public Task PutTextAsync(string key, string content) => PutAsync(key, Encoding.UTF8.GetBytes(content));

    public async Task<byte[]> ReadAsync(string key)
    {
        await using IObjectStore store = Storage.Open(Location);
        ObjectMeta meta = await store.GetMetadataAsync(key, TestContext.Current.CancellationToken);
        byte[] bytes = new byte[meta.Size];
        await store.ReadRangeAsync(key, 0, bytes, TestContext.Current.CancellationToken);
        return bytes;
    }

    /// <summary>
    /// Percent-encodes a path for a URI (RFC 3986, UTF-8). With <paramref name="keepNonAscii"/> non-ASCII characters
    /// and the sub-delimiters Hadoop's <c>Path.toUri</c> leaves alone stay literal, as Spark writes them; otherwise
    /// everything but unreserved characters and '/' is escaped.
    /// </summary>
    public static string Escape(string path, bool keepNonAscii)
    {
        var text = new StringBuilder();
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '/')
            {
                text.Append(c);
                continue;
            }
            if (keepNonAscii && (c > 127 || c is '&' or '=' or '@' or '!' or '$' or '\'' or '(' or ')' or '*' or '+' or ',' or ';'))
            {
                text.Append(c);
                continue;
            }
            int length = char.IsHighSurrogate(c)
                ? Encoding.UTF8.GetBytes(path.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(path.AsSpan(i, 1), utf8);
            for (int b = 0; b < length; b++)
            {
                text.Append('%').Append(utf8[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }
}
