namespace DeltaSharp.Transactions;

/// <summary>
/// How strictly a transaction is checked against concurrent commits (Spark Delta's isolation levels, the table
/// property <c>delta.isolationLevel</c>).
/// </summary>
public enum DeltaIsolationLevel
{
    /// <summary>The default: a transaction that read data conflicts with concurrent commits that changed what it
    /// read, except concurrent blind appends (they may be ordered after it), unless it also changes the metadata.</summary>
    WriteSerializable,

    /// <summary>Also concurrent blind appends of files the transaction read conflict: the outcome is equivalent to
    /// running the transactions one after another in commit order.</summary>
    Serializable,
}
