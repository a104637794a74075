using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;

namespace DeltaSharp.Writing;

/// <summary>
/// The table's CHECK constraints (<c>delta.constraints.NAME</c> in the configuration) and column invariants
/// (<c>delta.invariants</c> field metadata, <c>{"expression":{"expression":"…"}}</c>), bound to the schema with the
/// expression model and evaluated on every batch before it is written: a row passes only when each expression is
/// TRUE (PROTOCOL.md: invariants abort on false or null; CHECK constraints must return true). An expression the
/// model cannot parse or bind is refused up front, naming the constraint, so nothing is ever written unchecked.
/// </summary>
internal sealed class WriteConstraints
{
    private readonly List<(string Name, string Text, DeltaPredicate Predicate)> _checks;

    private WriteConstraints(List<(string, string, DeltaPredicate)> checks) => _checks = checks;

    /// <summary>The constraints of the table, or null when it has none.</summary>
    /// <exception cref="DeltaUnsupportedFeatureException">A constraint cannot be evaluated (named).</exception>
    public static WriteConstraints? Create(DeltaMetadata metadata, DeltaSchema schema, string table)
    {
        var checks = new List<(string, string, DeltaPredicate)>();
        foreach (KeyValuePair<string, string?> entry in metadata.Configuration)
        {
            if (entry.Key.StartsWith("delta.constraints.", StringComparison.OrdinalIgnoreCase))
            {
                string text = entry.Value ?? string.Empty;
                checks.Add((entry.Key, text, Bind("checkConstraints", entry.Key, text, schema, table)));
            }
        }
        CollectInvariants(schema.Root, string.Empty, schema, table, checks);
        return checks.Count == 0 ? null : new WriteConstraints(checks);
    }

    /// <summary>Checks every row of <paramref name="batch"/> (table columns by logical name).</summary>
    /// <exception cref="DeltaConstraintViolationException">A row violates a constraint.</exception>
    public void Check(RecordBatch batch)
    {
        if (batch.Length == 0)
        {
            return;
        }
        int bytes = (batch.Length + 7) / 8;
        byte[] selection = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            foreach ((string name, string text, DeltaPredicate predicate) in _checks)
            {
                int passed = predicate.Evaluate(batch, selection);
                if (passed == batch.Length)
                {
                    continue;
                }
                int row = 0;
                while (row < batch.Length && (selection[row >> 3] & (1 << (row & 7))) != 0)
                {
                    row++;
                }
                throw new DeltaConstraintViolationException(name,
                    $"{batch.Length - passed} row(s) violate {(name.StartsWith("delta.constraints.", StringComparison.OrdinalIgnoreCase) ? "CHECK constraint" : "the invariant of column")} {name}: {text} (first at row {row} of a batch); nothing was committed.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(selection);
        }
    }

    private static void CollectInvariants(DeltaStructType type, string prefix, DeltaSchema schema, string table, List<(string, string, DeltaPredicate)> checks)
    {
        foreach (DeltaStructField field in type.Fields)
        {
            string path = prefix + field.Name;
            if (field.Metadata.TryGetValue("delta.invariants", out JsonElement invariant))
            {
                string? text = null;
                try
                {
                    using JsonDocument document = JsonDocument.Parse(invariant.ValueKind == JsonValueKind.String ? invariant.GetString()! : invariant.GetRawText());
                    text = document.RootElement.GetProperty("expression").GetProperty("expression").GetString();
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    throw Unsupported("invariants", path, table, $"its delta.invariants value is not {{\"expression\":{{\"expression\":\"…\"}}}}");
                }
                checks.Add((path, text ?? string.Empty, Bind("invariants", path, text ?? string.Empty, schema, table)));
            }
            if (field.Type is DeltaStructType nested)
            {
                CollectInvariants(nested, path + ".", schema, table, checks);
            }
        }
    }

    private static DeltaPredicate Bind(string feature, string name, string text, DeltaSchema schema, string table)
    {
        try
        {
            return DeltaPredicate.Parse(text, schema);
        }
        catch (Exception ex) when (ex is DeltaExpressionParseException or DeltaExpressionBindException)
        {
            throw Unsupported(feature, name, table, $"'{text}' cannot be evaluated by this writer ({ex.Message})");
        }
    }

    private static DeltaUnsupportedFeatureException Unsupported(string feature, string name, string table, string detail) =>
        new(feature, $"Cannot write to Delta table '{table}': constraint {name}: {detail}.");
}
