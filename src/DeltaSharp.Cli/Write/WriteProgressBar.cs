using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using DeltaSharp.Writing;

namespace DeltaSharp.Cli;

/// <summary>
/// A one-line progress bar on stderr for long writes: rows (of the total when known), data files and bytes
/// uploaded. Redrawn at most every 200 ms with a carriage return and erased when done. Only used when stderr is a
/// terminal (never in redirected output). Reports arrive on the writing thread.
/// </summary>
internal sealed class WriteProgressBar : IProgress<DeltaWriteProgress>, IDisposable
{
    private const int Width = 24;
    private readonly TextWriter _terminal;
    private readonly long? _totalRows;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = long.MinValue;
    private int _lastLength;

    public WriteProgressBar(TextWriter terminal, long? totalRows)
    {
        _terminal = terminal;
        _totalRows = totalRows;
    }

    /// <summary>A bar on <see cref="Console.Error"/> when it is a terminal, else null.</summary>
    public static WriteProgressBar? ForConsole(TextWriter stderr, long? totalRows) =>
        ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? new WriteProgressBar(stderr, totalRows) : null;

    public void Report(DeltaWriteProgress value)
    {
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastDraw < 200)
        {
            return;
        }
        _lastDraw = now;
        string line = Format(value, _totalRows, now / 1000.0);
        _terminal.Write("\r" + line.PadRight(_lastLength));
        _terminal.Flush();
        _lastLength = line.Length;
    }

    /// <summary>The bar's text (pure; no terminal control characters).</summary>
    internal static string Format(DeltaWriteProgress value, long? totalRows, double seconds)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string rows = value.Rows.ToString("N0", c);
        string bar = string.Empty;
        if (totalRows is long total && total > 0)
        {
            double fraction = Math.Clamp((double)value.Rows / total, 0, 1);
            int filled = (int)Math.Round(fraction * Width);
            bar = "[" + new string('#', filled) + new string('-', Width - filled) + "] " + (fraction * 100).ToString("0", c) + "% ";
            rows += "/" + total.ToString("N0", c);
        }
        double rate = seconds > 0 ? value.Rows / seconds : 0;
        return string.Create(c, $"writing {bar}{rows} rows, {value.FilesWritten} files, {value.BytesWritten / 1048576.0:0.0} MiB uploaded, {rate:N0} rows/s");
    }

    /// <summary>Erases the bar.</summary>
    public void Dispose()
    {
        if (_lastLength > 0)
        {
            _terminal.Write("\r" + new string(' ', _lastLength) + "\r");
            _terminal.Flush();
        }
    }
}
