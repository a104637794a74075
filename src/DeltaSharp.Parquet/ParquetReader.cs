using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Arrow;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Pages;
using DeltaSharp.Parquet.Sources;

namespace DeltaSharp.Parquet;

/// <summary>
/// Reads a Parquet file into Arrow <see cref="RecordBatch"/>es. Open with <see cref="OpenAsync"/> (any
/// <see cref="IParquetSource"/>) or <see cref="OpenFileAsync"/>; the footer is read and validated on open.
/// </summary>
/// <remarks>
/// <para>Each call to <see cref="ReadAsync"/> streams the selected row groups in order; a row group's projected
/// column chunks are fetched with coalesced range reads and decoded, then emitted as batches of at most
/// <see cref="ParquetReaderOptions.BatchSize"/> rows. The caller owns and must dispose every batch.</para>
/// <para>Errors: malformed data throws <see cref="ParquetFormatException"/> (naming file, row group, column, page);
/// valid files using unimplemented features (encryption, LZO, &gt; 2 GiB of strings in one chunk) throw
/// <see cref="ParquetUnsupportedException"/>; source errors propagate unchanged.</para>
/// <para>Thread safety: the metadata and schema are immutable; concurrent <see cref="ReadAsync"/> enumerations are
/// safe when the source supports concurrent reads (both built-in sources do).</para>
/// </remarks>
public sealed class ParquetReader : IAsyncDisposable
{
    private readonly IParquetSource _source;
    private readonly bool _ownsSource;
    private readonly ParquetReaderOptions _options;
    private readonly ArrowNode[] _nodes;
    private readonly int[] _leaves;
    private readonly FilterPlan? _filterPlan;
    private readonly long[] _rowGroupFirstRows;
    private long _dataPagesDecoded;

