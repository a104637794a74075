using System;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Arrow.Ipc.FlatBuffers;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Ipc;

public sealed class FlatBufferTests
{
    // A table with: 0 name (string), 1 flag (bool, default false), 2 width (int, default 0), 3 size (long),
    // 4 children (vector of tables), 5 pairs (vector of 16-byte structs).
    private static byte[] BuildSample()
    {
        var b = new FlatBufferBuilder(16);
        int childName = b.CreateString("child");
        b.StartTable(6);
        b.AddOffset(0, childName);
        b.AddInt32(2, 7, 0);
        int child = b.EndTable();
        int children = b.CreateOffsetVector([child, child]);
        int pairs = b.CreateLongPairVector([1L, 3L], [2L, 4L]);
        int name = b.CreateString("héllo");
        b.StartTable(6);
        b.AddOffset(0, name);
        b.AddBool(1, true, false);
        b.AddInt32(2, 0, 0);
        b.AddInt64(3, long.MaxValue, 0);
        b.AddOffset(4, children);
        b.AddOffset(5, pairs);
        int root = b.EndTable();
        return b.Finish(root);
    }

    [Fact]
    public void Round_trips_through_the_reader()
    {
        byte[] buffer = BuildSample();
        FlatBufferTable root = FlatBufferTable.GetRoot(buffer, "Root");
        Assert.Equal("héllo", root.GetString(0, "name"));
        Assert.True(root.GetBool(1, false));
        Assert.False(root.Has(2));
        Assert.Equal(0, root.GetInt32(2, 0));
        Assert.Equal(long.MaxValue, root.GetInt64(3, 0));
        FlatBufferVector children = root.GetVector(4, 4, "children");
        Assert.Equal(2, children.Count);
        FlatBufferTable child = root.GetTableElement(children, 1, "Child");
        Assert.Equal("child", child.GetString(0, "name"));
        Assert.Equal(7, child.GetInt32(2, 0));
        Assert.Equal(0, child.GetVector(4, 4, "children").Count);
        FlatBufferVector pairs = root.GetVector(5, 16, "pairs");
        Assert.Equal(2, pairs.Count);
        ReadOnlySpan<byte> bytes = root.GetVectorBytes(pairs);
        Assert.Equal(3L, BitConverter.ToInt64(bytes.Slice(16)));
        Assert.Equal(4L, BitConverter.ToInt64(bytes.Slice(24)));
        Assert.Equal(0, buffer.Length % 8);
    }

    [Fact]
    public void Every_truncation_and_bit_flip_is_rejected_or_read_in_bounds()
    {
        byte[] original = BuildSample();
        for (int length = 0; length < original.Length; length++)
        {
            ReadAllTolerant(original.AsSpan(0, length).ToArray());
        }
        for (int bit = 0; bit < original.Length * 8; bit++)
        {
            byte[] corrupt = (byte[])original.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            ReadAllTolerant(corrupt);
        }
    }

    [Fact]
    public void Huge_vector_length_is_rejected()
    {
        byte[] buffer = BuildSample();
        FlatBufferTable root = FlatBufferTable.GetRoot(buffer, "Root");
        FlatBufferVector children = root.GetVector(4, 4, "children");
        // Overwrite the element count just before the vector's first element.
        BitConverter.TryWriteBytes(buffer.AsSpan(children.Start - 4), int.MaxValue);
        var ex = Assert.Throws<ArrowIpcFormatException>(() => FlatBufferTable.GetRoot(buffer, "Root").GetVector(4, 4, "children"));
        Assert.Contains("children", ex.Message, StringComparison.Ordinal);
    }

    private static void ReadAllTolerant(byte[] buffer)
    {
        try
        {
            FlatBufferTable root = FlatBufferTable.GetRoot(buffer, "Root");
            _ = root.GetString(0, "name");
            _ = root.GetBool(1, false);
            _ = root.GetInt64(3, 0);
            FlatBufferVector children = root.GetVector(4, 4, "children");
            for (int i = 0; i < children.Count && i < 16; i++)
            {
                FlatBufferTable child = root.GetTableElement(children, i, "Child");
                _ = child.GetString(0, "name");
                _ = child.GetInt32(2, 0);
            }
            FlatBufferVector pairs = root.GetVector(5, 16, "pairs");
            _ = root.GetVectorBytes(pairs).Length;
        }
        catch (ArrowIpcFormatException)
        {
        }
    }
}
