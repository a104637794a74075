namespace DeltaSharp.Arrow.Types;

/// <summary>Resolution of time, timestamp and duration values.</summary>
public enum TimeUnit
{
    /// <summary>Seconds.</summary>
    Second,
    /// <summary>Milliseconds.</summary>
    Millisecond,
    /// <summary>Microseconds.</summary>
    Microsecond,
    /// <summary>Nanoseconds.</summary>
    Nanosecond,
}
