using System.Collections.Generic;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Arrow;

/// <summary>
/// One node of the Arrow schema derived from the Parquet schema, with the level thresholds that reassemble it:
/// a level position p of the representative leaf is a slot of this node when rep[p] &lt;= <see cref="SlotRep"/> and
/// def[p] &gt;= <see cref="SlotDef"/>; the slot is valid (non-null) when def[p] &gt;= <see cref="PresentDef"/>.
/// For lists and maps, <see cref="ElementRep"/>/<see cref="ElementDef"/> define the element slots.
/// </summary>
internal sealed class ArrowNode
{
    public required ArrowNodeKind Kind { get; init; }

    public required Field Field { get; init; }

    public required ParquetSchemaNode Source { get; init; }

    public required ParquetSchemaNode RepresentativeLeaf { get; init; }

    public int SlotRep { get; init; }

    public int SlotDef { get; init; }

    public int PresentDef { get; init; }

    public int ElementRep { get; init; }

    public int ElementDef { get; init; }

    public LeafConversion Conversion { get; init; }

    /// <summary>Arrow value width in bytes for fixed-width leaves.</summary>
    public int OutputWidth { get; init; }

    public IReadOnlyList<ArrowNode> Children { get; init; } = [];
}
