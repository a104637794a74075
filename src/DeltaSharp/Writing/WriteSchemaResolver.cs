using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;
using ArrowSchema = DeltaSharp.Arrow.Schema;

namespace DeltaSharp.Writing;

/// <summary>
/// Schema enforcement and evolution for writes. <see cref="Resolve"/> decides the table schema a write commits
/// (unchanged, merged, or replaced) from the table schema and the data's Arrow schema; <see cref="Conform"/> turns
/// each batch into exactly that shape (table column names and order, nested struct fields reordered, absent
/// nullable columns/fields as nulls) and rejects nulls in NOT NULL columns, nested fields, array elements and map
/// values, naming the column path. Pure.
/// </summary>
internal static class WriteSchemaResolver
{
    /// <summary>The schema the write commits, and whether it differs from <paramref name="table"/>.</summary>
    /// <exception cref="DeltaSchemaMismatchException">The data does not fit and the mode does not allow the change.</exception>
    public static (DeltaStructType Schema, bool Changed) Resolve(
        DeltaStructType table, IReadOnlyList<string> partitionColumns, ArrowSchema data, DeltaSchemaMode mode, bool typeWidening)
    {
        DeltaStructType dataSchema = ToDelta(data);
        if (mode == DeltaSchemaMode.Overwrite)
        {
            foreach (string column in partitionColumns)
            {
                if (dataSchema.FindField(column) is null)
                {
                    throw new DeltaSchemaMismatchException($"Overwriting the schema: the data has no partition column '{column}' (the partitioning is kept).");
                }
            }
            return (dataSchema, !dataSchema.Equals(table));
        }
        DeltaStructType merged = MergeStruct(table, dataSchema, string.Empty, mode == DeltaSchemaMode.Merge, typeWidening, topLevel: true);
        return (merged, !merged.Equals(table));
    }

    /// <summary>A new batch (the caller owns it) with <paramref name="schema"/>'s columns in order; the input is borrowed.</summary>
    /// <exception cref="DeltaSchemaMismatchException">A NOT NULL column or field holds a null, or a NOT NULL column is absent.</exception>
    public static RecordBatch Conform(RecordBatch batch, DeltaStructType schema)
    {
        var fields = new List<Field>(schema.Fields.Count);
        var columns = new List<ArrowArray>(schema.Fields.Count);
        try
        {
            foreach (DeltaStructField field in schema.Fields)
            {
                int index = FindColumn(batch.Schema.Fields, field.Name);
                ArrayData data;
                if (index < 0)
                {
                    if (!field.Nullable)
                    {
                        throw new DeltaSchemaMismatchException($"The data has no column '{field.Name}', which is NOT NULL in the table.");
                    }
                    data = Nulls(DeltaArrowSchema.ToArrowType(field.Type), batch.Length);
                }
                else
                {
                    data = ConformArray(batch.Column(index).Data, field.Type, field.Name);
                }
                columns.Add(ArrowArray.FromData(data));
                fields.Add(new Field(field.Name, data.Type, field.Nullable));
                CheckNulls(data, field.Type, field.Nullable, field.Name, null);
            }
            return new RecordBatch(new ArrowSchema(fields), columns, batch.Length);
        }
        catch
        {
            foreach (ArrowArray column in columns)
            {
                column.Dispose();
            }
            throw;
        }
    }

    private static DeltaStructType ToDelta(ArrowSchema data)
    {
        var fields = new List<DeltaStructField>(data.Fields.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Field field in data.Fields)
        {
            if (!seen.Add(field.Name))
            {
                throw new DeltaSchemaMismatchException($"The data has two columns named '{field.Name}' (names are case-insensitive).");
            }
            DeltaDataType type;
            try
            {
                type = DeltaArrowSchema.FromArrowType(field.DataType, field.Name);
            }
            catch (DeltaUnsupportedFeatureException ex)
            {
                throw new DeltaSchemaMismatchException($"Column '{field.Name}' has Arrow type {field.DataType}, which has no Delta type.", ex);
            }
            fields.Add(new DeltaStructField(field.Name, type, field.IsNullable));
        }
        return new DeltaStructType(fields);
    }

