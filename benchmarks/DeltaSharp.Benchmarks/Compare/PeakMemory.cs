using System;
using System.Globalization;
using System.IO;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>
/// Peak resident memory of the current process between <see cref="Reset"/> and <see cref="ReadPeakKilobytes"/>:
/// writing "5" to /proc/self/clear_refs resets the kernel's high-water mark (VmHWM) to the current RSS, so
/// VmHWM afterwards is the peak RSS reached during the measured run.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Resets VmHWM; returns false when the kernel refuses (the peak then covers the process lifetime).</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>VmHWM (peak RSS since the last reset) in KiB, or -1 when unavailable.</summary>
    public static long ReadPeakKilobytes() => ReadStatusKilobytes("VmHWM:");

    /// <summary>VmRSS (current RSS) in KiB, or -1 when unavailable.</summary>
    public static long ReadCurrentKilobytes() => ReadStatusKilobytes("VmRSS:");

    private static long ReadStatusKilobytes(string key)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    string value = line.Substring(key.Length).Trim();
                    int space = value.IndexOf(' ', StringComparison.Ordinal);
                    return long.Parse(space < 0 ? value : value.Substring(0, space), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return -1;
    }
}
