using System.Collections.Generic;
using System.IO;
using System.Linq;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Parquet.Tests;

/// <summary>The parquet-testing files and what each is expected to do.</summary>
internal static class CorpusFiles
{
    /// <summary>Files that are valid Parquet but use features this reader rejects on purpose.</summary>
    public static readonly Dictionary<string, string> Unsupported = new()
    {
        ["large_string_map.brotli.parquet"] = "2 GiB",
    };

    /// <summary>Files in data/ that are malformed by design (the message must contain the text).</summary>
    public static readonly Dictionary<string, string> Malformed = new()
    {
        ["datapage_v1-corrupt-checksum.parquet"] = "CRC mismatch",
        ["rle-dict-uncompressed-corrupt-checksum.parquet"] = "CRC mismatch",
        ["nation.dict-malformed.parquet"] = "runs past the end",
    };

    /// <summary>bad_data files that current readers accept (the bug they reproduce was a crash, not invalid data).</summary>
    public static readonly HashSet<string> BadDataButReadable = ["ARROW-GH-43605.parquet"];

    public static string DataDir => Path.Combine(TestEnvironment.RequireParquetTestingDir(), "data");

    public static string BadDataDir => Path.Combine(TestEnvironment.RequireParquetTestingDir(), "bad_data");

    public static IEnumerable<string> DataFiles() =>
        Directory.GetFiles(DataDir, "*.parquet", SearchOption.AllDirectories).OrderBy(p => p, System.StringComparer.Ordinal);

    public static bool IsEncrypted(string path) => path.EndsWith(".parquet.encrypted", System.StringComparison.Ordinal);
}
