using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace DeltaSharp.Actions;

/// <summary>
/// Decodes one line of a JSON log file (a commit, a compaction, a JSON V2 checkpoint) into actions, straight from
/// UTF-8 bytes with <see cref="Utf8JsonReader"/>. Unknown actions and unknown fields are ignored (forward
/// compatibility); a malformed line or a missing required field is a <see cref="FormatException"/> that the caller
/// turns into a <see cref="DeltaLogCorruptException"/> naming the file and line.
/// </summary>
internal static class JsonActionDecoder
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>The schema of a metaData action without <c>schemaString</c> (as Delta/Spark reads it: no columns).</summary>
    private const string EmptySchema = "{\"type\":\"struct\",\"fields\":[]}";

    /// <summary>Decodes one line (without its newline). Blank lines are ignored.</summary>
    public static void DecodeLine(ReadOnlySpan<byte> line, PartitionValueInterner interner, ActionSink sink)
    {
        if (IsBlank(line))
        {
            return;
        }
        var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        Read(ref reader);
        Expect(ref reader, JsonTokenType.StartObject, "an action object");
        while (true)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            Expect(ref reader, JsonTokenType.PropertyName, "an action name");
            if (reader.ValueTextEquals("add"u8) && sink.WantsFileActions)
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    sink.OnAdd(DecodeAdd(ref reader, interner, sink.WantsStatistics));
                }
            }
            else if (reader.ValueTextEquals("remove"u8) && sink.WantsRemoves)
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    sink.OnRemove(DecodeRemove(ref reader, sink.WantsRemovePartitionValues ? interner : null));
                }
            }
            else if (reader.ValueTextEquals("metaData"u8))
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    sink.OnMetadata(DecodeMetadata(ref reader));
                }
            }
            else if (reader.ValueTextEquals("protocol"u8))
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    sink.OnProtocol(DecodeProtocol(ref reader));
                }
            }
            else if (reader.ValueTextEquals("txn"u8))
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    sink.OnTransaction(DecodeTransaction(ref reader));
                }
            }
            else if (reader.ValueTextEquals("domainMetadata"u8))
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    sink.OnDomainMetadata(DecodeDomainMetadata(ref reader));
                }
            }
            else if (reader.ValueTextEquals("commitInfo"u8) && sink.WantsCommitInfo)
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    int end = (int)reader.BytesConsumed;
                    sink.OnCommitInfo(DecodeCommitInfo(line.Slice(start, end - start)));
                }
            }
            else if (reader.ValueTextEquals("checkpointMetadata"u8))
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    sink.OnCheckpointMetadata(DecodeCheckpointMetadata(ref reader));
                }
            }
            else if (reader.ValueTextEquals("sidecar"u8))
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    sink.OnSidecar(DecodeSidecar(ref reader));
                }
            }
            else if (reader.ValueTextEquals("cdc"u8) && sink.WantsChangeDataFiles)
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    sink.OnChangeDataFile(DecodeCdc(ref reader, interner));
                }
            }
            else
            {
                // cdc when not wanted, commitInfo when not wanted, and actions of future protocol versions.
                Read(ref reader);
                reader.Skip();
            }
        }
    }

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

    private static AddFile DecodeAdd(ref Utf8JsonReader reader, PartitionValueInterner interner, bool wantStats)
    {
        Expect(ref reader, JsonTokenType.StartObject, "add object");
        string? path = null;
        PartitionValueMap? partitionValues = null;
        long? size = null;
        long modificationTime = 0;
        bool dataChange = true;
        byte[]? stats = null;
        int statsOffset = 0;
        int statsLength = 0;
        PartitionValueMap? tags = null;
        DeletionVectorDescriptor? dv = null;
        long? baseRowId = null;
        long? defaultRowCommitVersion = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("path"u8))
            {
                Read(ref reader);
                path = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("partitionValues"u8))
            {
                Read(ref reader);
                partitionValues = OptionalStringMap(ref reader, interner);
            }
            else if (reader.ValueTextEquals("size"u8))
            {
                Read(ref reader);
                size = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("modificationTime"u8))
            {
                Read(ref reader);
                modificationTime = OptionalLong(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("dataChange"u8))
            {
                Read(ref reader);
                dataChange = OptionalBool(ref reader) ?? true;
            }
            else if (reader.ValueTextEquals("stats"u8) && wantStats)
            {
                Read(ref reader);
                (stats, statsOffset, statsLength) = OptionalStringBytes(ref reader, interner.Statistics);
            }
            else if (reader.ValueTextEquals("tags"u8))
            {
                Read(ref reader);
                tags = OptionalStringMap(ref reader, interner);
                if (tags is not null && tags.Count == 0)
                {
                    tags = null;
                }
            }
            else if (reader.ValueTextEquals("deletionVector"u8))
            {
                Read(ref reader);
                dv = DecodeDeletionVector(ref reader);
            }
            else if (reader.ValueTextEquals("baseRowId"u8))
            {
                Read(ref reader);
                baseRowId = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("defaultRowCommitVersion"u8))
            {
                Read(ref reader);
                defaultRowCommitVersion = OptionalLong(ref reader);
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        if (path is null)
        {
            throw new FormatException("add action without 'path'");
        }
        if (size is null)
        {
            throw new FormatException($"add action for '{path}' without 'size'");
        }
        return new AddFile(path, partitionValues ?? PartitionValueMap.Empty, size.Value, modificationTime, dataChange, stats, statsOffset, statsLength, tags, dv, baseRowId, defaultRowCommitVersion);
    }

    private static AddCdcFile DecodeCdc(ref Utf8JsonReader reader, PartitionValueInterner interner)
    {
        Expect(ref reader, JsonTokenType.StartObject, "cdc object");
        string? path = null;
        PartitionValueMap? partitionValues = null;
        long? size = null;
        bool dataChange = false;
        PartitionValueMap? tags = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("path"u8))
            {
                Read(ref reader);
                path = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("partitionValues"u8))
            {
                Read(ref reader);
                partitionValues = OptionalStringMap(ref reader, interner);
            }
            else if (reader.ValueTextEquals("size"u8))
            {
                Read(ref reader);
                size = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("dataChange"u8))
            {
                Read(ref reader);
                dataChange = OptionalBool(ref reader) ?? false;
            }
            else if (reader.ValueTextEquals("tags"u8))
            {
                Read(ref reader);
                tags = OptionalStringMap(ref reader, interner);
                if (tags is not null && tags.Count == 0)
                {
                    tags = null;
                }
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
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

    private static RemoveFile DecodeRemove(ref Utf8JsonReader reader, PartitionValueInterner? partitionInterner)
    {
        PartitionValueMap? partitionValues = null;
        Expect(ref reader, JsonTokenType.StartObject, "remove object");
        string? path = null;
        long? deletionTimestamp = null;
        bool dataChange = true;
        DeletionVectorDescriptor? dv = null;
        long? size = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("path"u8))
            {
                Read(ref reader);
                path = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("deletionTimestamp"u8))
            {
                Read(ref reader);
                deletionTimestamp = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("dataChange"u8))
            {
                Read(ref reader);
                dataChange = OptionalBool(ref reader) ?? true;
            }
            else if (reader.ValueTextEquals("deletionVector"u8))
            {
                Read(ref reader);
                dv = DecodeDeletionVector(ref reader);
            }
            else if (reader.ValueTextEquals("size"u8))
            {
                Read(ref reader);
                size = OptionalLong(ref reader);
            }
            else if (partitionInterner is not null && reader.ValueTextEquals("partitionValues"u8))
            {
                Read(ref reader);
                partitionValues = OptionalStringMap(ref reader, partitionInterner);
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        if (path is null)
        {
            throw new FormatException("remove action without 'path'");
        }
        return new RemoveFile(path, deletionTimestamp, dataChange, dv, size) { PartitionValues = partitionValues ?? PartitionValueMap.Empty };
    }

    private static DeletionVectorDescriptor? DecodeDeletionVector(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        Expect(ref reader, JsonTokenType.StartObject, "deletionVector object");
        string? storageType = null;
        string? pathOrInline = null;
        long? offset = null;
        long? sizeInBytes = null;
        long? cardinality = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("storageType"u8))
            {
                Read(ref reader);
                storageType = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("pathOrInlineDv"u8))
            {
                Read(ref reader);
                pathOrInline = OptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("offset"u8))
            {
                Read(ref reader);
                offset = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("sizeInBytes"u8))
            {
                Read(ref reader);
                sizeInBytes = OptionalLong(ref reader);
            }
            else if (reader.ValueTextEquals("cardinality"u8))
            {
                Read(ref reader);
                cardinality = OptionalLong(ref reader);
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
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

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
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
    private static (byte[]? Buffer, int Offset, int Length) OptionalStringBytes(ref Utf8JsonReader reader, ByteArena arena)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return (null, 0, 0);
        }
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new FormatException($"expected a string at byte {reader.TokenStartIndex}, found {reader.TokenType}");
        }
        if (!reader.ValueIsEscaped)
        {
            ReadOnlySpan<byte> raw = reader.ValueSpan;
            (byte[] buffer, int offset) = arena.Copy(raw);
            return (buffer, offset, raw.Length);
        }
        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            int written = reader.CopyString(rented);
            (byte[] buffer, int offset) = arena.Copy(rented.AsSpan(0, written));
            return (buffer, offset, written);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

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

    private static PartitionValueMap? OptionalStringMap(ref Utf8JsonReader reader, PartitionValueInterner interner)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        Expect(ref reader, JsonTokenType.StartObject, "a string map");
        if (!NextProperty(ref reader))
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
            keys[count] = interner.InternUtf8(ref reader);
            Read(ref reader);
            values[count] = ScalarAsInternedString(ref reader, interner);
            count++;
        }
        while (NextProperty(ref reader));
        return interner.Intern(keys.AsSpan(0, count), values.AsSpan(0, count));
    }

    /// <summary>A map value through the interner: strings as is, numbers and booleans as their JSON text, null as null.</summary>
    private static string? ScalarAsInternedString(ref Utf8JsonReader reader, PartitionValueInterner interner)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                return interner.InternUtf8(ref reader);
            default:
                throw new FormatException($"expected a string value at byte {reader.TokenStartIndex}, found {reader.TokenType}");
        }
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
