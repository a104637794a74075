using System.Threading;
using DeltaSharp.Runtime;

namespace DeltaSharp.Tests.Runtime;

/// <summary>A process-id source whose answer the test sets (simulating the id a fork child sees).</summary>
internal sealed class FakeProcessIds : IProcessIdSource
{
    private int _current;
    private int _calls;

    public FakeProcessIds(int current) => _current = current;

    public int Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    public int Calls => Volatile.Read(ref _calls);

    public int GetCurrentProcessId()
    {
        Interlocked.Increment(ref _calls);
        return Current;
    }
}
