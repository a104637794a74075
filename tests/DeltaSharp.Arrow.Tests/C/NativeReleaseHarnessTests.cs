using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using DeltaSharp.Arrow.C;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.C;

/// <summary>
/// A real native consumer: tests/native/release_harness.c, compiled with gcc at run time, reads and releases
/// 10,000 exported batches from 16 pthreads the .NET runtime has never seen. The harness counts protocol
/// violations; the export counters and the checking allocator prove every node and buffer was freed exactly once.
/// </summary>
[Collection(ArrowCSerialGroup.Name)]
public sealed unsafe class NativeReleaseHarnessTests : LeakCheckedTest
{
    private const int Batches = 10_000;
    private const int RowsPerBatch = 4;
    private const int Threads = 16;

    [StructLayout(LayoutKind.Sequential)]
    private struct HarnessResult
    {
        public long Released;
        public long BadBefore;
        public long NotNulled;
        public long BadShape;
        public long IdChecksum;
    }

    [Fact]
    public void SixteenNativeThreadsReleaseTenThousandBatchesExactlyOnce()
    {
        string library = BuildHarness();
        nint handle = NativeLibrary.Load(library);
        try
        {
            var releaseAll = (delegate* unmanaged[Cdecl]<ArrowCArray*, long, int, HarnessResult*, int>)NativeLibrary.GetExport(handle, "harness_release_all");
            long arraysBefore = ArrowCDiagnostics.LiveArrays;
            long failuresBefore = ArrowCDiagnostics.ReleaseFailures;
            var arrays = (ArrowCArray*)NativeMemory.AllocZeroed((nuint)(Batches * sizeof(ArrowCArray)));
            try
            {
                // One table-sized batch, exported as 10,000 slices sharing its buffers: 16 threads then drop
                // references to the same memory blocks concurrently.
                using (RecordBatch table = CTestData.Batch(0, Batches * RowsPerBatch, Allocator))
                {
                    for (int i = 0; i < Batches; i++)
                    {
                        using RecordBatch slice = table.Slice(i * RowsPerBatch, RowsPerBatch);
                        ArrowCExporter.ExportRecordBatch(slice, &arrays[i]);
                    }
                }
                Assert.Equal(arraysBefore + (Batches * 13L), ArrowCDiagnostics.LiveArrays); // 1 batch + 8 columns + 2 struct fields + 1 list child + 1 dictionary
                HarnessResult result = default;
                Assert.Equal(0, releaseAll(arrays, Batches, Threads, &result));
                Assert.Equal(Batches, result.Released);
                Assert.Equal(0, result.BadBefore);
                Assert.Equal(0, result.NotNulled);
                Assert.Equal(0, result.BadShape);
                long rows = (long)Batches * RowsPerBatch;
                Assert.Equal(rows * (rows - 1) / 2, result.IdChecksum);
            }
            finally
            {
                NativeMemory.Free(arrays);
            }
            Assert.Equal(arraysBefore, ArrowCDiagnostics.LiveArrays);
            Assert.Equal(failuresBefore, ArrowCDiagnostics.ReleaseFailures);
            Allocator.AssertNoLeaks();
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    private static string BuildHarness()
    {
        string source = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "native", "release_harness.c");
        Assert.True(File.Exists(source), "harness source missing: " + source);
        string gcc = "/usr/bin/gcc";
        TestEnvironment.Require(OperatingSystem.IsLinux() && File.Exists(gcc), "gcc is needed to build the native release harness");
        string directory = Directory.CreateTempSubdirectory("deltasharp-harness-").FullName;
        string output = Path.Combine(directory, "libreleaseharness.so");
        var start = new ProcessStartInfo(gcc) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { "-O1", "-g", "-Wall", "-Werror", "-shared", "-fPIC", "-pthread", "-o", output, source })
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "gcc hung");
        Assert.True(process.ExitCode == 0, "gcc failed: " + errors);
        return output;
    }
}
