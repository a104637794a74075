using System;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.State;

namespace DeltaSharp.Checkpoints;

/// <summary>
/// Appends the <c>add</c> rows of one checkpoint batch to a <see cref="FileTableBuilder"/> column by column: the
/// batch's path and statistics values are each copied with one bulk copy of the Arrow value buffer (the table's rows
/// point into that copy), sizes and times are read from the value spans, and partition values are interned only
/// when they differ from the previous row's. No object is created per row except for the rare fields (deletion
/// vectors, tags). Not thread-safe (one batch, one thread).
/// </summary>
internal sealed class ColumnarAddDecoder
{
    private readonly StructArray add;
    private readonly FileTableBuilder builder;
    private readonly IDecidedFileKeys? decided;
    private readonly PartitionValueInterner interner;
    private readonly BinaryArray? path;
    private readonly ArrowArray? partitionValues;
    private readonly StructArray? partitionValuesParsed;
    private readonly ArrowArray? size;
    private readonly ArrowArray? modificationTime;
    private readonly ArrowArray? dataChange;
    private readonly BinaryArray? stats;
    private readonly StructArray? statsParsed;
    private readonly ArrowArray? tags;
    private readonly StructArray? deletionVector;
    private readonly ArrowArray? baseRowId;
    private readonly ArrowArray? defaultRowCommitVersion;
    private readonly BulkValues pathValues;
    private readonly BulkValues statsValues;
    private int previousMapSlot = -1;
    private int previousMapIndex;

    public ColumnarAddDecoder(StructArray add, bool wantStats, FileTableBuilder builder, IDecidedFileKeys? decided, PartitionValueInterner interner)
    {
        this.add = add;
        this.builder = builder;
        this.decided = decided is { Count: > 0 } ? decided : null;
        this.interner = interner;
        ArrowArray? pathField = ArrowValues.Field(add, "path");
        path = pathField is null ? null : pathField as BinaryArray ?? throw new FormatException($"expected a string column, found {pathField.Type}");
        partitionValues = ArrowValues.Field(add, "partitionValues");
        // Only a checkpoint without the string map is read from the typed struct (the reader projects the struct
        // only then).
        partitionValuesParsed = partitionValues is null ? ArrowValues.Field(add, "partitionValues_parsed") as StructArray : null;
        size = ArrowValues.Field(add, "size");
        modificationTime = ArrowValues.Field(add, "modificationTime");
        dataChange = ArrowValues.Field(add, "dataChange");
        ArrowArray? statsField = wantStats ? ArrowValues.Field(add, "stats") : null;
        stats = statsField is null ? null : statsField as BinaryArray ?? throw new FormatException($"expected a string column, found {statsField.Type}");
        statsParsed = wantStats ? ArrowValues.Field(add, "stats_parsed") as StructArray : null;
        tags = ArrowValues.Field(add, "tags");
        deletionVector = ArrowValues.Field(add, "deletionVector") as StructArray;
        baseRowId = ArrowValues.Field(add, "baseRowId");
        defaultRowCommitVersion = ArrowValues.Field(add, "defaultRowCommitVersion");
        pathValues = BulkValues.Copy(path, add, builder);
        statsValues = BulkValues.Copy(stats, add, builder);
    }

