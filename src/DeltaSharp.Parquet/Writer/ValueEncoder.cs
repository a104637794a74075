using System;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// The value side of a column chunk writer: converts Arrow values to the physical type, accumulates chunk
/// statistics, and buffers the current page's values either as dictionary indices or PLAIN bytes.
/// </summary>
internal abstract class ValueEncoder : IDisposable
{
    private int[] _indices = System.Buffers.ArrayPool<int>.Shared.Rent(1024);

    protected ValueEncoder(LeafColumnPlan plan, ParquetWriterOptions options)
    {
        Plan = plan;
        Options = options;
        UsingDictionary = options.EnableDictionary && plan.PhysicalType != ParquetPhysicalType.Boolean && plan.ValueKind != LeafValueKind.Null;
    }

    protected LeafColumnPlan Plan { get; }

    protected ParquetWriterOptions Options { get; }

    /// <summary>Whether the current page buffers dictionary indices.</summary>
    public bool UsingDictionary { get; private set; }

    /// <summary>Whether this chunk has a dictionary (some pages used it).</summary>
    public bool HasDictionary { get; private set; }

    /// <summary>Dictionary indices of the current page.</summary>
    protected int PageIndexCount { get; private set; }

    /// <summary>Values buffered in the current page.</summary>
    public int PageValueCount { get; protected set; }

    /// <summary>PLAIN bytes of the current page (when not using the dictionary).</summary>
    protected PooledByteBuffer PlainPage { get; } = new(4096);

    /// <summary>Number of distinct dictionary entries.</summary>
    public abstract int DictionaryCount { get; }

    /// <summary>PLAIN-encoded size of the dictionary.</summary>
    public abstract int DictionaryByteSize { get; }

    /// <summary>True when the dictionary exceeds the configured limit (the writer then flushes and falls back).</summary>
    public bool DictionaryTooLarge => UsingDictionary && DictionaryByteSize > Options.DictionaryPageSizeLimit;

    /// <summary>Estimated encoded size of the current page's values.</summary>
    public int PageValueBytes => UsingDictionary
        ? (PageIndexCount * Math.Max(1, RleBitPackedEncoder.BitWidth(Math.Max(1, DictionaryCount - 1))) / 8) + 8
        : PlainPage.Length;

    /// <summary>Appends the values at <paramref name="slots"/> of <paramref name="values"/>.</summary>
    public abstract void Append(ArrayData values, ReadOnlySpan<int> slots);

    /// <summary>Stops using the dictionary for later pages (the current page must have been flushed).</summary>
    public void FallBackToPlain()
    {
        if (PageValueCount != 0)
        {
            throw new InvalidOperationException("Flush the page before falling back to PLAIN.");
        }
        UsingDictionary = false;
    }

    /// <summary>Writes the current page's values, clears them, and returns the encoding used.</summary>
    public ParquetEncoding WritePageValues(PooledByteBuffer output)
    {
        CompletePage();
        ParquetEncoding encoding;
        if (UsingDictionary)
        {
            HasDictionary = true;
            int bitWidth = Math.Max(1, RleBitPackedEncoder.BitWidth(Math.Max(0, DictionaryCount - 1)));
            output.WriteByte((byte)bitWidth);
            RleBitPackedEncoder.Encode(_indices.AsSpan(0, PageIndexCount), bitWidth, output);
            encoding = ParquetEncoding.RleDictionary;
        }
        else
        {
            output.Write(PlainPage.WrittenSpan);
            encoding = ParquetEncoding.Plain;
        }
        PlainPage.Clear();
        PageIndexCount = 0;
        PageValueCount = 0;
        return encoding;
    }

    /// <summary>Called before the page's values are written (pending partial bytes go out).</summary>
    protected virtual void CompletePage()
    {
    }

    /// <summary>Writes the PLAIN-encoded dictionary.</summary>
    public abstract void WriteDictionary(PooledByteBuffer output);

    /// <summary>Chunk statistics, or null when none can be written.</summary>
    public abstract ParquetStatistics? BuildStatistics(long nullCount);

    /// <summary>Forgets the dictionary and statistics for the next column chunk.</summary>
    public virtual void ResetChunk()
    {
        UsingDictionary = Options.EnableDictionary && Plan.PhysicalType != ParquetPhysicalType.Boolean && Plan.ValueKind != LeafValueKind.Null;
        HasDictionary = false;
        PageIndexCount = 0;
        PageValueCount = 0;
        PlainPage.Clear();
    }

    protected void AddIndex(int index)
    {
        if (PageIndexCount == _indices.Length)
        {
            int[] next = System.Buffers.ArrayPool<int>.Shared.Rent(_indices.Length * 2);
            _indices.AsSpan().CopyTo(next);
            System.Buffers.ArrayPool<int>.Shared.Return(_indices);
            _indices = next;
        }
        _indices[PageIndexCount++] = index;
    }

    public virtual void Dispose()
    {
        PlainPage.Dispose();
        if (_indices.Length > 0)
        {
            System.Buffers.ArrayPool<int>.Shared.Return(_indices);
            _indices = [];
        }
    }
}