    private static DeltaStructType MergeStruct(DeltaStructType table, DeltaStructType data, string prefix, bool merge, bool widen, bool topLevel)
    {
        var result = new List<DeltaStructField>(table.Fields.Count);
        foreach (DeltaStructField field in table.Fields)
        {
            DeltaStructField? incoming = data.FindField(field.Name);
            if (incoming is null)
            {
                result.Add(field); // absent in the data: written as nulls (Conform refuses it when NOT NULL)
                continue;
            }
            string path = prefix + field.Name;
            var changes = new List<(string? FieldPath, DeltaDataType From, DeltaDataType To)>();
            DeltaDataType type = MergeType(field.Type, incoming.Type, path, null, merge, widen, changes);
            IReadOnlyDictionary<string, JsonElement> metadata = changes.Count == 0 ? field.Metadata : WithTypeChanges(field.Metadata, changes);
            result.Add(ReferenceEquals(type, field.Type) && changes.Count == 0 ? field : new DeltaStructField(field.Name, type, field.Nullable, metadata));
        }
        foreach (DeltaStructField incoming in data.Fields)
        {
            if (table.FindField(incoming.Name) is not null)
            {
                continue;
            }
            string path = prefix + incoming.Name;
            if (!merge)
            {
                throw new DeltaSchemaMismatchException(
                    $"The data has {(topLevel ? "column" : "field")} '{path}', which the table schema lacks; write with schema mode merge to add it.");
            }
            result.Add(new DeltaStructField(incoming.Name, incoming.Type, nullable: true));
        }
        return new DeltaStructType(result);
    }

    private static DeltaDataType MergeType(DeltaDataType table, DeltaDataType data, string path, string? fieldPath, bool merge, bool widen,
        List<(string? FieldPath, DeltaDataType From, DeltaDataType To)> changes)
    {
        switch (table)
        {
            case DeltaStructType ts when data is DeltaStructType ds:
                DeltaStructType mergedStruct = MergeStruct(ts, ds, path + ".", merge, widen, topLevel: false);
                return mergedStruct.Equals(ts) ? table : mergedStruct;
            case DeltaArrayType ta when data is DeltaArrayType da:
                DeltaDataType element = MergeType(ta.ElementType, da.ElementType, path + ".element", Join(fieldPath, "element"), merge, widen, changes);
                return ReferenceEquals(element, ta.ElementType) ? table : new DeltaArrayType(element, ta.ContainsNull);
            case DeltaMapType tm when data is DeltaMapType dm:
                DeltaDataType key = MergeType(tm.KeyType, dm.KeyType, path + ".key", Join(fieldPath, "key"), merge, widen, changes);
                DeltaDataType value = MergeType(tm.ValueType, dm.ValueType, path + ".value", Join(fieldPath, "value"), merge, widen, changes);
                return ReferenceEquals(key, tm.KeyType) && ReferenceEquals(value, tm.ValueType) ? table : new DeltaMapType(key, value, tm.ValueContainsNull);
        }
        if (table.Equals(data))
        {
            return table;
        }
        if (merge && widen && IsWidening(table, data))
        {
            changes.Add((fieldPath, table, data));
            return data;
        }
        string hint = IsWidening(table, data)
            ? " (a wider type is accepted only with schema mode merge on a table with delta.enableTypeWidening=true)"
            : string.Empty;
        throw new DeltaSchemaMismatchException($"Column '{path}' has type {data} in the data; the table column is {table}{hint}.");
    }

    private static string? Join(string? prefix, string part) => prefix is null ? part : prefix + "." + part;

