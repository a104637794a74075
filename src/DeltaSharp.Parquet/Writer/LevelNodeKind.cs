namespace DeltaSharp.Parquet.Writer;

/// <summary>The Arrow node kinds met on the path from a top-level column to a leaf.</summary>
internal enum LevelNodeKind
{
    /// <summary>The leaf (a primitive, binary or dictionary array).</summary>
    Leaf,
    /// <summary>A struct; descend into one child.</summary>
    Struct,
    /// <summary>A list with int32 offsets.</summary>
    List,
    /// <summary>A list with int64 offsets.</summary>
    LargeList,
    /// <summary>A fixed-size list.</summary>
    FixedSizeList,
    /// <summary>A map (int32 offsets into an entries struct).</summary>
    Map,
}
