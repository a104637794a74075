namespace DeltaSharp.Parquet.Arrow;

/// <summary>Shape of an Arrow node mapped from the Parquet schema.</summary>
internal enum ArrowNodeKind
{
    Primitive,
    Struct,
    List,
    Map,
}
