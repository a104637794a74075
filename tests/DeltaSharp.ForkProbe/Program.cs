using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Runtime;

namespace DeltaSharp.ForkProbe;

/// <summary>
/// Forks a real child with libc fork() and reports, one line on stdout, what the child saw:
///   CHILD &lt;parentPid&gt; &lt;childPid&gt; &lt;child's report&gt;
/// Modes:
///   after-init   the parent initialises the runtime (worker threads running, an object created) then forks;
///                the child calls guarded entry points and must get DeltaForkedProcessException.
///   before-init  the parent never touches DeltaSharp before forking; the child must initialise normally.
/// The child reports through a pipe and leaves with _exit; the parent waits with a timeout and reports HANG.
/// Must run with DOTNET_EnableWriteXorExecute=0 (see docs/runtime.md).
/// </summary>
internal static unsafe partial class Program
{
    private const int ChildTimeoutMilliseconds = 20_000;

    private static DeltaRuntime? s_runtimeBeforeFork;
    private static DeltaSharp.Storage.LocalObjectStore? s_storeBeforeFork;
    private static DeltaTable? s_tableBeforeFork;
    private static string? s_tableRoot;

    private static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "after-init";
        int parentPid = Libc.getpid();
        if (mode == "after-init")
        {
            // Use DeltaSharp for real before forking: runtime, worker threads, an object held across the fork.
            s_runtimeBeforeFork = DeltaRuntime.Shared;
            int answer = s_runtimeBeforeFork.RunAsync(() => 6 * 7).GetAwaiter().GetResult();
            if (answer != 42 || s_runtimeBeforeFork.WorkerThreadCount < 1)
            {
                Console.WriteLine("ERROR runtime did not run a job before the fork");
                return 3;
            }
            string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "deltasharp-forkprobe-" + parentPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            System.IO.Directory.CreateDirectory(root);
            s_storeBeforeFork = new DeltaSharp.Storage.LocalObjectStore(root);
            s_storeBeforeFork.PutAsync("probe.txt", new byte[] { 1, 2, 3 }).AsTask().GetAwaiter().GetResult();
            if (s_storeBeforeFork.GetMetadataAsync("probe.txt").AsTask().GetAwaiter().GetResult().Size != 3)
            {
                Console.WriteLine("ERROR object store did not work before the fork");
                return 3;
            }
            s_tableRoot = System.IO.Path.Combine(root, "table");
            WriteMinimalDeltaTable(s_tableRoot);
            s_tableBeforeFork = DeltaTable.OpenAsync(s_tableRoot).GetAwaiter().GetResult();
            _ = s_tableBeforeFork.RefreshAsync().GetAwaiter().GetResult();
            if (s_tableBeforeFork.Snapshot.Version != 0)
            {
                Console.WriteLine("ERROR table did not open before the fork");
                return 3;
            }
            PrepareChild(nameof(ChildAfterInit));
        }
        else if (mode == "before-init")
        {
            // Nothing may have happened at assembly load or in type initialisers: no stamp, no runtime.
            if (ProcessGuard.Detector.IsEstablished || DeltaRuntime.SharedIfCreated is not null)
            {
                Console.WriteLine("ERROR DeltaSharp initialised itself before first use");
                return 3;
            }
            PrepareChild(nameof(ChildBeforeInit));
        }
        else if (mode == "bare")
        {
            // Control experiment: fork with the CLR loaded and no DeltaSharp at all; the child leaves at once.
        }
        else
        {
            Console.WriteLine("ERROR unknown mode " + mode);
            return 2;
        }

        int* fds = stackalloc int[2];
        if (Libc.pipe(fds) != 0)
        {
            Console.WriteLine("ERROR pipe failed");
            return 3;
        }
        int pid = Libc.fork();
        if (pid < 0)
        {
            Console.WriteLine("ERROR fork failed");
            return 3;
        }
        if (pid == 0)
        {
            _ = Libc.close(fds[0]);
            int code = mode switch
            {
                "after-init" => ChildAfterInit(fds[1]),
                "before-init" => ChildBeforeInit(fds[1]),
                _ => 0,
            };
            Libc._exit(code);
        }