    /// <summary>Appends the adds of batch rows <c>[firstRow, endRow)</c> (whose add structs are all valid), except
    /// those whose key the commits decided.</summary>
    public void AppendRun(int firstRow, int endRow)
    {
        if (path is null)
        {
            throw new FormatException("add without path");
        }
        bool pathMayBeNull = path.NullCount != 0;
        PrimitiveArray<long>? sizes = size as PrimitiveArray<long>;
        ReadOnlySpan<long> sizeValues = sizes is not null ? sizes.Values : default;
        bool sizeMayBeNull = sizes is not null && sizes.NullCount != 0;
        PrimitiveArray<long>? times = modificationTime as PrimitiveArray<long>;
        ReadOnlySpan<long> timeValues = times is not null ? times.Values : default;
        bool timeMayBeNull = times is not null && times.NullCount != 0;
        BooleanArray? dataChangeFlags = dataChange as BooleanArray;
        ReadOnlySpan<byte> dataChangeBits = dataChangeFlags is not null ? dataChangeFlags.ValueBitmap : default;
        int dataChangeOffset = dataChangeFlags?.Offset ?? 0;
        bool dataChangeMayBeNull = dataChangeFlags is not null && dataChangeFlags.NullCount != 0;
        bool anyDeletionVector = !AllNull(deletionVector);
        bool anyExtras = anyDeletionVector || !AllNull(tags) || !AllNull(baseRowId) || !AllNull(defaultRowCommitVersion);
        // A map column without a single entry (an unpartitioned table) holds only empty maps: no per-row look.
        bool anyPartition = (!AllNull(partitionValues) && !(partitionValues is MapArray { Entries.Length: 0 })) || !AllNull(partitionValuesParsed);
        bool anyStats = !AllNull(stats);
        bool anyParsedStats = statsParsed is not null && !AllNull(statsParsed);
        for (int row = firstRow; row < endRow; row++)
        {
            int slot = add.GetFieldSlot(row);
            if (pathMayBeNull && !path.IsValid(slot))
            {
                throw new FormatException("add without path");
            }
            long pathRef = pathValues.Reference(path, slot, builder, out int pathLength);
            DeletionVectorDescriptor? dv = anyDeletionVector ? ParquetCheckpointReader.ReadDeletionVector(deletionVector, slot) : null;
            if (decided is not null && decided.Decides(path.GetBytes(slot), dv?.UniqueId))
            {
                continue;
            }
            long fileSize = sizes is not null && !(sizeMayBeNull && !sizes.IsValid(slot)) ? sizeValues[slot]
                : Long(size, slot) ?? throw new FormatException($"add '{path.GetString(slot)}' without size");
            long time = times is not null && !(timeMayBeNull && !times.IsValid(slot)) ? timeValues[slot] : Long(modificationTime, slot) ?? 0;
            bool change = dataChangeFlags is not null
                ? (dataChangeMayBeNull && !dataChangeFlags.IsValid(slot)) || BitUtility.GetBit(dataChangeBits, dataChangeOffset + slot)
                : ArrowValues.Bool(dataChange, slot) ?? true;
            bool hasStats = false;
            long statsRef = 0;
            int statsLength = 0;
            if (anyStats && stats!.IsValid(slot))
            {
                hasStats = true;
                statsRef = statsValues.Reference(stats, slot, builder, out statsLength);
            }
            else if (anyParsedStats && statsParsed!.IsValid(slot))
            {
                byte[] json = StatsJson.FromParsed(statsParsed, slot);
                hasStats = true;
                statsRef = builder.CopyBytes(json);
                statsLength = json.Length;
            }
            FileExtras extra = default;
            if (anyExtras)
            {
                PartitionValueMap? tagMap = ArrowValues.IsEmptyMap(tags, slot) ? null
                    : ArrowValues.StringMap(tags, slot) is var (tagKeys, tagValues) && tagKeys.Length > 0 ? interner.Intern(tagKeys, tagValues) : null;
                extra = new FileExtras(dv, tagMap, ArrowValues.Long(baseRowId, slot), ArrowValues.Long(defaultRowCommitVersion, slot));
            }
            builder.AppendRaw(pathRef, pathLength, hasStats, statsRef, statsLength, false, anyPartition ? PartitionIndex(slot) : 0, fileSize, time, change, extra);
        }
    }

    private static bool AllNull(ArrowArray? array) => array is null || array.NullCount == array.Length;

    private static long? Long(ArrowArray? array, int slot)
    {
        if (array is PrimitiveArray<long> longs)
        {
            return longs.IsValid(slot) ? longs.GetValue(slot) : null;
        }
        return ArrowValues.Long(array, slot);
    }

