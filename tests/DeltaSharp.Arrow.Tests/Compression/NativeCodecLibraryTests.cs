using System;
using DeltaSharp.Arrow.Compression;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Compression;

public sealed class NativeCodecLibraryTests
{
    [Fact]
    public void Missing_library_names_what_to_install()
    {
        Assert.Equal("libzstd.so.1 not found: install the zstd library (Debian: libzstd1)", NativeCodecLibrary.MissingLibraryMessage(NativeCodecLibrary.Zstd));
        Assert.Equal("liblz4.so.1 not found: install the LZ4 library (Debian: liblz4-1)", NativeCodecLibrary.MissingLibraryMessage(NativeCodecLibrary.Lz4));
        var ex = Assert.Throws<DllNotFoundException>(() => NativeCodecLibrary.Load("libdeltasharp-no-such-codec.so.9"));
        Assert.StartsWith("libdeltasharp-no-such-codec.so.9 not found", ex.Message, StringComparison.Ordinal);
    }
}
