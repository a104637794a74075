using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Tests.Ipc;

/// <summary>
/// Renders Arrow data as the canonical JSON that tests/DeltaSharp.Arrow.Tests/js/render.cjs produces, reading the
/// buffers directly (independent of the IPC code): integers as decimal strings, floats as hex bit patterns, binary
/// and decimals as hex, lists as arrays, structs as objects, maps as [key, value] pairs, dictionaries decoded.
/// </summary>
internal static class ArrowJson
{
    public static JsonObject Render(Schema schema, IReadOnlyList<RecordBatch> batches)
    {
        var fields = new JsonArray();
        foreach (Field f in schema.Fields)
        {
            fields.Add(new JsonObject { ["name"] = f.Name, ["nullable"] = f.IsNullable });
        }
        var metadata = new JsonObject();
        foreach (KeyValuePair<string, string> kv in schema.Metadata)
        {
            metadata[kv.Key] = kv.Value;
        }
        var counts = new JsonArray();
        foreach (RecordBatch b in batches)
        {
            counts.Add(b.Length);
        }
        var columns = new JsonObject();
        for (int c = 0; c < schema.Fields.Count; c++)
        {
            var values = new JsonArray();
            foreach (RecordBatch b in batches)
            {
                ArrayData data = b.Column(c).Data;
                for (int i = 0; i < data.Length; i++)
                {
                    values.Add(Value(data, data.Offset + i));
                }
            }
            columns[schema.Fields[c].Name] = values;
        }
        return new JsonObject { ["schema"] = fields, ["metadata"] = metadata, ["batches"] = counts, ["columns"] = columns };
    }

    /// <summary>Drops the JS type strings (types are checked separately) so the documents compare.</summary>
    public static JsonNode WithoutTypes(JsonNode node)
    {
        foreach (JsonNode? field in node["schema"]!.AsArray())
        {
            field!.AsObject().Remove("type");
        }
        return node;
    }

