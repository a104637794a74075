namespace DeltaSharp.Parquet.Writer;

/// <summary>One Arrow node on a leaf's path.</summary>
/// <param name="Kind">What the node is.</param>
/// <param name="Nullable">Whether the node may be null (adds a definition level).</param>
/// <param name="ChildIndex">Struct child to descend into.</param>
/// <param name="RepetitionLevel">For repeated nodes: the repetition level of their elements.</param>
/// <param name="FixedSize">Fixed-size list length.</param>
internal readonly record struct LevelNode(LevelNodeKind Kind, bool Nullable, int ChildIndex, short RepetitionLevel, int FixedSize);
