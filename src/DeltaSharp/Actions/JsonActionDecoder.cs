using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace DeltaSharp.Actions;

/// <summary>
/// Decodes one line of a JSON log file (a commit, a compaction, a JSON V2 checkpoint) into actions, straight from
/// UTF-8 bytes. The line structure and the hot actions (<c>add</c>, <c>remove</c>, <c>cdc</c>) go through
/// <see cref="Utf8ActionScanner"/>, which skips unneeded members without tokenising them and keeps an add's
/// <c>stats</c> as its raw (escaped) bytes, unescaped only when first read (<see cref="AddFile.StatsUtf8"/>); the
/// rare actions (metaData, protocol, txn, domainMetadata, commitInfo, checkpointMetadata, sidecar) are decoded from
/// their validated slice with <see cref="Utf8JsonReader"/>. Unknown actions and unknown fields are ignored (forward
/// compatibility); a malformed line (bad JSON, invalid UTF-8, bad escape, wrong type, out-of-range number, missing
/// required field) is a <see cref="FormatException"/> that the caller turns into a
/// <see cref="DeltaLogCorruptException"/> naming the file and line. Thread-safe (stateless); the interner and sink
/// passed in are not.
/// </summary>
internal static class JsonActionDecoder
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>The schema of a metaData action without <c>schemaString</c> (as Delta/Spark reads it: no columns).</summary>
    private const string EmptySchema = "{\"type\":\"struct\",\"fields\":[]}";

    /// <summary>Decodes one line (without its newline). Blank lines (spaces, tabs, CR only) are ignored.</summary>
    /// <exception cref="FormatException">The line is not a valid action object.</exception>
    /// <exception cref="InvalidOperationException">A rare action holds a string that is not valid UTF-16.</exception>
    public static void DecodeLine(ReadOnlySpan<byte> line, PartitionValueInterner interner, ActionSink sink)
    {
        if (IsBlank(line))
        {
            return;
        }
        try
        {
            DecodeObject(line, interner, sink);
        }
        catch (FormatException) when (!Utf8.IsValid(line))
        {
            // A line that is not UTF-8 is reported as such whatever else is wrong with it (UTF-8 is validated only
            // when a string holds non-ASCII bytes, so a grammar error may be met first).
            Utf8ActionScanner.ThrowIfInvalidUtf8(line);
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodeObject(ReadOnlySpan<byte> line, PartitionValueInterner interner, ActionSink sink)
    {
        var scanner = new Utf8ActionScanner(line);
        if (scanner.BeginObject("an action object"))
        {
            do
            {
                ActionKind kind = MatchAction(ref scanner);
                if (kind == ActionKind.None)
                {
                    JsonString name = scanner.ReadMemberName();
                    kind = Classify(ref scanner, name);
                }
                DecodeAction(ref scanner, kind, interner, sink);
            }
            while (scanner.NextMember());
        }
        if (!scanner.AtEnd())
        {
            throw scanner.Unexpected("the end of the line after the action object");
        }
        scanner.EnsureValidUtf8();
    }

    /// <summary>The action at the scanner's position when its token is written <c>"add":</c> or <c>"remove":</c>
    /// exactly (consumed), else <see cref="ActionKind.None"/> with nothing consumed (see <see cref="MatchAddMember"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ActionKind MatchAction(ref Utf8ActionScanner scanner)
    {
        if (!scanner.PeekWords(out ulong w0, out ulong w1, out _))
        {
            return ActionKind.None;
        }
        if ((w0 & 0x0000_FFFF_FFFF_FFFFUL) == MemberWords.QuotedAddColon)
        {
            scanner.Skip(6);
            return ActionKind.Add;
        }
        if (w0 == MemberWords.QuotedRemove && (byte)w1 == (byte)':')
        {
            scanner.Skip(9);
            return ActionKind.Remove;
        }
        return ActionKind.None;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodeAction(ref Utf8ActionScanner scanner, ActionKind kind, PartitionValueInterner interner, ActionSink sink)
    {
        switch (kind)
        {
            case ActionKind.Add when sink.WantsFileActions:
                if (!scanner.TryReadNull())
                {
                    DecodeAdd(ref scanner, interner, sink);
                }
                return;
            case ActionKind.Remove when sink.WantsRemoves:
                if (!scanner.TryReadNull())
                {
                    DecodeRemove(ref scanner, sink.WantsRemovePartitionValues ? interner : null, sink);
                }
                return;
            case ActionKind.Cdc when sink.WantsChangeDataFiles:
                if (!scanner.TryReadNull())
                {
                    AddCdcFile cdc = DecodeCdc(ref scanner, interner);
                    scanner.EnsureValidUtf8();
                    sink.OnChangeDataFile(cdc);
                }
                return;
            case ActionKind.Metadata:
            case ActionKind.Protocol:
            case ActionKind.Transaction:
            case ActionKind.DomainMetadata:
            case ActionKind.CheckpointMetadata:
            case ActionKind.Sidecar:
            case ActionKind.CommitInfo when sink.WantsCommitInfo:
                if (!scanner.TryReadNull())
                {
                    int start = scanner.SkipValue();
                    scanner.EnsureValidUtf8();
                    DecodeRareAction(kind, scanner.Data.Slice(start, scanner.Position - start), sink);
                }
                return;
            default:
                // Unwanted or unknown actions (those of future protocol versions): validated, not decoded.
                scanner.SkipValue();
                return;
        }
    }

    private enum ActionKind
    {
        /// <summary>Not matched yet (<see cref="MatchAction"/>): the name must be read.</summary>
        None,
        Unknown,
        Add,
        Remove,
        Cdc,
        Metadata,
        Protocol,
        Transaction,
        DomainMetadata,
        CommitInfo,
        CheckpointMetadata,
        Sidecar,
    }

    private static ActionKind Classify(ref Utf8ActionScanner scanner, JsonString name)
    {
        if (!name.Escaped)
        {
            return ClassifyName(scanner.Raw(name));
        }
        // A name written with escapes (legal JSON, never seen from real writers) is compared unescaped.
        Span<byte> buffer = stackalloc byte[Utf8ActionScanner.MaxEscapedNameBytes];
        return ClassifyName(scanner.UnescapedName(name, buffer));
    }

    private static ActionKind ClassifyName(ReadOnlySpan<byte> n)
    {
        return n.Length switch
        {
            3 => n.SequenceEqual("add"u8) ? ActionKind.Add : n.SequenceEqual("txn"u8) ? ActionKind.Transaction : n.SequenceEqual("cdc"u8) ? ActionKind.Cdc : ActionKind.Unknown,
            6 => n.SequenceEqual("remove"u8) ? ActionKind.Remove : ActionKind.Unknown,
            7 => n.SequenceEqual("sidecar"u8) ? ActionKind.Sidecar : ActionKind.Unknown,
            8 => n.SequenceEqual("metaData"u8) ? ActionKind.Metadata : n.SequenceEqual("protocol"u8) ? ActionKind.Protocol : ActionKind.Unknown,
            10 => n.SequenceEqual("commitInfo"u8) ? ActionKind.CommitInfo : ActionKind.Unknown,
            14 => n.SequenceEqual("domainMetadata"u8) ? ActionKind.DomainMetadata : ActionKind.Unknown,
            18 => n.SequenceEqual("checkpointMetadata"u8) ? ActionKind.CheckpointMetadata : ActionKind.Unknown,
            _ => ActionKind.Unknown,
        };
    }

    /// <summary>Decodes a rare action from its (already validated) value slice.</summary>
    private static void DecodeRareAction(ActionKind kind, ReadOnlySpan<byte> value, ActionSink sink)
    {
        if (kind == ActionKind.CommitInfo)
        {
            sink.OnCommitInfo(DecodeCommitInfo(value));
            return;
        }
        var reader = new Utf8JsonReader(value, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        Read(ref reader);
        switch (kind)
        {
            case ActionKind.Metadata:
                sink.OnMetadata(DecodeMetadata(ref reader));
                break;
            case ActionKind.Protocol:
                sink.OnProtocol(DecodeProtocol(ref reader));
                break;
            case ActionKind.Transaction:
                sink.OnTransaction(DecodeTransaction(ref reader));
                break;
            case ActionKind.DomainMetadata:
                sink.OnDomainMetadata(DecodeDomainMetadata(ref reader));
                break;
            case ActionKind.CheckpointMetadata:
                sink.OnCheckpointMetadata(DecodeCheckpointMetadata(ref reader));
                break;
            case ActionKind.Sidecar:
                sink.OnSidecar(DecodeSidecar(ref reader));
                break;
        }
    }

    // ---- add / remove / cdc (hot) -----------------------------------------------------------------------------

    /// <summary>Paths up to this many raw bytes are unescaped on the stack (longer escaped paths rent a buffer).</summary>
    private const int StackPathBytes = 512;

    /// <summary>Decodes an add action and delivers it as an <see cref="AddFileRow"/> (no object per action).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodeAdd(ref Utf8ActionScanner scanner, PartitionValueInterner interner, ActionSink sink)
    {
        bool wantStats = sink.WantsStatistics;
        JsonString path = default;
        PartitionValueMap? partitionValues = null;
        long? size = null;
        long modificationTime = 0;
        bool dataChange = true;
        JsonString stats = default;
        PartitionValueMap? tags = null;
        DeletionVectorDescriptor? dv = null;
        long? baseRowId = null;
        long? defaultRowCommitVersion = null;
        if (scanner.BeginObject("add object"))
        {
            do
            {
                FileMember member = MatchAddMember(ref scanner);
                if (member == FileMember.None)
                {
                    member = AddMember(ref scanner, scanner.ReadMemberName());
                }
                switch (member)
                {
                    case FileMember.Path:
                        path = scanner.ReadOptionalString("add.path");
                        break;
                    case FileMember.PartitionValues:
                        partitionValues = ReadStringMap(ref scanner, interner, "an object (add.partitionValues)", "a string value (add.partitionValues)");
                        break;
                    case FileMember.Size:
                        size = scanner.ReadOptionalLong("add.size");
                        break;
                    case FileMember.ModificationTime:
                        modificationTime = scanner.ReadOptionalLong("add.modificationTime") ?? 0;
                        break;
                    case FileMember.DataChange:
                        dataChange = scanner.ReadOptionalBool("a boolean (add.dataChange)") ?? true;
                        break;
                    case FileMember.Stats when wantStats:
                        stats = scanner.ReadOptionalString("a string (add.stats)");
                        break;
                    case FileMember.Tags:
                        tags = ReadStringMap(ref scanner, interner, "an object (add.tags)", "a string value (add.tags)");
                        if (tags is not null && tags.Count == 0)
                        {
                            tags = null;
                        }
                        break;
                    case FileMember.DeletionVector:
                        dv = ReadDeletionVector(ref scanner);
                        break;
                    case FileMember.BaseRowId:
                        baseRowId = scanner.ReadOptionalLong("add.baseRowId");
                        break;
                    case FileMember.DefaultRowCommitVersion:
                        defaultRowCommitVersion = scanner.ReadOptionalLong("add.defaultRowCommitVersion");
                        break;
                    default:
                        scanner.SkipValue();
                        break;
                }
            }
            while (scanner.NextMember());
        }
        if (path.IsNull)
        {
            throw new FormatException("add action without 'path'");
        }
        if (size is null)
        {
            throw new FormatException($"add action for '{scanner.GetString(path)}' without 'size'");
        }
        byte[]? rented = null;
        try
        {
            Span<byte> scratch = path.Escaped && path.Length <= StackPathBytes ? stackalloc byte[StackPathBytes] : default;
            ReadOnlySpan<byte> pathBytes = PathBytes(scanner.Raw(path), path.Escaped, scratch, ref rented);
            scanner.EnsureValidUtf8();
            var row = new AddFileRow
            {
                Path = pathBytes,
                PartitionValues = partitionValues ?? PartitionValueMap.Empty,
                Size = size.Value,
                ModificationTime = modificationTime,
                DataChange = dataChange,
                HasStatistics = !stats.IsNull,
                Statistics = stats.IsNull ? default : scanner.Raw(stats),
                StatisticsEscaped = stats.Escaped,
                Tags = tags,
                DeletionVector = dv,
                BaseRowId = baseRowId,
                DefaultRowCommitVersion = defaultRowCommitVersion,
                Interner = interner,
            };
            sink.OnAddRow(in row);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The UTF-8 text of a path token: its raw bytes when unescaped, else unescaped into
    /// <paramref name="scratch"/> (when long enough) or a rented buffer the caller returns.</summary>
    private static ReadOnlySpan<byte> PathBytes(ReadOnlySpan<byte> raw, bool escaped, Span<byte> scratch, ref byte[]? rented)
    {
        if (!escaped)
        {
            return raw;
        }
        if (raw.Length > scratch.Length)
        {
            rented = System.Buffers.ArrayPool<byte>.Shared.Rent(raw.Length);
            scratch = rented;
        }
        int written = JsonUnescaper.Unescape(raw, scratch);
        return scratch[..written];
    }

    /// <summary>Decodes a remove action and delivers it as a <see cref="RemoveFileRow"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodeRemove(ref Utf8ActionScanner scanner, PartitionValueInterner? partitionInterner, ActionSink sink)
    {
        JsonString path = default;
        long? deletionTimestamp = null;
        bool dataChange = true;
        DeletionVectorDescriptor? dv = null;
        long? size = null;
        PartitionValueMap? partitionValues = null;
        if (scanner.BeginObject("remove object"))
        {
            do
            {
                FileMember member = MatchAddMember(ref scanner);
                if (member == FileMember.None)
                {
                    member = RemoveMember(ref scanner, scanner.ReadMemberName());
                }
                switch (member)
                {
                    case FileMember.Path:
                        path = scanner.ReadOptionalString("remove.path");
                        break;
                    case FileMember.DeletionTimestamp:
                        deletionTimestamp = scanner.ReadOptionalLong("remove.deletionTimestamp");
                        break;
                    case FileMember.DataChange:
                        dataChange = scanner.ReadOptionalBool("a boolean (remove.dataChange)") ?? true;
                        break;
                    case FileMember.DeletionVector:
                        dv = ReadDeletionVector(ref scanner);
                        break;
                    case FileMember.Size:
                        size = scanner.ReadOptionalLong("remove.size");
                        break;
                    case FileMember.PartitionValues when partitionInterner is not null:
                        partitionValues = ReadStringMap(ref scanner, partitionInterner, "an object (remove.partitionValues)", "a string value (remove.partitionValues)");
                        break;
                    default:
                        scanner.SkipValue();
                        break;
                }
            }
            while (scanner.NextMember());
        }
        if (path.IsNull)
        {
            throw new FormatException("remove action without 'path'");
        }
        byte[]? rented = null;
        try
        {
            Span<byte> scratch = path.Escaped && path.Length <= StackPathBytes ? stackalloc byte[StackPathBytes] : default;
            scanner.EnsureValidUtf8();
            var row = new RemoveFileRow
            {
                Path = PathBytes(scanner.Raw(path), path.Escaped, scratch, ref rented),
                DeletionTimestamp = deletionTimestamp,
                DataChange = dataChange,
                DeletionVector = dv,
                Size = size,
                PartitionValues = partitionValues ?? PartitionValueMap.Empty,
            };
            sink.OnRemoveRow(in row);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static AddCdcFile DecodeCdc(ref Utf8ActionScanner scanner, PartitionValueInterner interner)
    {
        string? path = null;
        PartitionValueMap? partitionValues = null;
        long? size = null;
        bool dataChange = false;
        PartitionValueMap? tags = null;
        if (scanner.BeginObject("cdc object"))
        {
            do
            {
                JsonString name = scanner.ReadMemberName();
                switch (AddMember(ref scanner, name))
                {
                    case FileMember.Path:
                        path = scanner.ReadOptionalStringValue("cdc.path");
                        break;
                    case FileMember.PartitionValues:
                        partitionValues = ReadStringMap(ref scanner, interner, "an object (cdc.partitionValues)", "a string value (cdc.partitionValues)");
                        break;
                    case FileMember.Size:
                        size = scanner.ReadOptionalLong("cdc.size");
                        break;
                    case FileMember.DataChange:
                        dataChange = scanner.ReadOptionalBool("a boolean (cdc.dataChange)") ?? false;
                        break;
                    case FileMember.Tags:
                        tags = ReadStringMap(ref scanner, interner, "an object (cdc.tags)", "a string value (cdc.tags)");
                        if (tags is not null && tags.Count == 0)
                        {
                            tags = null;
                        }
                        break;
                    default:
                        scanner.SkipValue();
                        break;
                }
            }
            while (scanner.NextMember());
        }
        if (path is null)
        {
            throw new FormatException("cdc action without 'path'");
        }
        if (size is null)
        {
            throw new FormatException($"cdc action for '{path}' without 'size'");
        }
        return new AddCdcFile(path, partitionValues ?? PartitionValueMap.Empty, size.Value, dataChange, tags);
    }

    private enum FileMember
    {
        /// <summary>Not matched yet (<see cref="MatchAddMember"/>): the name must be read.</summary>
        None,
        Unknown,
        Path,
        PartitionValues,
        Size,
        ModificationTime,
        DataChange,
        Stats,
        Tags,
        DeletionVector,
        BaseRowId,
        DefaultRowCommitVersion,
        DeletionTimestamp,
    }

    /// <summary>
    /// The add/remove member at the scanner's position when its token is written exactly as writers write it: quote,
    /// name, quote, colon, no whitespace, no escapes (then consumed). Otherwise <see cref="FileMember.None"/> with
    /// nothing consumed, and the caller reads the name generically. The whole token is compared (as up to three
    /// little-endian words, <see cref="MemberWords"/>), so a match means exactly what the generic path would find; the
    /// caller ignores members its action does not have (a remove has no stats). <c>defaultRowCommitVersion</c>
    /// (longer than 24 bytes) always goes the generic way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FileMember MatchAddMember(ref Utf8ActionScanner scanner)
    {
        if (!scanner.PeekWords(out ulong w0, out ulong w1, out ulong w2))
        {
            return FileMember.None;
        }
        // Byte 1 is the name's first letter.
        switch ((byte)(w0 >> 8))
        {
            case (byte)'p':
                if ((w0 & 0x00FF_FFFF_FFFF_FFFFUL) == MemberWords.QuotedPathColon)
                {
                    scanner.Skip(7);
                    return FileMember.Path;
                }
                if (w0 == MemberWords.QuotedPartiti && w1 == MemberWords.OnValuesWord && (w2 & 0xFFFF) == MemberWords.QuoteColon)
                {
                    scanner.Skip(18);
                    return FileMember.PartitionValues;
                }
                break;
            case (byte)'s':
                if ((w0 & 0x00FF_FFFF_FFFF_FFFFUL) == MemberWords.QuotedSizeColon)
                {
                    scanner.Skip(7);
                    return FileMember.Size;
                }
                if (w0 == MemberWords.QuotedStatsColon)
                {
                    scanner.Skip(8);
                    return FileMember.Stats;
                }
                break;
            case (byte)'m':
                if (w0 == MemberWords.QuotedModific && w1 == MemberWords.AtionTim && (w2 & 0xFF_FFFF) == MemberWords.EQuoteColon)
                {
                    scanner.Skip(19);
                    return FileMember.ModificationTime;
                }
                break;
            case (byte)'d':
                if (w0 == MemberWords.QuotedDataCha && (w1 & 0xFF_FFFF_FFFF) == MemberWords.NgeQuoteColon)
                {
                    scanner.Skip(13);
                    return FileMember.DataChange;
                }
                if (w0 == MemberWords.QuotedDeletio && w1 == MemberWords.NVectorQuote && (byte)w2 == (byte)':')
                {
                    scanner.Skip(17);
                    return FileMember.DeletionVector;
                }
                if (w0 == MemberWords.QuotedDeletio && w1 == MemberWords.NTimesta && (w2 & 0xFFFF_FFFF) == MemberWords.MpQuoteColon)
                {
                    scanner.Skip(20);
                    return FileMember.DeletionTimestamp;
                }
                break;
            case (byte)'t':
                if ((w0 & 0x00FF_FFFF_FFFF_FFFFUL) == MemberWords.QuotedTagsColon)
                {
                    scanner.Skip(7);
                    return FileMember.Tags;
                }
                break;
            case (byte)'e':
                // A remove's extendedFileMetadata (23 bytes): no field of ours, matched only to be skipped cheaply.
                if (w0 == MemberWords.QuotedExtende && w1 == MemberWords.DFileMet && (w2 & 0x00FF_FFFF_FFFF_FFFFUL) == MemberWords.AdataQuoteColon)
                {
                    scanner.Skip(23);
                    return FileMember.Unknown;
                }
                break;
            case (byte)'b':
                if (w0 == MemberWords.QuotedBaseRow && (w1 & 0xFFFF_FFFF) == MemberWords.IdQuoteColon)
                {
                    scanner.Skip(12);
                    return FileMember.BaseRowId;
                }
                break;
        }
        return FileMember.None;
    }

    private static FileMember AddMember(ref Utf8ActionScanner scanner, JsonString name)
    {
        if (!name.Escaped)
        {
            return AddMemberName(scanner.Raw(name));
        }
        return AddMemberEscaped(ref scanner, name);
    }

    private static FileMember AddMemberEscaped(ref Utf8ActionScanner scanner, JsonString name)
    {
        Span<byte> buffer = stackalloc byte[Utf8ActionScanner.MaxEscapedNameBytes];
        return AddMemberName(scanner.UnescapedName(name, buffer));
    }

    /// <summary>
    /// The add/cdc member a name is: dispatched on its length, then compared as whole 8-byte words (overlapping
    /// when the length is not a multiple of 8), so every byte of the name is compared and no span comparison is
    /// called. The words are the names' bytes read as little-endian integers on any machine
    /// (<see cref="MemberWords.Read64"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FileMember AddMemberName(ReadOnlySpan<byte> n)
    {
        ref byte b = ref MemoryMarshal.GetReference(n);
        switch (n.Length)
        {
            case 4:
                uint w4 = MemberWords.Read32(ref b);
                return w4 == MemberWords.Path ? FileMember.Path : w4 == MemberWords.Size ? FileMember.Size : w4 == MemberWords.Tags ? FileMember.Tags : FileMember.Unknown;
            case 5:
                return MemberWords.Read32(ref b) == MemberWords.Stat && Unsafe.Add(ref b, 4) == (byte)'s' ? FileMember.Stats : FileMember.Unknown;
            case 9:
                return MemberWords.Read64(ref b) == MemberWords.BaseRowI && Unsafe.Add(ref b, 8) == (byte)'d' ? FileMember.BaseRowId : FileMember.Unknown;
            case 10:
                return MemberWords.Read64(ref b) == MemberWords.DataChan && MemberWords.Read64(ref Unsafe.Add(ref b, 2)) == MemberWords.TaChange ? FileMember.DataChange : FileMember.Unknown;
            case 14:
                return MemberWords.Read64(ref b) == MemberWords.Deletion && MemberWords.Read64(ref Unsafe.Add(ref b, 6)) == MemberWords.OnVector ? FileMember.DeletionVector : FileMember.Unknown;
            case 15:
                return MemberWords.Read64(ref b) == MemberWords.Partitio && MemberWords.Read64(ref Unsafe.Add(ref b, 7)) == MemberWords.OnValues ? FileMember.PartitionValues : FileMember.Unknown;
            case 16:
                return MemberWords.Read64(ref b) == MemberWords.Modifica && MemberWords.Read64(ref Unsafe.Add(ref b, 8)) == MemberWords.TionTime ? FileMember.ModificationTime : FileMember.Unknown;
            case 23:
                return n.SequenceEqual("defaultRowCommitVersion"u8) ? FileMember.DefaultRowCommitVersion : FileMember.Unknown;
            default:
                return FileMember.Unknown;
        }
    }

    private static FileMember RemoveMember(ref Utf8ActionScanner scanner, JsonString name)
    {
        if (!name.Escaped)
        {
            return RemoveMemberName(scanner.Raw(name));
        }
        return RemoveMemberEscaped(ref scanner, name);
    }

    private static FileMember RemoveMemberEscaped(ref Utf8ActionScanner scanner, JsonString name)
    {
        Span<byte> buffer = stackalloc byte[Utf8ActionScanner.MaxEscapedNameBytes];
        return RemoveMemberName(scanner.UnescapedName(name, buffer));
    }

    /// <summary>The remove member a name is (see <see cref="AddMemberName"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FileMember RemoveMemberName(ReadOnlySpan<byte> n)
    {
        ref byte b = ref MemoryMarshal.GetReference(n);
        switch (n.Length)
        {
            case 4:
                uint w4 = MemberWords.Read32(ref b);
                return w4 == MemberWords.Path ? FileMember.Path : w4 == MemberWords.Size ? FileMember.Size : FileMember.Unknown;
            case 10:
                return MemberWords.Read64(ref b) == MemberWords.DataChan && MemberWords.Read64(ref Unsafe.Add(ref b, 2)) == MemberWords.TaChange ? FileMember.DataChange : FileMember.Unknown;
            case 14:
                return MemberWords.Read64(ref b) == MemberWords.Deletion && MemberWords.Read64(ref Unsafe.Add(ref b, 6)) == MemberWords.OnVector ? FileMember.DeletionVector : FileMember.Unknown;
            case 15:
                return MemberWords.Read64(ref b) == MemberWords.Partitio && MemberWords.Read64(ref Unsafe.Add(ref b, 7)) == MemberWords.OnValues ? FileMember.PartitionValues : FileMember.Unknown;
            case 17:
                return MemberWords.Read64(ref b) == MemberWords.Deletion && MemberWords.Read64(ref Unsafe.Add(ref b, 8)) == MemberWords.Timestam && Unsafe.Add(ref b, 16) == (byte)'p' ? FileMember.DeletionTimestamp : FileMember.Unknown;
            default:
                return FileMember.Unknown;
        }
    }

    private static DeletionVectorDescriptor? ReadDeletionVector(ref Utf8ActionScanner scanner)
    {
        if (scanner.TryReadNull())
        {
            return null;
        }
        string? storageType = null;
        string? pathOrInline = null;
        long? offset = null;
        long? sizeInBytes = null;
        long? cardinality = null;
        if (scanner.BeginObject("deletionVector object"))
        {
            do
            {
                JsonString name = scanner.ReadMemberName();
                if (scanner.NameEquals(name, "storageType"u8))
                {
                    storageType = scanner.ReadOptionalStringValue("a string (deletionVector.storageType)");
                }
                else if (scanner.NameEquals(name, "pathOrInlineDv"u8))
                {
                    pathOrInline = scanner.ReadOptionalStringValue("a string (deletionVector.pathOrInlineDv)");
                }
                else if (scanner.NameEquals(name, "offset"u8))
                {
                    offset = scanner.ReadOptionalLong("deletionVector.offset");
                }
                else if (scanner.NameEquals(name, "sizeInBytes"u8))
                {
                    sizeInBytes = scanner.ReadOptionalLong("deletionVector.sizeInBytes");
                }
                else if (scanner.NameEquals(name, "cardinality"u8))
                {
                    cardinality = scanner.ReadOptionalLong("deletionVector.cardinality");
                }
                else
                {
                    scanner.SkipValue();
                }
            }
            while (scanner.NextMember());
        }
        if (storageType is null || pathOrInline is null || sizeInBytes is null || cardinality is null)
        {
            throw new FormatException("deletionVector descriptor missing storageType, pathOrInlineDv, sizeInBytes or cardinality");
        }
        if (storageType is not ("u" or "i" or "p"))
        {
            throw new FormatException($"deletionVector storageType '{storageType}' is not one of u, i, p");
        }
        if (sizeInBytes is < 0 or > int.MaxValue || offset is < 0 or > int.MaxValue || cardinality < 0)
        {
            throw new FormatException("deletionVector offset, sizeInBytes or cardinality out of range");
        }
        return new DeletionVectorDescriptor(storageType, pathOrInline, offset is long o ? (int)o : null, (int)sizeInBytes.Value, cardinality.Value);
    }

    /// <summary>A string map (partition values, tags) through the interner: string values as is, numbers and
    /// booleans as their JSON text, null as null; null for a JSON null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PartitionValueMap? ReadStringMap(ref Utf8ActionScanner scanner, PartitionValueInterner interner, string objectWhat, string valueWhat)
    {
        if (scanner.TryReadNull())
        {
            return null;
        }
        if (!scanner.BeginObject(objectWhat))
        {
            return PartitionValueMap.Empty;
        }
        string?[] keys = interner.KeyScratch;
        string?[] values = interner.ValueScratch;
        int count = 0;
        do
        {
            if (count == keys.Length)
            {
                Array.Resize(ref keys, count * 2);
                Array.Resize(ref values, count * 2);
                interner.KeyScratch = keys;
                interner.ValueScratch = values;
            }
            JsonString key = scanner.ReadMemberName();
            keys[count] = InternToken(ref scanner, key, interner);
            JsonString value = scanner.ReadScalarAsString(valueWhat);
            values[count] = value.IsNull ? null : InternToken(ref scanner, value, interner);
            count++;
        }
        while (scanner.NextMember());
        return interner.Intern(keys.AsSpan(0, count), values.AsSpan(0, count));
    }

    private static string InternToken(ref Utf8ActionScanner scanner, JsonString token, PartitionValueInterner interner)
    {
        if (!token.Escaped)
        {
            return interner.InternUtf8(scanner.Raw(token));
        }
        string text = scanner.GetString(token);
        return interner.InternString(text);
    }

    // ---- rare actions (Utf8JsonReader over the validated slice) ------------------------------------------------


    /// <summary>Decodes a standalone <c>commitInfo</c> object (the value, not the wrapping action).</summary>
    public static CommitInfo DecodeCommitInfo(ReadOnlySpan<byte> objectJson)
    {
        var reader = new Utf8JsonReader(objectJson, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        Read(ref reader);
        Expect(ref reader, JsonTokenType.StartObject, "commitInfo object");
        long? timestamp = null;
        long? ict = null;
        string? operation = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("timestamp"u8))
            {
                Read(ref reader);
                timestamp = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("inCommitTimestamp"u8))
            {
                Read(ref reader);
                ict = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("operation"u8))
            {
                Read(ref reader);
                operation = OptionalString(ref reader);
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        return new CommitInfo(Encoding.UTF8.GetString(objectJson), timestamp, ict, operation);
    }


    private static DeltaMetadata DecodeMetadata(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "metaData object");
        string? id = null;
        string? name = null;
        string? description = null;
        string provider = "parquet";
        IReadOnlyDictionary<string, string> formatOptions = new Dictionary<string, string>();
        string? schemaString = null;
        List<string>? partitionColumns = null;
        Dictionary<string, string?>? configuration = null;
        long? createdTime = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                Read(ref reader);
                id = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                Read(ref reader);
                name = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("description"u8))
            {
                Read(ref reader);
                description = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("format"u8))
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (NextProperty(ref reader))
                    {
                        if (reader.ValueTextEquals("provider"u8))
                        {
                            Read(ref reader);
                            provider = OptionalString(ref reader) ?? "parquet";
                        }
                        else if (reader.ValueTextEquals("options"u8))
                        {
                            Read(ref reader);
                            var options = new Dictionary<string, string>(StringComparer.Ordinal);
                            Dictionary<string, string?>? raw = OptionalDictionary(ref reader);
                            if (raw is not null)
                            {
                                foreach (KeyValuePair<string, string?> kv in raw)
                                {
                                    options[kv.Key] = kv.Value ?? string.Empty;
                                }
                            }
                            formatOptions = options;
                        }
                        else
                        {
                            Read(ref reader);
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("schemaString"u8))
            {
                Read(ref reader);
                schemaString = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("partitionColumns"u8))
            {
                Read(ref reader);
                partitionColumns = OptionalStringList(ref reader);
            }
            else if (reader.ValueTextEquals("configuration"u8))
            {
                Read(ref reader);
                configuration = OptionalDictionary(ref reader);
            }
            else if (reader.ValueTextEquals("createdTime"u8))
            {
                Read(ref reader);
                createdTime = OptionalLong(ref reader);
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        if (id is null)
        {
            throw new FormatException("metaData action without 'id'");
        }
        return new DeltaMetadata(
            id,
            name,
            description,
            provider,
            formatOptions,
            schemaString ?? EmptySchema,
            partitionColumns ?? new List<string>(),
            configuration ?? new Dictionary<string, string?>(StringComparer.Ordinal),
            createdTime);
    }

    private static DeltaProtocol DecodeProtocol(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "protocol object");
        long? minReader = null;
        long? minWriter = null;
        List<string>? readerFeatures = null;
        List<string>? writerFeatures = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("minReaderVersion"u8))
            {
                Read(ref reader);
                minReader = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("minWriterVersion"u8))
            {
                Read(ref reader);
                minWriter = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("readerFeatures"u8))
            {
                Read(ref reader);
                readerFeatures = OptionalStringList(ref reader);
            }
            else if (reader.ValueTextEquals("writerFeatures"u8))
            {
                Read(ref reader);
                writerFeatures = OptionalStringList(ref reader);
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        if (minReader is null || minWriter is null)
        {
            throw new FormatException("protocol action without minReaderVersion or minWriterVersion");
        }
        if (minReader is < 0 or > int.MaxValue || minWriter is < 0 or > int.MaxValue)
        {
            throw new FormatException("protocol versions out of range");
        }
        return new DeltaProtocol((int)minReader.Value, (int)minWriter.Value, readerFeatures, writerFeatures);
    }

    private static SetTransaction DecodeTransaction(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "txn object");
        string? appId = null;
        long? version = null;
        long? lastUpdated = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("appId"u8))
            {
                Read(ref reader);
                appId = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                Read(ref reader);
                version = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("lastUpdated"u8))
            {
                Read(ref reader);
                lastUpdated = OptionalLong(ref reader);
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        if (appId is null || version is null)
        {
            throw new FormatException("txn action without appId or version");
        }
        return new SetTransaction(appId, version.Value, lastUpdated);
    }

    private static DomainMetadata DecodeDomainMetadata(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "domainMetadata object");
        string? domain = null;
        string? configuration = null;
        bool removed = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("domain"u8))
            {
                Read(ref reader);
                domain = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("configuration"u8))
            {
                Read(ref reader);
                configuration = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("removed"u8))
            {
                Read(ref reader);
                removed = OptionalBool(ref reader) ?? false;
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        if (domain is null)
        {
            throw new FormatException("domainMetadata action without 'domain'");
        }
        return new DomainMetadata(domain, configuration ?? string.Empty, removed);
    }

    private static long DecodeCheckpointMetadata(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "checkpointMetadata object");
        long? version = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("version"u8))
            {
                Read(ref reader);
                version = OptionalLong(ref reader);
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        return version ?? throw new FormatException("checkpointMetadata action without 'version'");
    }

    private static SidecarFile DecodeSidecar(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "sidecar object");
        string? path = null;
        long sizeInBytes = 0;
        long modificationTime = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("path"u8))
            {
                Read(ref reader);
                path = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("sizeInBytes"u8))
            {
                Read(ref reader);
                sizeInBytes = OptionalLong(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("modificationTime"u8))
            {
                Read(ref reader);
                modificationTime = OptionalLong(ref reader) ?? 0;
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        return new SidecarFile(path ?? throw new FormatException("sidecar action without 'path'"), sizeInBytes, modificationTime);
    }

    // ---- primitives -------------------------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[0] == (byte)'{')
        {
            return false;
        }
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }
        return true;
    }

    private static void Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new FormatException("unexpected end of the JSON line (truncated action)");
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new FormatException($"expected {what} at byte {reader.TokenStartIndex}, found {reader.TokenType}");
        }
    }

    /// <summary>Advances to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        Read(ref reader);
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return false;
        }
        Expect(ref reader, JsonTokenType.PropertyName, "a property name");
        return true;
    }

    private static string? OptionalString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new FormatException($"expected a string at byte {reader.TokenStartIndex}, found {reader.TokenType}"),
    };

    /// <summary>Copies a string value's unescaped UTF-8 bytes into the arena; (null, 0, 0) for a JSON null.</summary>
    private static long? OptionalLong(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out long value))
                {
                    return value;
                }
                throw new FormatException($"number at byte {reader.TokenStartIndex} is not a 64-bit integer");
            case JsonTokenType.String:
                // Some writers quote numbers; accept a quoted integer.
                if (long.TryParse(reader.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long parsed))
                {
                    return parsed;
                }
                throw new FormatException($"expected an integer at byte {reader.TokenStartIndex}");
            default:
                throw new FormatException($"expected an integer at byte {reader.TokenStartIndex}, found {reader.TokenType}");
        }
    }

    private static bool? OptionalBool(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new FormatException($"expected a boolean at byte {reader.TokenStartIndex}, found {reader.TokenType}"),
    };

    private static List<string>? OptionalStringList(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        Expect(ref reader, JsonTokenType.StartArray, "an array of strings");
        var list = new List<string>();
        while (true)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }
            list.Add(OptionalString(ref reader) ?? throw new FormatException("null inside an array of strings"));
        }
    }

    private static Dictionary<string, string?>? OptionalDictionary(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        Expect(ref reader, JsonTokenType.StartObject, "a string map");
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (NextProperty(ref reader))
        {
            string key = reader.GetString()!;
            Read(ref reader);
            map[key] = ScalarAsString(ref reader);
        }
        return map;
    }


    /// <summary>Reads a map value: strings as is, numbers and booleans as their JSON text, null as null.</summary>
    private static string? ScalarAsString(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                throw new FormatException($"expected a string value at byte {reader.TokenStartIndex}, found {reader.TokenType}");
        }
    }
}