    /// <summary>Renders absolute slot <paramref name="j"/> (offset already applied).</summary>
    private static JsonNode? Value(ArrayData d, long j)
    {
        if (d.Type.TypeId == ArrowTypeId.Null)
        {
            return null;
        }
        if (d.ValidityBuffer is { } validity && !BitUtility.GetBit(validity.Span, (int)j))
        {
            return null;
        }
        int i = (int)j;
        switch (d.Type.TypeId)
        {
            case ArrowTypeId.Boolean:
                return BitUtility.GetBit(d.GetBuffer(1).Span, i);
            case ArrowTypeId.Int8:
                return ((sbyte)d.GetBuffer(1).Span[i]).ToString();
            case ArrowTypeId.UInt8:
                return d.GetBuffer(1).Span[i].ToString();
            case ArrowTypeId.Int16:
                return BinaryPrimitives.ReadInt16LittleEndian(d.GetBuffer(1).Span.Slice(i * 2)).ToString();
            case ArrowTypeId.UInt16:
                return BinaryPrimitives.ReadUInt16LittleEndian(d.GetBuffer(1).Span.Slice(i * 2)).ToString();
            case ArrowTypeId.Int32 or ArrowTypeId.Date32 or ArrowTypeId.Time32:
                return BinaryPrimitives.ReadInt32LittleEndian(d.GetBuffer(1).Span.Slice(i * 4)).ToString();
            case ArrowTypeId.UInt32:
                return BinaryPrimitives.ReadUInt32LittleEndian(d.GetBuffer(1).Span.Slice(i * 4)).ToString();
            case ArrowTypeId.Int64 or ArrowTypeId.Date64 or ArrowTypeId.Time64 or ArrowTypeId.Timestamp or ArrowTypeId.Duration:
                return BinaryPrimitives.ReadInt64LittleEndian(d.GetBuffer(1).Span.Slice(i * 8)).ToString();
            case ArrowTypeId.UInt64:
                return BinaryPrimitives.ReadUInt64LittleEndian(d.GetBuffer(1).Span.Slice(i * 8)).ToString();
            case ArrowTypeId.Float16:
                return "0x" + BinaryPrimitives.ReadUInt16LittleEndian(d.GetBuffer(1).Span.Slice(i * 2)).ToString("x4");
            case ArrowTypeId.Float32:
                return "0x" + BinaryPrimitives.ReadUInt32LittleEndian(d.GetBuffer(1).Span.Slice(i * 4)).ToString("x8");
            case ArrowTypeId.Float64:
                return "0x" + BinaryPrimitives.ReadUInt64LittleEndian(d.GetBuffer(1).Span.Slice(i * 8)).ToString("x16");
            case ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256 or ArrowTypeId.FixedSizeBinary:
            {
                int w = d.Type.BitWidth / 8;
                return Convert.ToHexStringLower(d.GetBuffer(1).Span.Slice(i * w, w));
            }
            case ArrowTypeId.Binary or ArrowTypeId.String or ArrowTypeId.LargeBinary or ArrowTypeId.LargeString:
            {
                bool large = d.Type.TypeId is ArrowTypeId.LargeBinary or ArrowTypeId.LargeString;
                (long s, long e) = Offsets(d.GetBuffer(1), i, large);
                ReadOnlySpan<byte> bytes = d.GetBuffer(2).Span.Slice((int)s, (int)(e - s));
                return d.Type.TypeId is ArrowTypeId.String or ArrowTypeId.LargeString ? Encoding.UTF8.GetString(bytes) : Convert.ToHexStringLower(bytes);
            }
            case ArrowTypeId.BinaryView or ArrowTypeId.StringView:
            {
                ReadOnlySpan<byte> view = d.GetBuffer(1).Span.Slice(i * 16, 16);
                int length = BinaryPrimitives.ReadInt32LittleEndian(view);
                ReadOnlySpan<byte> bytes = length <= 12
                    ? view.Slice(4, length)
                    : d.GetBuffer(2 + BinaryPrimitives.ReadInt32LittleEndian(view.Slice(8))).Span.Slice(BinaryPrimitives.ReadInt32LittleEndian(view.Slice(12)), length);
                return d.Type.TypeId == ArrowTypeId.StringView ? Encoding.UTF8.GetString(bytes) : Convert.ToHexStringLower(bytes);
            }
            case ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.Map:
            {
                (long s, long e) = Offsets(d.GetBuffer(1), i, d.Type.TypeId == ArrowTypeId.LargeList);
                ArrayData child = d.Children[0];
                var items = new JsonArray();
                for (long k = s; k < e; k++)
                {
                    if (d.Type.TypeId == ArrowTypeId.Map)
                    {
                        // Entries struct: key and value children addressed as entries.Offset + k.
                        long at = child.Offset + k;
                        items.Add(new JsonArray(Value(child.Children[0], child.Children[0].Offset + at), Value(child.Children[1], child.Children[1].Offset + at)));
                    }
                    else
                    {
                        items.Add(Value(child, child.Offset + k));
                    }
                }
                return items;
            }
            case ArrowTypeId.FixedSizeList:
            {
                int n = ((FixedSizeListType)d.Type).ListSize;
                ArrayData child = d.Children[0];
                var items = new JsonArray();
                for (long k = (long)i * n; k < ((long)i + 1) * n; k++)
                {
                    items.Add(Value(child, child.Offset + k));
                }
                return items;
            }
            case ArrowTypeId.Struct:
            {
                var obj = new JsonObject();
                IReadOnlyList<Field> fields = ((StructType)d.Type).Fields;
                for (int c = 0; c < fields.Count; c++)
                {
                    ArrayData child = d.Children[c];
                    obj[fields[c].Name] = Value(child, child.Offset + j);
                }
                return obj;
            }
            case ArrowTypeId.Dictionary:
            {
                var dt = (DictionaryType)d.Type;
                ReadOnlySpan<byte> idx = d.GetBuffer(1).Span;
                long index = dt.IndexType.BitWidth switch
                {
                    8 => dt.IndexType.IsSigned ? (sbyte)idx[i] : idx[i],
                    16 => dt.IndexType.IsSigned ? BinaryPrimitives.ReadInt16LittleEndian(idx.Slice(i * 2)) : BinaryPrimitives.ReadUInt16LittleEndian(idx.Slice(i * 2)),
                    32 => dt.IndexType.IsSigned ? BinaryPrimitives.ReadInt32LittleEndian(idx.Slice(i * 4)) : BinaryPrimitives.ReadUInt32LittleEndian(idx.Slice(i * 4)),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(idx.Slice(i * 8)),
                };
                ArrayData dict = d.Dictionary!;
                return Value(dict, dict.Offset + index);
            }
            default:
                throw new NotSupportedException(d.Type.ToString());
        }
    }

    private static (long Start, long End) Offsets(ArrowBuffer offsets, int i, bool large) => large
        ? (BinaryPrimitives.ReadInt64LittleEndian(offsets.Span.Slice(i * 8)), BinaryPrimitives.ReadInt64LittleEndian(offsets.Span.Slice((i + 1) * 8)))
        : (BinaryPrimitives.ReadInt32LittleEndian(offsets.Span.Slice(i * 4)), BinaryPrimitives.ReadInt32LittleEndian(offsets.Span.Slice((i + 1) * 4)));
}
