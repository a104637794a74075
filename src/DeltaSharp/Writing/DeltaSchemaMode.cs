namespace DeltaSharp.Writing;

/// <summary>How a write treats data whose schema differs from the table's (<see cref="DeltaWriteOptions.SchemaMode"/>).</summary>
public enum DeltaSchemaMode
{
    /// <summary>Schema enforcement (default): the data may omit nullable columns (written as nulls) but any extra
    /// column or different type is a <see cref="DeltaSchemaMismatchException"/> naming the column.</summary>
    Enforce,

    /// <summary>Schema evolution: columns (and nested struct fields) only in the data are added to the table as
    /// nullable; a wider type replaces the table's only where the table enables type widening
    /// (<c>delta.enableTypeWidening=true</c> with the <c>typeWidening</c> feature), recorded in <c>delta.typeChanges</c>.</summary>
    Merge,

    /// <summary>Replace the table schema with the data's (only with <see cref="DeltaWriteMode.Overwrite"/>); the
    /// partition columns are kept and must be in the new schema.</summary>
    Overwrite,
}