        _ = Libc.close(fds[1]);
        string report = ReadWithTimeout(fds[0], ChildTimeoutMilliseconds, out bool timedOut);
        _ = Libc.close(fds[0]);
        int status = 0;
        if (timedOut)
        {
            _ = Libc.kill(pid, 9);
            _ = Libc.waitpid(pid, &status, 0);
            Console.WriteLine($"HANG {parentPid} {pid}");
            return 4;
        }
        _ = Libc.waitpid(pid, &status, 0);
        // The parent must still be healthy after the fork: run another job on the pre-fork runtime.
        if (s_runtimeBeforeFork is not null)
        {
            int again = s_runtimeBeforeFork.RunAsync(() => 1 + 1).GetAwaiter().GetResult();
            if (again != 2)
            {
                Console.WriteLine("ERROR parent runtime broken after fork");
                return 3;
            }
        }
        if (s_storeBeforeFork is not null)
        {
            string root = s_storeBeforeFork.RootDirectory;
            s_storeBeforeFork.DisposeAsync().AsTask().GetAwaiter().GetResult();
            s_tableBeforeFork?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            System.IO.Directory.Delete(root, recursive: true);
        }
        Console.WriteLine($"CHILD {parentPid} {pid} status={status} {report}");
        return 0;
    }

    /// <summary>A one-commit Delta table (protocol + metadata, no files), written by hand per PROTOCOL.md.</summary>
    private static void WriteMinimalDeltaTable(string tableRoot)
    {
        string log = System.IO.Path.Combine(tableRoot, "_delta_log");
        System.IO.Directory.CreateDirectory(log);
        const string Schema = "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}";
        string commit =
            "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}\n" +
            "{\"metaData\":{\"id\":\"fork-probe\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"" + Schema + "\",\"partitionColumns\":[],\"configuration\":{},\"createdTime\":1700000000000}}\n";
        System.IO.File.WriteAllText(System.IO.Path.Combine(log, "00000000000000000000.json"), commit);
    }

    /// <summary>Compiles the child's code in the parent, so the child runs no JIT of its own.</summary>
    private static void PrepareChild(string childMethod)
    {
        const BindingFlags Flags = BindingFlags.NonPublic | BindingFlags.Static;
        RuntimeHelpers.PrepareMethod(typeof(Program).GetMethod(childMethod, Flags)!.MethodHandle);
        RuntimeHelpers.PrepareMethod(typeof(Program).GetMethod(nameof(Report), Flags)!.MethodHandle);
        RuntimeHelpers.PrepareMethod(typeof(Program).GetMethod(nameof(Describe), Flags)!.MethodHandle);
        // Warm the P/Invoke stubs the child uses.
        _ = Libc.getpid();
        _ = Libc.write(-1, null, 0);
        Report(-1, "warm");
        Describe(new InvalidOperationException("warm"));
    }

    /// <summary>In the fork child of a process that used DeltaSharp: every guarded entry must refuse.</summary>
    private static int ChildAfterInit(int fd)
    {
        string guard;
        string preForkObject;
        string shared;
        string storeCall;
        string openTable;
        string preForkTable;
        try
        {
            ProcessGuard.ThrowIfForked();
            guard = "NONE";
        }
        catch (Exception e)
        {
            guard = Describe(e);
        }
        try
        {
            // An object created before the fork: its entry points are guarded too.
            _ = s_runtimeBeforeFork!.RunAsync(() => 1);
            preForkObject = "NONE";
        }
        catch (Exception e)
        {
            preForkObject = Describe(e);
        }
        try
        {
            _ = DeltaRuntime.Shared;
            shared = "NONE";
        }
        catch (Exception e)
        {
            shared = Describe(e);
        }
        try
        {
            // An object-store call on a store created before the fork.
            _ = s_storeBeforeFork!.GetMetadataAsync("probe.txt").AsTask().GetAwaiter().GetResult();
            storeCall = "NONE";
        }
        catch (Exception e)
        {
            storeCall = Describe(e);
        }
        try
        {
            // The headline entry point: opening a table in the child.
            _ = DeltaTable.OpenAsync(s_tableRoot!).GetAwaiter().GetResult();
            openTable = "NONE";
        }
        catch (Exception e)
        {
            openTable = Describe(e);
        }
        try
        {
            // A table opened before the fork.
            _ = s_tableBeforeFork!.RefreshAsync().GetAwaiter().GetResult();
            preForkTable = "NONE";
        }
        catch (Exception e)
        {
            preForkTable = Describe(e);
        }
        Report(fd, "getpid=" + Libc.getpid().ToString(System.Globalization.CultureInfo.InvariantCulture) + " guard=" + guard + " preForkObject=" + preForkObject + " shared=" + shared + " storeCall=" + storeCall + " openTable=" + openTable + " preForkTable=" + preForkTable);
        return 0;
    }

    /// <summary>In the fork child of a process that never used DeltaSharp: initialise normally.</summary>
    private static int ChildBeforeInit(int fd)
    {
        try
        {
            ProcessGuard.ThrowIfForked();
            DeltaRuntime runtime = DeltaRuntime.Shared;
            Report(fd, "OK getpid=" + Libc.getpid().ToString(System.Globalization.CultureInfo.InvariantCulture) + " creator=" + runtime.CreatorProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e)
        {
            Report(fd, "FAILED " + Describe(e));
        }
        return 0;
    }

    private static string Describe(Exception e) => e is DeltaForkedProcessException forked
        ? "Forked(current=" + forked.CurrentProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",creator=" + forked.CreatorProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",message=" + forked.Message.Replace(' ', '_') + ")"
        : e.GetType().Name + "(" + e.Message.Replace(' ', '_') + ")";

    private static void Report(int fd, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (fd < 0)
        {
            return;
        }
        fixed (byte* p = bytes)
        {
            int offset = 0;
            while (offset < bytes.Length)
            {
                nint written = Libc.write(fd, p + offset, (nuint)(bytes.Length - offset));
                if (written <= 0)
                {
                    return;
                }
                offset += (int)written;
            }
        }
    }

    private static string ReadWithTimeout(int fd, int timeoutMilliseconds, out bool timedOut)
    {
        var text = new StringBuilder();
        byte[] buffer = new byte[4096];
        long deadline = Environment.TickCount64 + timeoutMilliseconds;
        while (true)
        {
            long left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                timedOut = true;
                return text.ToString();
            }
            Libc.PollFd poll = new() { fd = fd, events = 1 };
            int ready = Libc.poll(&poll, 1, (int)left);
            if (ready == 0)
            {
                continue;
            }
            fixed (byte* p = buffer)
            {
                nint read = Libc.read(fd, p, (nuint)buffer.Length);
                if (read <= 0)
                {
                    timedOut = false;
                    return text.ToString();
                }
                text.Append(Encoding.UTF8.GetString(buffer, 0, (int)read));
            }
        }
    }

    private static partial class Libc
    {
        [StructLayout(LayoutKind.Sequential)]
        internal struct PollFd
        {
            public int fd;
            public short events;
            public short revents;
        }

        [LibraryImport("libc")] internal static partial int fork();
        [LibraryImport("libc")] internal static partial int getpid();
        [LibraryImport("libc")] internal static partial int pipe(int* fds);
        [LibraryImport("libc")] internal static partial int close(int fd);
        [LibraryImport("libc")] internal static partial nint write(int fd, byte* buffer, nuint count);
        [LibraryImport("libc")] internal static partial nint read(int fd, byte* buffer, nuint count);
        [LibraryImport("libc")] internal static partial int poll(PollFd* fds, nuint count, int timeout);
        [LibraryImport("libc")] internal static partial int waitpid(int pid, int* status, int options);
        [LibraryImport("libc")] internal static partial int kill(int pid, int signal);
        [LibraryImport("libc")] internal static partial void _exit(int code);
    }
}
