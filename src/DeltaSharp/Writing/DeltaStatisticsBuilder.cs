using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;
using System.Text.Json;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Schema;

namespace DeltaSharp.Writing;

/// <summary>
/// Builds an add action's <c>stats</c> JSON (numRecords, minValues, maxValues, nullCount, tightBounds) from the
/// footer the Parquet writer returned. Columns: leaves of top-level and struct-nested fields (not inside arrays
/// or maps) in schema order, limited by <c>delta.dataSkippingStatsColumns</c> or else the first
/// <c>delta.dataSkippingNumIndexedCols</c> (default 32, -1 = all) columns counted as Spark does (each leaf of a
/// struct, each other column including arrays and maps, which get no statistics, counts one). min/max are written for numbers,
/// decimals, dates, timestamps and strings (strings cut to 32 characters; a cut max gets U+FFFF appended as the
/// protocol's tie-breaker); nullCount for every such leaf. Timestamps are in milliseconds: min floored, max
/// rounded up, so bounds stay valid. Requires exact Parquet statistics (truncation disabled). Pure.
/// </summary>
internal static class DeltaStatisticsBuilder
{
    public const string NumIndexedColsKey = "delta.dataSkippingNumIndexedCols";
    public const string StatsColumnsKey = "delta.dataSkippingStatsColumns";
    private const int StringPrefixLength = 32;

    private sealed class Leaf
    {
        public required string[] Path { get; init; }
        public required DeltaDataType Type { get; init; }
        public bool CountOnly { get; init; }
        public byte[]? Min { get; set; }
        public byte[]? Max { get; set; }
        public bool MinMaxValid { get; set; } = true;
        public long NullCount { get; set; }
        public bool NullCountValid { get; set; } = true;
    }

    public static byte[] Build(ParquetFileMetaData footer, DeltaStructType dataSchema, IReadOnlyDictionary<string, string?> configuration)
    {
        List<Leaf> leaves = SelectLeaves(dataSchema, configuration);
        var byPath = new Dictionary<string, Leaf>(StringComparer.Ordinal);
        foreach (Leaf leaf in leaves)
        {
            byPath[string.Join('\u0001', leaf.Path)] = leaf;
        }
        foreach (ParquetRowGroup rowGroup in footer.RowGroups)
        {
            foreach (ParquetColumnChunk chunk in rowGroup.Columns)
            {
                if (chunk.MetaData is not { } meta || !byPath.TryGetValue(string.Join('\u0001', meta.PathInSchema), out Leaf? leaf))
                {
                    continue;
                }
                ParquetStatistics? s = meta.Statistics;
                if (s?.NullCount is long nulls)
                {
                    leaf.NullCount += nulls;
                }
                else
                {
                    leaf.NullCountValid = false;
                }
                long nonNull = meta.NumValues - (s?.NullCount ?? 0);
                if (nonNull == 0)
                {
                    continue; // an all-null chunk has no bounds and does not constrain them
                }
                if (s?.MinValue is not { } min || s.MaxValue is not { } max || s.IsMinValueExact == false || s.IsMaxValueExact == false)
                {
                    leaf.MinMaxValid = false;
                    continue;
                }
                if (leaf.Min is null || Compare(leaf.Type, min, leaf.Min) < 0)
                {
                    leaf.Min = min;
                }
                if (leaf.Max is null || Compare(leaf.Type, max, leaf.Max) > 0)
                {
                    leaf.Max = max;
                }
            }
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("numRecords", footer.NumRows);
            WriteSection(w, "minValues", leaves, l => l.MinMaxValid && l.Min is not null && HasBounds(l.Type), (w2, l) => WriteBound(w2, l, isMin: true));
            WriteSection(w, "maxValues", leaves, l => l.MinMaxValid && l.Max is not null && HasBounds(l.Type), (w2, l) => WriteBound(w2, l, isMin: false));
            WriteSection(w, "nullCount", leaves, l => l.NullCountValid, (w2, l) =>
            {
                w2.WriteNumberValue(l.NullCount);
                return true;
            });
            w.WriteBoolean("tightBounds", true);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static bool HasBounds(DeltaDataType type) => type switch
    {
        DeltaDecimalType => true,
        DeltaPrimitiveType p => p.Kind is DeltaPrimitiveKind.String or DeltaPrimitiveKind.Long or DeltaPrimitiveKind.Integer
            or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Byte or DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double
            or DeltaPrimitiveKind.Date or DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz,
        _ => false,
    };

    private static List<Leaf> SelectLeaves(DeltaStructType schema, IReadOnlyDictionary<string, string?> configuration)
    {
        var all = new List<Leaf>();
        Collect(schema, [], all);
        if (configuration.TryGetValue(StatsColumnsKey, out string? statsColumns) && !string.IsNullOrWhiteSpace(statsColumns))
        {
            var wanted = new List<string[]>();
            foreach (string part in statsColumns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                wanted.Add(part.Replace("`", string.Empty, StringComparison.Ordinal).Split('.'));
            }
            return all.FindAll(leaf => !leaf.CountOnly && wanted.Exists(w => IsPrefix(w, leaf.Path)));
        }
        int limit = 32;
        if (configuration.TryGetValue(NumIndexedColsKey, out string? text) && text is not null)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < -1)
            {
                throw new DeltaException($"Table property {NumIndexedColsKey} must be an integer >= -1, not '{text}'.");
            }
        }
        // Spark counts every non-struct field (arrays and maps too) towards the limit, struct fields by their leaves.
        List<Leaf> indexed = limit == -1 || all.Count <= limit ? all : all.GetRange(0, limit);
        return indexed.FindAll(leaf => !leaf.CountOnly);
    }

