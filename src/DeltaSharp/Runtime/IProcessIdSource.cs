namespace DeltaSharp.Runtime;

/// <summary>Where the fork detector learns the current process id. Production: libc <c>getpid()</c>.</summary>
internal interface IProcessIdSource
{
    /// <summary>The id of the process executing the call, as the kernel reports it now (not a cached value).</summary>
    int GetCurrentProcessId();
}
