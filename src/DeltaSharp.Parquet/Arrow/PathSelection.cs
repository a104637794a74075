using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace DeltaSharp.Parquet.Arrow;

/// <summary>The nested paths selected under one schema node by a dotted column projection (a tree of field
/// names); <see cref="Whole"/> selects the node entirely.</summary>
internal sealed class PathSelection
{
    private readonly Dictionary<string, PathSelection> _children = [];

    public bool Whole { get; set; }

    /// <summary>The selection of child <paramref name="name"/>, created on first use.</summary>
    public PathSelection Child(string name)
    {
        if (!_children.TryGetValue(name, out PathSelection? child))
        {
            child = new PathSelection();
            _children[name] = child;
        }
        return child;
    }

    public bool TryGetChild(string name, [NotNullWhen(true)] out PathSelection? child) => _children.TryGetValue(name, out child);
}
