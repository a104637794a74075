namespace DeltaSharp.Expressions;

/// <summary>Supplies the summary of a leaf's column for one file or row group.</summary>
internal interface IColumnSummarySource
{
    ColumnSummary Summarize(LeafNode leaf);
}
