namespace DeltaSharp.Runtime;

/// <summary>Describes a thread the runtime just created; passed to <see cref="DeltaRuntimeOptions.ThreadStarted"/>.</summary>
/// <remarks>Immutable. Valid for the thread's whole life.</remarks>
public sealed class DeltaThreadInfo
{
    internal DeltaThreadInfo(string name, DeltaThreadKind kind, int managedThreadId)
    {
        Name = name;
        Kind = kind;
        ManagedThreadId = managedThreadId;
    }

    /// <summary>The thread's name (also set as <see cref="System.Threading.Thread.Name"/>).</summary>
    public string Name { get; }

    /// <summary>Whether the thread is a pooled worker or dedicated to one body.</summary>
    public DeltaThreadKind Kind { get; }

    /// <summary>The thread's <see cref="System.Threading.Thread.ManagedThreadId"/>.</summary>
    public int ManagedThreadId { get; }
}