    /// <summary>The table's partition map index for the slot: the previous row's when the entries are byte-equal,
    /// else the interned map's.</summary>
    private int PartitionIndex(int slot)
    {
        if (partitionValuesParsed is not null)
        {
            return ParsedPartitionValues.Read(partitionValuesParsed, slot) is var (parsedKeys, parsedValues)
                ? builder.PartitionIndexOf(interner.Intern(parsedKeys, parsedValues))
                : 0;
        }
        if (ArrowValues.IsEmptyMap(partitionValues, slot))
        {
            return 0;
        }
        if (partitionValues is not MapArray map)
        {
            throw new FormatException($"expected a map column, found {partitionValues!.Type}");
        }
        if (previousMapSlot >= 0 && SameEntries(map, previousMapSlot, slot))
        {
            previousMapSlot = slot;
            return previousMapIndex;
        }
        int index = 0;
        if (ArrowValues.StringMap(partitionValues, slot) is var (keys, values))
        {
            index = builder.PartitionIndexOf(interner.Intern(keys, values));
        }
        previousMapSlot = slot;
        previousMapIndex = index;
        return index;
    }

    private static bool SameEntries(MapArray map, int a, int b)
    {
        int count = map.GetValueLength(a);
        if (count != map.GetValueLength(b) || map.Keys is not BinaryArray keys || map.Items is not BinaryArray items)
        {
            return false;
        }
        int entryBase = map.Entries.Offset;
        int startA = map.GetValueStart(a) + entryBase;
        int startB = map.GetValueStart(b) + entryBase;
        for (int i = 0; i < count; i++)
        {
            if (!keys.GetBytes(startA + i).SequenceEqual(keys.GetBytes(startB + i)))
            {
                return false;
            }
            bool validA = items.IsValid(startA + i);
            if (validA != items.IsValid(startB + i) || (validA && !items.GetBytes(startA + i).SequenceEqual(items.GetBytes(startB + i))))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A string column's values for the batch, copied once into one chunk of the builder.</summary>
    private readonly struct BulkValues
    {
        private readonly int chunk;
        private readonly int first;
        private readonly int size;

        private BulkValues(int chunk, int first, int size)
        {
            this.chunk = chunk;
            this.first = first;
            this.size = size;
        }

        /// <summary>Copies the value bytes of the struct's slots (int32 offsets only; otherwise values are copied one
        /// by one by <see cref="Reference"/>).</summary>
        public static BulkValues Copy(BinaryArray? values, StructArray owner, FileTableBuilder builder)
        {
            if (values is null || values.IsLarge || owner.Length == 0)
            {
                return new BulkValues(-1, 0, 0);
            }
            ReadOnlySpan<int> offsets = values.ValueOffsets;
            int firstSlot = owner.GetFieldSlot(0);
            int lastSlot = owner.GetFieldSlot(owner.Length - 1) + 1;
            if (lastSlot >= offsets.Length)
            {
                return new BulkValues(-1, 0, 0);
            }
            int start = offsets[firstSlot];
            int end = offsets[lastSlot];
            ReadOnlySpan<byte> data = values.ValueData;
            if (start < 0 || end < start || end > data.Length)
            {
                throw new FormatException("string column offsets out of range");
            }
            byte[] copy = GC.AllocateUninitializedArray<byte>(end - start);
            data[start..end].CopyTo(copy);
            return new BulkValues(builder.AdoptChunk(copy), start, copy.Length);
        }

        public long Reference(BinaryArray values, int slot, FileTableBuilder builder, out int length)
        {
            if (chunk < 0)
            {
                ReadOnlySpan<byte> bytes = values.GetBytes(slot);
                length = bytes.Length;
                return builder.CopyBytes(bytes);
            }
            ReadOnlySpan<int> offsets = values.ValueOffsets;
            int start = offsets[slot];
            length = offsets[slot + 1] - start;
            if (start < first || length < 0 || start - first > size - length)
            {
                throw new FormatException("string column offsets out of range");
            }
            return FileTableBuilder.Reference(chunk, start - first);
        }
    }
}
