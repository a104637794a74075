using System;

namespace DeltaSharp.Actions;

/// <summary>Maps file paths of the log (relative or absolute URIs) to keys of the table's store.</summary>
internal static class TablePaths
{
    /// <summary>
    /// The store key for a decoded path: relative paths are keys as they are; absolute paths must lie under the
    /// table's location (same scheme and prefix) and are made relative.
    /// </summary>
    /// <exception cref="DeltaUnsupportedFeatureException">The absolute path lies outside the table root.</exception>
    public static string ToStoreKey(string decodedPath, string tableLocation)
    {
        if (!FilePaths.IsAbsolute(decodedPath))
        {
            return decodedPath;
        }
        string path = Normalize(decodedPath);
        string root = Normalize(tableLocation).TrimEnd('/') + "/";
        if (path.StartsWith(root, StringComparison.Ordinal))
        {
            return path.Substring(root.Length);
        }
        throw new DeltaUnsupportedFeatureException("externalFile",
            $"The file '{decodedPath}' is outside the table root '{tableLocation}'; reading files from other locations is not supported.");
    }

    /// <summary>Drops the <c>file:</c> scheme variants (<c>file:/x</c>, <c>file:///x</c>) so local paths compare equal.</summary>
    private static string Normalize(string location)
    {
        if (location.StartsWith("file:///", StringComparison.OrdinalIgnoreCase))
        {
            return location.Substring("file://".Length);
        }
        if (location.StartsWith("file:/", StringComparison.OrdinalIgnoreCase))
        {
            return location.Substring("file:".Length);
        }
        return location;
    }
}
