using System;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

/// <summary>
/// A reference to a logical column; <see cref="Path"/> has more than one element for a nested struct field.
/// Unbound as built or parsed; a bound reference (from <see cref="DeltaPredicate.Bind"/>) carries the schema's
/// spelling of the names, the resolved <see cref="DataType"/> and <see cref="Fields"/>. Immutable.
/// </summary>
public sealed class ColumnExpression : DeltaExpression
{
    private readonly string[] path;
    private readonly DeltaStructField[]? fields;

    /// <summary>A reference to the field at <paramref name="path"/> (top-level name first).</summary>
    /// <exception cref="ArgumentException">The path is empty or has an empty name.</exception>
    public ColumnExpression(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0)
        {
            throw new ArgumentException("A column path needs at least one name.", nameof(path));
        }
        this.path = new string[path.Count];
        for (int i = 0; i < path.Count; i++)
        {
            this.path[i] = string.IsNullOrEmpty(path[i]) ? throw new ArgumentException("A column name cannot be empty.", nameof(path)) : path[i];
        }
    }

    internal ColumnExpression(DeltaStructField[] fields)
    {
        this.fields = fields;
        path = new string[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            path[i] = fields[i].Name;
        }
    }

    /// <summary>The names from the top-level column down to the referenced field.</summary>
    public IReadOnlyList<string> Path => path;

    /// <summary>The dotted name (<c>a.b</c>), names with odd characters backticked.</summary>
    public string Name
    {
        get
        {
            var builder = new StringBuilder();
            Write(builder);
            return builder.ToString();
        }
    }

    /// <summary>True once bound to a schema.</summary>
    public bool IsBound => fields is not null;

    /// <summary>The field's Delta type when bound; null when unbound.</summary>
    public DeltaDataType? DataType => fields?[^1].Type;

    /// <summary>The schema fields along the path when bound (top-level first); null when unbound.</summary>
    public IReadOnlyList<DeltaStructField>? Fields => fields;

    internal DeltaStructField[] BoundFields => fields ?? throw new InvalidOperationException($"Column {Name} is not bound.");

    internal override int Precedence => 5;

    internal static ColumnExpression FromDottedName(string dottedName)
    {
        ArgumentNullException.ThrowIfNull(dottedName);
        return new ColumnExpression(dottedName.Split('.'));
    }

    internal override void Write(StringBuilder builder)
    {
        for (int i = 0; i < path.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }
            WriteIdentifier(builder, path[i]);
        }
    }

    internal static void WriteIdentifier(StringBuilder builder, string name)
    {
        bool plain = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && !DeltaExpressionParser.IsKeyword(name);
        for (int i = 1; plain && i < name.Length; i++)
        {
            plain = char.IsAsciiLetterOrDigit(name[i]) || name[i] == '_';
        }
        if (plain)
        {
            builder.Append(name);
            return;
        }
        builder.Append('`').Append(name.Replace("`", "``", StringComparison.Ordinal)).Append('`');
    }
}
