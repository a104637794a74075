using System;
using System.Buffers;
using System.Collections.Generic;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

/// <summary>
/// A predicate bound to a table schema, ready to filter rows (<see cref="Evaluate"/>, <see cref="Filter"/>), decide
/// on partition values (<see cref="EvaluatePartition"/>) and skip files and row groups in scans
/// (<see cref="DeltaScanOptions.Filter"/>). SQL semantics: a row is selected only when the predicate is TRUE (NULL
/// and FALSE rows are not). Immutable and thread-safe.
/// </summary>
public sealed class DeltaPredicate
{
    private readonly string[] columns;

    private DeltaPredicate(DeltaExpression bound, DeltaSchema schema)
    {
        Expression = bound;
        Schema = schema;
        Positive = PredicateNormalizer.Normalize(bound, negate: false);
        Negative = PredicateNormalizer.Normalize(bound, negate: true);
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        CollectColumns(bound, names, seen);
        columns = names.ToArray();
    }

    /// <summary>The bound expression: columns resolved (schema spelling), literals typed as their column.</summary>
    public DeltaExpression Expression { get; }

    /// <summary>The schema the predicate is bound to.</summary>
    public DeltaSchema Schema { get; }

    /// <summary>The top-level logical columns the predicate reads, in order of first use (schema spelling).</summary>
    public IReadOnlyList<string> ReferencedColumns => columns;

    /// <summary>The predicate's TRUE set in negation normal form.</summary>
    internal PredicateNode Positive { get; }

    /// <summary>The predicate's FALSE set (the TRUE set of NOT predicate).</summary>
    internal PredicateNode Negative { get; }

    /// <summary>Parses <paramref name="text"/> (see <see cref="DeltaExpressionParser"/>) and binds it to <paramref name="schema"/>.</summary>
    /// <exception cref="DeltaExpressionParseException">The text is not a valid predicate.</exception>
    /// <exception cref="DeltaExpressionBindException">It does not fit the schema (unknown column, type mismatch).</exception>
    public static DeltaPredicate Parse(string text, DeltaSchema schema) => Bind(DeltaExpressionParser.Parse(text), schema);

    /// <summary>Binds <paramref name="expression"/> to <paramref name="schema"/>: column names resolve
    /// case-insensitively (an exact-case match wins), nested fields through structs; each literal is converted to
    /// the type of the column it is compared with (numbers and strings parsed as that type, DATE widened to a
    /// timestamp at midnight UTC, an integer outside a narrow column's range compared widened); a bare boolean
    /// column is <c>column = TRUE</c>. A comparison needs a column on one side and a value on the other.</summary>
    /// <exception cref="DeltaExpressionBindException">The expression does not fit the schema; the message and
    /// <see cref="DeltaExpressionBindException.Column"/> name the column.</exception>
    public static DeltaPredicate Bind(DeltaExpression expression, DeltaSchema schema)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(schema);
        DeltaExpression bound = new PredicateBinder(schema).BindPredicate(expression);
        return new DeltaPredicate(bound, schema);
    }

    /// <summary>
    /// Sets bit <c>i</c> (LSB first) of <paramref name="selection"/> when row <c>i</c> of <paramref name="batch"/>
    /// satisfies the predicate and clears it otherwise; returns the number of selected rows. The batch must hold the
    /// <see cref="ReferencedColumns"/> by logical name with the logical Arrow types (as scans produce them); other
    /// columns are ignored. No allocation per row.
    /// </summary>
    /// <exception cref="ArgumentException">The selection is shorter than <c>ceil(batch.Length / 8)</c> bytes, or a
    /// referenced column is missing from the batch.</exception>
    public int Evaluate(RecordBatch batch, Span<byte> selection)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return BatchPredicateEvaluator.Evaluate(Positive, batch, selection);
    }

    /// <summary>Returns the rows of <paramref name="batch"/> that satisfy the predicate as a new batch owned by the
    /// caller (memory from <paramref name="allocator"/>; when every row matches, a shared retain of the input).
    /// The input stays owned by the caller.</summary>
    public RecordBatch Filter(RecordBatch batch, ArrowAllocator? allocator = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int bytes = BitUtility.BytesForBits(batch.Length);
        byte[] selection = ArrayPool<byte>.Shared.Rent(Math.Max(bytes, 1));
        try
        {
            int count = Evaluate(batch, selection);
            return count == batch.Length ? batch.Retain() : ArrayOperations.Filter(batch, selection.AsSpan(0, bytes), allocator);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(selection);
        }
    }

    /// <summary>
    /// Decides the predicate for the rows of a file from its partition values alone (serialized strings as in
    /// <c>add.partitionValues</c>, keyed by physical name under column mapping; null or empty = null): true when every
    /// row of such a file satisfies it (only possible when it reads partition columns only), false when no row can
    /// (it is FALSE or NULL for all of them), null when that depends on other columns.
    /// </summary>
    public bool? EvaluatePartition(IReadOnlyDictionary<string, string?> partitionValues, IReadOnlyList<string> partitionColumns, ColumnMappingMode mode = ColumnMappingMode.None)
    {
        ArgumentNullException.ThrowIfNull(partitionValues);
        ArgumentNullException.ThrowIfNull(partitionColumns);
        var source = new PartitionSummarySource(partitionColumns, mode) { PartitionValues = partitionValues, Fallback = null };
        if (!SkippingEvaluator.MayBeTrue(Positive, source))
        {
            return false;
        }
        // Over partition columns only every leaf is decided exactly, so "may be TRUE" is "is TRUE".
        return AllPartition(partitionColumns) ? true : null;
    }

    /// <summary>True when the predicate reads only the given (partition) columns.</summary>
    public bool ReferencesOnly(IReadOnlyList<string> partitionColumns) => AllPartition(partitionColumns);

    private bool AllPartition(IReadOnlyList<string> partitionColumns)
    {
        var set = new HashSet<string>(partitionColumns, StringComparer.OrdinalIgnoreCase);
        foreach (string column in columns)
        {
            if (!set.Contains(column))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Expression.ToString();

    private static void CollectColumns(DeltaExpression expression, List<string> names, HashSet<string> seen)
    {
        switch (expression)
        {
            case ColumnExpression column:
                if (seen.Add(column.Path[0]))
                {
                    names.Add(column.Path[0]);
                }
                break;
            case ComparisonExpression c:
                CollectColumns(c.Left, names, seen);
                CollectColumns(c.Right, names, seen);
                break;
            case AndExpression a:
                CollectColumns(a.Left, names, seen);
                CollectColumns(a.Right, names, seen);
                break;
            case OrExpression o:
                CollectColumns(o.Left, names, seen);
                CollectColumns(o.Right, names, seen);
                break;
            case NotExpression not:
                CollectColumns(not.Operand, names, seen);
                break;
            case IsNullExpression isNull:
                CollectColumns(isNull.Operand, names, seen);
                break;
            case InExpression inList:
                CollectColumns(inList.Value, names, seen);
                break;
        }
    }
}