    /// <summary>PROTOCOL.md "Type Widening": the supported type changes.</summary>
    internal static bool IsWidening(DeltaDataType from, DeltaDataType to)
    {
        static int IntegerRank(DeltaDataType t) => t is DeltaPrimitiveType p ? p.Kind switch
        {
            DeltaPrimitiveKind.Byte => 1,
            DeltaPrimitiveKind.Short => 2,
            DeltaPrimitiveKind.Integer => 3,
            DeltaPrimitiveKind.Long => 4,
            _ => 0,
        } : 0;
        int fromRank = IntegerRank(from);
        int toRank = IntegerRank(to);
        if (fromRank > 0 && toRank > fromRank)
        {
            return true;
        }
        if (to is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Double } &&
            (from is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Float } || fromRank is >= 1 and <= 3))
        {
            return true;
        }
        if (from is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Date } && to is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.TimestampNtz })
        {
            return true;
        }
        if (to is DeltaDecimalType target)
        {
            if (from is DeltaDecimalType source)
            {
                int k1 = target.Precision - source.Precision;
                int k2 = target.Scale - source.Scale;
                return k2 >= 0 && k1 >= k2 && (k1 > 0 || k2 > 0);
            }
            if (fromRank > 0)
            {
                int basePrecision = fromRank == 4 ? 20 : 10;
                return target.Precision - basePrecision >= target.Scale && target.Scale >= 0;
            }
        }
        return false;
    }

    private static Dictionary<string, JsonElement> WithTypeChanges(IReadOnlyDictionary<string, JsonElement> metadata, List<(string? FieldPath, DeltaDataType From, DeltaDataType To)> changes)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            if (metadata.TryGetValue(DeltaStructField.TypeChangesKey, out JsonElement existing) && existing.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement change in existing.EnumerateArray())
                {
                    change.WriteTo(w);
                }
            }
            foreach ((string? fieldPath, DeltaDataType from, DeltaDataType to) in changes)
            {
                w.WriteStartObject();
                w.WriteString("fromType", TypeName(from));
                w.WriteString("toType", TypeName(to));
                if (fieldPath is not null)
                {
                    w.WriteString("fieldPath", fieldPath);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonElement> entry in metadata)
        {
            result[entry.Key] = entry.Value;
        }
        using JsonDocument document = JsonDocument.Parse(stream.ToArray());
        result[DeltaStructField.TypeChangesKey] = document.RootElement.Clone();
        return result;
    }

    private static string TypeName(DeltaDataType type) => type switch
    {
        DeltaDecimalType d => $"decimal({d.Precision},{d.Scale})",
        _ => type.TypeName,
    };

    private static int FindColumn(IReadOnlyList<Field> fields, string name)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    private static ArrayData Nulls(ArrowType type, int length)
    {
        using ArrowArrayBuilder builder = ArrowArrayBuilder.Create(type);
        builder.AppendNulls(length);
        return builder.BuildData();
    }

    /// <summary>A new owner of <paramref name="data"/> shaped like <paramref name="type"/>: struct fields in the
    /// table's order and names, absent ones as nulls; leaves are shared (the writer checks their Arrow types).</summary>
    private static ArrayData ConformArray(ArrayData data, DeltaDataType type, string path)
    {
        switch (type)
        {
            case DeltaStructType st when data.Type is StructType source:
            {
                var children = new List<ArrayData>(st.Fields.Count);
                var fields = new List<Field>(st.Fields.Count);
                try
                {
                    foreach (DeltaStructField field in st.Fields)
                    {
                        int index = FindColumn(source.Fields, field.Name);
                        ArrayData child = index < 0
                            ? Nulls(DeltaArrowSchema.ToArrowType(field.Type), data.Offset + data.Length)
                            : ConformArray(data.Children[index], field.Type, path + "." + field.Name);
                        children.Add(child);
                        fields.Add(new Field(field.Name, child.Type, field.Nullable));
                    }
                }
                catch
                {
                    foreach (ArrayData child in children)
                    {
                        child.Dispose();
                    }
                    throw;
                }
                return new ArrayData(new StructType(fields), data.Length, ArrayData.UnknownNullCount, data.Offset, [data.ValidityBuffer?.Retain()], children);
            }
            case DeltaArrayType at when data.Type is ListType { TypeId: ArrowTypeId.List } list:
            {
                ArrayData element = ConformArray(data.Children[0], at.ElementType, path + ".element");
                return new ArrayData(new ListType(new Field(list.ValueField.Name, element.Type, at.ContainsNull)), data.Length, ArrayData.UnknownNullCount, data.Offset,
                    [data.ValidityBuffer?.Retain(), data.GetBuffer(1).Retain()], [element]);
            }
            default:
                return data.Retain();
        }
    }

    /// <summary>Rejects nulls where <paramref name="type"/> forbids them. <paramref name="slots"/> are the slots to
    /// check (relative to the array's offset), null = all.</summary>
    private static void CheckNulls(ArrayData data, DeltaDataType type, bool nullable, string path, List<int>? slots)
    {
        if (!HasRequired(type) && nullable)
        {
            return;
        }
        if (!nullable)
        {
            if (slots is null)
            {
                if (data.NullCount > 0)
                {
                    throw NullIn(path, data.NullCount);
                }
            }
            else
            {
                foreach (int slot in slots)
                {
                    if (!data.IsValid(slot))
                    {
                        throw NullIn(path, 1);
                    }
                }
            }
        }
        if (!HasRequired(type))
        {
            return;
        }
        var valid = new List<int>();
        if (slots is null)
        {
            for (int i = 0; i < data.Length; i++)
            {
                if (data.IsValid(i))
                {
                    valid.Add(i);
                }
            }
        }
        else
        {
            foreach (int slot in slots)
            {
                if (data.IsValid(slot))
                {
                    valid.Add(slot);
                }
            }
        }
        switch (type)
        {
            case DeltaStructType st:
                for (int f = 0; f < st.Fields.Count; f++)
                {
                    var childSlots = new List<int>(valid.Count);
                    foreach (int slot in valid)
                    {
                        childSlots.Add(data.Offset + slot);
                    }
                    CheckNulls(data.Children[f], st.Fields[f].Type, st.Fields[f].Nullable, path + "." + st.Fields[f].Name, childSlots);
                }
                break;
            case DeltaArrayType at:
                CheckNulls(data.Children[0], at.ElementType, at.ContainsNull, path + ".element", ChildRange(data, valid));
                break;
            case DeltaMapType mt:
                ArrayData entries = data.Children[0];
                List<int> entrySlots = ChildRange(data, valid);
                CheckNulls(entries.Children[1], mt.ValueType, mt.ValueContainsNull, path + ".value", Shift(entries, entrySlots));
                CheckNulls(entries.Children[0], mt.KeyType, nullable: false, path + ".key", Shift(entries, entrySlots));
                break;
        }
    }

    private static List<int> Shift(ArrayData parent, List<int> slots)
    {
        var result = new List<int>(slots.Count);
        foreach (int slot in slots)
        {
            result.Add(parent.Offset + slot);
        }
        return result;
    }

    private static List<int> ChildRange(ArrayData list, List<int> valid)
    {
        ReadOnlySpan<int> offsets = list.GetBuffer(1).AsSpan<int>();
        var result = new List<int>();
        foreach (int slot in valid)
        {
            for (int i = offsets[list.Offset + slot]; i < offsets[list.Offset + slot + 1]; i++)
            {
                result.Add(i);
            }
        }
        return result;
    }

    private static bool HasRequired(DeltaDataType type) => type switch
    {
        DeltaStructType st => AnyRequired(st),
        DeltaArrayType at => !at.ContainsNull || HasRequired(at.ElementType),
        DeltaMapType mt => !mt.ValueContainsNull || HasRequired(mt.ValueType) || HasRequired(mt.KeyType),
        _ => false,
    };

    private static bool AnyRequired(DeltaStructType st)
    {
        foreach (DeltaStructField field in st.Fields)
        {
            if (!field.Nullable || HasRequired(field.Type))
            {
                return true;
            }
        }
        return false;
    }

    private static DeltaSchemaMismatchException NullIn(string path, int count) =>
        new($"Column '{path}' is NOT NULL in the table but the data has {count} null{(count == 1 ? string.Empty : "s")} there.");
}