    private static bool IsPrefix(string[] prefix, string[] path)
    {
        if (prefix.Length > path.Length)
        {
            return false;
        }
        for (int i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(prefix[i], path[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return true;
    }

    private static void Collect(DeltaStructType type, string[] prefix, List<Leaf> output)
    {
        foreach (DeltaStructField field in type.Fields)
        {
            string[] path = [.. prefix, field.Name];
            switch (field.Type)
            {
                case DeltaStructType nested:
                    Collect(nested, path, output);
                    break;
                case DeltaArrayType or DeltaMapType:
                    // Leaves under repeated fields have no per-row statistics, but the column counts towards
                    // delta.dataSkippingNumIndexedCols as in Spark.
                    output.Add(new Leaf { Path = path, Type = field.Type, CountOnly = true });
                    break;
                default:
                    output.Add(new Leaf { Path = path, Type = field.Type });
                    break;
            }
        }
    }

    private static void WriteSection(Utf8JsonWriter w, string name, List<Leaf> leaves, Func<Leaf, bool> include, Func<Utf8JsonWriter, Leaf, bool> writeValue)
    {
        // Nested JSON objects follow the struct paths; leaves whose value cannot be written are skipped.
        var tree = new SortedDictionary<int, Leaf>();
        for (int i = 0; i < leaves.Count; i++)
        {
            if (include(leaves[i]))
            {
                tree[i] = leaves[i];
            }
        }
        w.WritePropertyName(name);
        w.WriteStartObject();
        var open = new List<string>();
        foreach (Leaf leaf in tree.Values)
        {
            int common = 0;
            while (common < open.Count && common < leaf.Path.Length - 1 && open[common] == leaf.Path[common])
            {
                common++;
            }
            while (open.Count > common)
            {
                w.WriteEndObject();
                open.RemoveAt(open.Count - 1);
            }
            for (int i = common; i < leaf.Path.Length - 1; i++)
            {
                w.WritePropertyName(leaf.Path[i]);
                w.WriteStartObject();
                open.Add(leaf.Path[i]);
            }
            w.WritePropertyName(leaf.Path[^1]);
            if (!writeValue(w, leaf))
            {
                w.WriteNullValue();
            }
        }
        while (open.Count > 0)
        {
            w.WriteEndObject();
            open.RemoveAt(open.Count - 1);
        }
        w.WriteEndObject();
    }

    private static bool WriteBound(Utf8JsonWriter w, Leaf leaf, bool isMin)
    {
        byte[] raw = isMin ? leaf.Min! : leaf.Max!;
        CultureInfo inv = CultureInfo.InvariantCulture;
        switch (leaf.Type)
        {
            case DeltaDecimalType d:
                w.WriteRawValue(PartitionValueFormatter.FormatDecimal(Unscaled(raw), d.Scale), skipInputValidation: true);
                return true;
            case DeltaPrimitiveType p:
                switch (p.Kind)
                {
                    case DeltaPrimitiveKind.Long:
                        w.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(raw));
                        return true;
                    case DeltaPrimitiveKind.Integer or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Byte:
                        w.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(raw));
                        return true;
                    case DeltaPrimitiveKind.Float:
                    {
                        float f = BinaryPrimitives.ReadSingleLittleEndian(raw);
                        if (!float.IsFinite(f))
                        {
                            return false;
                        }
                        w.WriteNumberValue(f);
                        return true;
                    }
                    case DeltaPrimitiveKind.Double:
                    {
                        double v = BinaryPrimitives.ReadDoubleLittleEndian(raw);
                        if (!double.IsFinite(v))
                        {
                            return false;
                        }
                        w.WriteNumberValue(v);
                        return true;
                    }
                    case DeltaPrimitiveKind.Date:
                        w.WriteStringValue(PartitionValueFormatter.FormatDate(BinaryPrimitives.ReadInt32LittleEndian(raw)));
                        return true;
                    case DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz:
                    {
                        long micros = BinaryPrimitives.ReadInt64LittleEndian(raw);
                        long millis = isMin ? Math.DivRem(micros, 1000, out long r1) - (r1 < 0 ? 1 : 0) : CeilDiv(micros, 1000);
                        DateTime t = DateTime.UnixEpoch.AddTicks(millis * TimeSpan.TicksPerMillisecond);
                        string format = p.Kind == DeltaPrimitiveKind.Timestamp ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff";
                        w.WriteStringValue(t.ToString(format, inv));
                        return true;
                    }
                    case DeltaPrimitiveKind.String:
                    {
                        string s = Encoding.UTF8.GetString(raw);
                        if (s.Length <= StringPrefixLength)
                        {
                            w.WriteStringValue(s);
                            return true;
                        }
                        int cut = StringPrefixLength;
                        if (char.IsHighSurrogate(s[cut - 1]))
                        {
                            cut--;
                        }
                        w.WriteStringValue(isMin ? s[..cut] : s[..cut] + "\uFFFF");
                        return true;
                    }
                }
                break;
        }
        return false;
    }

    private static long CeilDiv(long a, long b)
    {
        long q = Math.DivRem(a, b, out long r);
        return r > 0 ? q + 1 : q;
    }

    private static BigInteger Unscaled(byte[] raw) => raw.Length switch
    {
        4 => BinaryPrimitives.ReadInt32LittleEndian(raw),
        8 => BinaryPrimitives.ReadInt64LittleEndian(raw),
        _ => new BigInteger(raw, isUnsigned: false, isBigEndian: true), // FIXED_LEN_BYTE_ARRAY, big-endian
    };

    private static int Compare(DeltaDataType type, byte[] a, byte[] b)
    {
        switch (type)
        {
            case DeltaDecimalType:
                return Unscaled(a).CompareTo(Unscaled(b));
            case DeltaPrimitiveType p:
                switch (p.Kind)
                {
                    case DeltaPrimitiveKind.Long or DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz:
                        return BinaryPrimitives.ReadInt64LittleEndian(a).CompareTo(BinaryPrimitives.ReadInt64LittleEndian(b));
                    case DeltaPrimitiveKind.Integer or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Byte or DeltaPrimitiveKind.Date:
                        return BinaryPrimitives.ReadInt32LittleEndian(a).CompareTo(BinaryPrimitives.ReadInt32LittleEndian(b));
                    case DeltaPrimitiveKind.Float:
                        return BinaryPrimitives.ReadSingleLittleEndian(a).CompareTo(BinaryPrimitives.ReadSingleLittleEndian(b));
                    case DeltaPrimitiveKind.Double:
                        return BinaryPrimitives.ReadDoubleLittleEndian(a).CompareTo(BinaryPrimitives.ReadDoubleLittleEndian(b));
                    case DeltaPrimitiveKind.Boolean:
                        return a[0].CompareTo(b[0]);
                }
                break;
        }
        return a.AsSpan().SequenceCompareTo(b);
    }
}