    private ParquetReader(IParquetSource source, bool ownsSource, ParquetReaderOptions options, ParquetFileMetaData metadata, ParquetSchema parquetSchema)
    {
        _source = source;
        _ownsSource = ownsSource;
        _options = options;
        Metadata = metadata;
        ParquetSchema = parquetSchema;
        List<ArrowNode> all = [];
        try
        {
            foreach (ParquetSchemaNode top in parquetSchema.Root.Children)
            {
                if (ArrowSchemaMapper.MapTopLevel(top) is { } node)
                {
                    all.Add(node);
                }
            }
        }
        catch (ParquetFormatException e)
        {
            throw e.WithLocation(source.Description);
        }
        catch (ArgumentException e)
        {
            throw new ParquetFormatException("the schema cannot be mapped to Arrow: " + e.Message, source.Description, null, null, null, e);
        }
        if (options.RowGroups is not null)
        {
            foreach (int g in options.RowGroups)
            {
                if ((uint)g >= (uint)metadata.RowGroups.Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(options), $"row group {g} does not exist in {source.Description} ({metadata.RowGroups.Count} row groups)");
                }
            }
        }
        _nodes = Project(all, options).ToArray();
        if (options.SkippedFields is { Count: > 0 } skipped)
        {
            HashSet<string> skip = new(skipped, StringComparer.Ordinal);
            for (int i = 0; i < _nodes.Length; i++)
            {
                _nodes[i] = SkipStructFields(_nodes[i], _nodes[i].Field.Name, skip);
            }
        }
        List<Field> fields = new(_nodes.Length);
        SortedSet<int> leaves = [];
        List<SortedSet<int>> nodeLeaves = new(_nodes.Length);
        foreach (ArrowNode node in _nodes)
        {
            fields.Add(node.Field);
            SortedSet<int> own = [];
            CollectLeaves(node, own);
            nodeLeaves.Add(own);
            leaves.UnionWith(own);
        }
        _leaves = [.. leaves];
        Schema = new Schema(fields, ArrowMetadata(metadata));
        if (options.RowFilter is { } rowFilter)
        {
            _filterPlan = FilterPlan.Create(rowFilter, Schema, nodeLeaves, _leaves);
        }
        _rowGroupFirstRows = new long[metadata.RowGroups.Count];
        long first = 0;
        for (int g = 0; g < _rowGroupFirstRows.Length; g++)
        {
            _rowGroupFirstRows[g] = first;
            first += Math.Max(0, metadata.RowGroups[g].NumRows);
        }
    }

    /// <summary>The file's footer.</summary>
    public ParquetFileMetaData Metadata { get; }

    /// <summary>The file's Parquet schema tree.</summary>
    public ParquetSchema ParquetSchema { get; }

    /// <summary>The Arrow schema of the batches (projected columns only, in projection order). File key/value
    /// metadata is carried as schema metadata.</summary>
    public Schema Schema { get; }

    /// <summary>Opens a reader over <paramref name="source"/> (not disposed by the reader).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ParquetReaderOptions.BatchSize"/> is below 1 or
    /// <see cref="ParquetReaderOptions.RowGroups"/> names a row group the file does not have.</exception>
    /// <exception cref="ParquetFormatException">The footer is malformed.</exception>
    /// <exception cref="ParquetUnsupportedException">The file is encrypted or uses an unsupported schema feature.</exception>
    public static async ValueTask<ParquetReader> OpenAsync(IParquetSource source, ParquetReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new ParquetReaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        (ParquetFileMetaData metadata, ParquetSchema schema) = await ParquetFooter.ReadAsync(source, cancellationToken).ConfigureAwait(false);
        return new ParquetReader(source, false, options, metadata, schema);
    }

    /// <summary>Opens a reader over a local file; the reader owns (and disposes) the file handle.</summary>
    public static async ValueTask<ParquetReader> OpenFileAsync(string path, ParquetReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        FileParquetSource source = new(path);
        try
        {
            options ??= new ParquetReaderOptions();
            ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
            (ParquetFileMetaData metadata, ParquetSchema schema) = await ParquetFooter.ReadAsync(source, cancellationToken).ConfigureAwait(false);
            return new ParquetReader(source, true, options, metadata, schema);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Streams the selected row groups as batches. Each batch must be disposed by the caller.</summary>
    public async IAsyncEnumerable<RecordBatch> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArrowAllocator allocator = ArrowAllocator.OrDefault(_options.Allocator);
        IReadOnlyList<int> groups = _options.RowGroups ?? AllRowGroups();
        foreach (int g in groups)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RowGroupSelection? selection = null;
            if (_options.RowGroupFilter is { } filter)
            {
                HashSet<int>? filterLeaves = _options.UsePageIndex ? [] : null;
                if (!filter(new ParquetRowGroupInfo(g, Metadata.RowGroups[g], ParquetSchema, Metadata, accessedLeaves: filterLeaves)))
                {
                    continue;
                }
                if (filterLeaves is { Count: > 0 })
                {
                    selection = await PageIndexSelector.SelectAsync(_source, Metadata, ParquetSchema, g, filter, filterLeaves, _leaves, cancellationToken).ConfigureAwait(false);
                    if (selection is { Ranges.Count: 0 })
                    {
                        continue;
                    }
                }
            }
            RowGroupBatchReader rowGroup = await OpenRowGroupAsync(g, allocator, selection, _filterPlan, cancellationToken).ConfigureAwait(false);
            try
            {
                if (_filterPlan is not null)
                {
                    // Late materialisation: the filter's columns first, the others only for selected rows.
                    while (rowGroup.RowsLeft > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (rowGroup.FilterNext(_options.BatchSize, _rowGroupFirstRows[g]) == 0)
                        {
                            continue;
                        }
                        if (rowGroup.NeedsRest)
                        {
                            await rowGroup.FetchRestAsync(_source, Metadata, ParquetSchema, cancellationToken).ConfigureAwait(false);
                        }
                        yield return rowGroup.TakeSelected();
                    }
                    continue;
                }
                if (rowGroup.RowsLeft == 0)
                {
                    if (groups.Count == 1)
                    {
                        yield return rowGroup.ReadBatch(0);
                    }
                    continue;
                }
                while (rowGroup.RowsLeft > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return rowGroup.ReadBatch(_options.BatchSize);
                }
            }
            finally
            {
                Interlocked.Add(ref _dataPagesDecoded, rowGroup.DataPagesDecoded);
                rowGroup.Dispose();
            }
        }
    }

    /// <summary>Reads one whole row group as a single batch (the caller disposes it).</summary>
    public async ValueTask<RecordBatch> ReadRowGroupAsync(int rowGroup, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowGroup);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rowGroup, Metadata.RowGroups.Count);
        return await ReadRowGroupAsync(rowGroup, ArrowAllocator.OrDefault(_options.Allocator), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<RecordBatch> ReadRowGroupAsync(int g, ArrowAllocator allocator, CancellationToken cancellationToken)
    {
        using RowGroupBatchReader rowGroup = await OpenRowGroupAsync(g, allocator, null, null, cancellationToken).ConfigureAwait(false);
        if (rowGroup.RowsLeft > int.MaxValue)
        {
            throw new ParquetUnsupportedException($"{_source.Description}: row group {g} has {rowGroup.RowsLeft} rows, more than one batch can hold; use ReadAsync");
        }
        return rowGroup.ReadBatch((int)rowGroup.RowsLeft);
    }

    private ValueTask<RowGroupBatchReader> OpenRowGroupAsync(int g, ArrowAllocator allocator, RowGroupSelection? selection, FilterPlan? filterPlan, CancellationToken cancellationToken) =>
        RowGroupBatchReader.OpenAsync(_source, Metadata, ParquetSchema, g, _leaves, _nodes, Schema, allocator, _options.VerifyChecksums, selection, cancellationToken, filterPlan);

    /// <summary>Data pages decompressed and decoded by <see cref="ReadAsync"/> so far (all enumerations); shows
    /// the effect of page-index skipping.</summary>
    internal long DataPagesDecoded => Interlocked.Read(ref _dataPagesDecoded);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _ownsSource ? _source.DisposeAsync() : ValueTask.CompletedTask;

    private int[] AllRowGroups()
    {
        int[] all = new int[Metadata.RowGroups.Count];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }
        return all;
    }

    private static List<ArrowNode> Project(List<ArrowNode> all, ParquetReaderOptions options)
    {
        if (options.Columns is null && options.FieldIds is null)
        {
            return all;
        }
        // Selected top-level nodes in order of first mention, each with the nested paths asked for (null = whole).
        List<(ArrowNode Node, PathSelection Selection)> selected = [];
        if (options.Columns is not null)
        {
            foreach (string name in options.Columns)
            {
                ArrowNode? exact = FindByName(all, name);
                if (exact is not null)
                {
                    SelectionFor(selected, exact).Whole = true;
                    continue;
                }
                string[] segments = name.Split('.');
                if (segments.Length < 2 || FindByName(all, segments[0]) is not { } top)
                {
                    continue;
                }
                PathSelection selection = SelectionFor(selected, top);
                for (int i = 1; i < segments.Length; i++)
                {
                    selection = selection.Child(segments[i]);
                }
                selection.Whole = true;
            }
        }
        if (options.FieldIds is not null)
        {
            foreach (int id in options.FieldIds)
            {
                foreach (ArrowNode node in all)
                {
                    if (node.Source.Element.FieldId == id)
                    {
                        SelectionFor(selected, node).Whole = true;
                        break;
                    }
                }
            }
        }
        List<ArrowNode> result = new(selected.Count);
        foreach ((ArrowNode node, PathSelection selection) in selected)
        {
            if (Prune(node, selection) is { } pruned)
            {
                result.Add(pruned);
            }
        }
        return result;
    }

    /// <summary>The top-level node named <paramref name="name"/>: an exact match, else the only case-insensitive
    /// one (Delta and Spark resolve column names case-insensitively); null when none or several.</summary>
    private static ArrowNode? FindByName(List<ArrowNode> nodes, string name)
    {
        ArrowNode? folded = null;
        int foldedCount = 0;
        foreach (ArrowNode node in nodes)
        {
            if (node.Field.Name == name)
            {
                return node;
            }
            if (string.Equals(node.Field.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                folded = node;
                foldedCount++;
            }
        }
        return foldedCount == 1 ? folded : null;
    }

    private static PathSelection SelectionFor(List<(ArrowNode Node, PathSelection Selection)> selected, ArrowNode node)
    {
        foreach ((ArrowNode n, PathSelection s) in selected)
        {
            if (ReferenceEquals(n, node))
            {
                return s;
            }
        }
        PathSelection selection = new();
        selected.Add((node, selection));
        return selection;
    }

    /// <summary>The node reduced to the selected paths: structs keep the selected fields (in schema order), lists
    /// of structs prune their element struct; a path into anything else names nothing. Null when nothing is left.</summary>
    private static ArrowNode? Prune(ArrowNode node, PathSelection selection)
    {
        if (selection.Whole)
        {
            return node;
        }
        if (node.Kind == ArrowNodeKind.List && node.Children[0].Kind == ArrowNodeKind.Struct)
        {
            if (Prune(node.Children[0], selection) is not { } element)
            {
                return null;
            }
            return new ArrowNode
            {
                Kind = node.Kind,
                Field = node.Field.WithType(new ListType(element.Field)),
                Source = node.Source,
                RepresentativeLeaf = element.RepresentativeLeaf,
                SlotRep = node.SlotRep,
                SlotDef = node.SlotDef,
                PresentDef = node.PresentDef,
                ElementRep = node.ElementRep,
                ElementDef = node.ElementDef,
                Conversion = node.Conversion,
                OutputWidth = node.OutputWidth,
                Children = [element],
            };
        }
        if (node.Kind != ArrowNodeKind.Struct)
        {
            return null;
        }
        List<ArrowNode> children = [];
        foreach (ArrowNode child in node.Children)
        {
            if (selection.TryGetChild(child.Field.Name, out PathSelection? childSelection) && Prune(child, childSelection) is { } pruned)
            {
                children.Add(pruned);
            }
        }
        if (children.Count == 0)
        {
            return null;
        }
        return WithStructChildren(node, children);
    }

    /// <summary>A copy of struct <paramref name="node"/> whose children (and struct type) are <paramref name="children"/>.</summary>
    private static ArrowNode WithStructChildren(ArrowNode node, List<ArrowNode> children)
    {
        List<Field> fields = new(children.Count);
        foreach (ArrowNode child in children)
        {
            fields.Add(child.Field);
        }
        return new ArrowNode
        {
            Kind = node.Kind,
            Field = node.Field.WithType(new StructType(fields)),
            Source = node.Source,
            RepresentativeLeaf = children[0].RepresentativeLeaf,
            SlotRep = node.SlotRep,
            SlotDef = node.SlotDef,
            PresentDef = node.PresentDef,
            ElementRep = node.ElementRep,
            ElementDef = node.ElementDef,
            Conversion = node.Conversion,
            OutputWidth = node.OutputWidth,
            Children = children,
        };
    }

    /// <summary>The node without the struct fields named in <paramref name="skip"/> (the same node when none is).</summary>
    private static ArrowNode SkipStructFields(ArrowNode node, string path, HashSet<string> skip)
    {
        if (node.Kind != ArrowNodeKind.Struct)
        {
            return node;
        }
        List<ArrowNode> kept = new(node.Children.Count);
        bool changed = false;
        foreach (ArrowNode child in node.Children)
        {
            string childPath = path + "." + child.Field.Name;
            if (skip.Contains(childPath))
            {
                changed = true;
                continue;
            }
            ArrowNode pruned = SkipStructFields(child, childPath, skip);
            changed |= !ReferenceEquals(pruned, child);
            kept.Add(pruned);
        }
        if (!changed || kept.Count == 0)
        {
            return node;
        }
        return WithStructChildren(node, kept);
    }

    /// <summary>The leaves a node reads: structs and lists read the leaves of their (possibly pruned) children,
    /// other nodes every leaf under them.</summary>
    private static void CollectLeaves(ArrowNode node, SortedSet<int> leaves)
    {
        if (node.Kind is ArrowNodeKind.Struct or ArrowNodeKind.List)
        {
            leaves.Add(node.RepresentativeLeaf.LeafIndex);
            foreach (ArrowNode child in node.Children)
            {
                CollectLeaves(child, leaves);
            }
            return;
        }
        CollectLeaves(node.Source, leaves);
    }

    private static void CollectLeaves(ParquetSchemaNode node, SortedSet<int> leaves)
    {
        if (node.LeafIndex >= 0)
        {
            leaves.Add(node.LeafIndex);
        }
        foreach (ParquetSchemaNode child in node.Children)
        {
            CollectLeaves(child, leaves);
        }
    }

    private static List<KeyValuePair<string, string>> ArrowMetadata(ParquetFileMetaData metadata)
    {
        List<KeyValuePair<string, string>> list = new(metadata.KeyValueMetadata.Count);
        foreach (KeyValuePair<string, string?> kv in metadata.KeyValueMetadata)
        {
            list.Add(new(kv.Key, kv.Value ?? string.Empty));
        }
        return list;
    }
}
