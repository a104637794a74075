using System;

namespace DeltaSharp.Actions;

/// <summary>Path rules for file actions (PROTOCOL.md "Add File and Remove File": paths are URIs, RFC 2396).</summary>
internal static class FilePaths
{
    /// <summary>Decodes percent-escapes (<c>%20</c> → space). '+' is kept literally. Invalid escapes are kept as is.</summary>
    public static string Decode(string path)
    {
        if (path.IndexOf('%', StringComparison.Ordinal) < 0)
        {
            return path;
        }
        return Uri.UnescapeDataString(path);
    }

    /// <summary>True when the (decoded) path is an absolute URI with a scheme (<c>s3://…</c>, <c>file:/…</c>) or rooted.</summary>
    public static bool IsAbsolute(string decodedPath)
    {
        if (decodedPath.StartsWith('/'))
        {
            return true;
        }
        int colon = decodedPath.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }
        int slash = decodedPath.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && slash < colon)
        {
            return false;
        }
        for (int i = 0; i < colon; i++)
        {
            char c = decodedPath[i];
            bool ok = char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.';
            if (!ok || (i == 0 && !char.IsAsciiLetter(c)))
            {
                return false;
            }
        }
        return true;
    }
}
