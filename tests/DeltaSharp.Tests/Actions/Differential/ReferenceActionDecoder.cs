using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace DeltaSharp.Tests.Actions.Differential;

/// <summary>
/// An independent reading of one log line, built on System.Text.Json's <see cref="JsonDocument"/> from PROTOCOL.md's
/// action schemas and the decoder's documented rules (unknown actions/fields ignored, null action ignored, optional
/// fields' defaults, numbers as 64-bit integers or quoted integers, map values as string or JSON literal text, the
/// last duplicate member wins). Produces the same canonical form as <see cref="CanonicalActionRecorder"/>.
/// </summary>
internal static class ReferenceActionDecoder
{
    public static List<string> Decode(string line, bool stats)
    {
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(line))
        {
            return result;
        }
        using JsonDocument doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 256 });
        foreach (JsonProperty action in doc.RootElement.EnumerateObject())
        {
            JsonElement v = action.Value;
            if (v.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            switch (action.Name)
            {
                case "add":
                    result.Add(Add(v, stats));
                    break;
                case "remove":
                    result.Add(Remove(v));
                    break;
                case "cdc":
                    result.Add(Cdc(v));
                    break;
                case "metaData":
                    result.Add(Metadata(v));
                    break;
                case "protocol":
                    result.Add(CanonicalActionRecorder.Render("protocol", Long(Last(v, "minReaderVersion")), Long(Last(v, "minWriterVersion")), StringList(Last(v, "readerFeatures")), StringList(Last(v, "writerFeatures"))));
                    break;
                case "txn":
                    result.Add(CanonicalActionRecorder.Render("txn", Str(Last(v, "appId")), Long(Last(v, "version")), Long(Last(v, "lastUpdated"))));
                    break;
                case "domainMetadata":
                    result.Add(CanonicalActionRecorder.Render("domainMetadata", Str(Last(v, "domain")), Str(Last(v, "configuration")) ?? string.Empty, Bool(Last(v, "removed")) ?? false));
                    break;
                case "commitInfo":
                    result.Add(CanonicalActionRecorder.Render("commitInfo", v.GetRawText(), Long(Last(v, "timestamp")), Long(Last(v, "inCommitTimestamp")), Str(Last(v, "operation"))));
                    break;
                case "checkpointMetadata":
                    result.Add(CanonicalActionRecorder.Render("checkpointMetadata", Long(Last(v, "version"))));
                    break;
                case "sidecar":
                    result.Add(CanonicalActionRecorder.Render("sidecar", Str(Last(v, "path")), Long(Last(v, "sizeInBytes")) ?? 0, Long(Last(v, "modificationTime")) ?? 0));
                    break;
            }
        }
        return result;
    }

    private static string Add(JsonElement v, bool stats)
    {
        Require(v);
        List<string?>? tags = Map(Last(v, "tags"));
        return CanonicalActionRecorder.Render(
            "add",
            Str(Last(v, "path")),
            Map(Last(v, "partitionValues")) ?? [],
            Long(Last(v, "size")),
            Long(Last(v, "modificationTime")) ?? 0,
            Bool(Last(v, "dataChange")) ?? true,
            stats ? Str(Last(v, "stats")) : null,
            tags is { Count: 0 } ? null : tags,
            Dv(Last(v, "deletionVector")),
            Long(Last(v, "baseRowId")),
            Long(Last(v, "defaultRowCommitVersion")));
    }

    private static string Remove(JsonElement v)
    {
        Require(v);
        return CanonicalActionRecorder.Render(
            "remove",
            Str(Last(v, "path")),
            Long(Last(v, "deletionTimestamp")),
            Bool(Last(v, "dataChange")) ?? true,
            Dv(Last(v, "deletionVector")),
            Long(Last(v, "size")),
            Map(Last(v, "partitionValues")) ?? []);
    }

    private static string Cdc(JsonElement v)
    {
        Require(v);
        List<string?>? tags = Map(Last(v, "tags"));
        return CanonicalActionRecorder.Render(
            "cdc",
            Str(Last(v, "path")),
            Map(Last(v, "partitionValues")) ?? [],
            Long(Last(v, "size")),
            Bool(Last(v, "dataChange")) ?? false,
            tags is { Count: 0 } ? null : tags);
    }

    private static string Metadata(JsonElement v)
    {
        Require(v);
        string provider = "parquet";
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        JsonElement? format = Last(v, "format");
        if (format is { ValueKind: JsonValueKind.Object } f)
        {
            provider = Str(Last(f, "provider")) ?? "parquet";
            List<string?>? raw = Map(Last(f, "options"));
            for (int i = 0; raw is not null && i < raw.Count; i += 2)
            {
                options[raw[i]!] = raw[i + 1] ?? string.Empty;
            }
        }
        var configuration = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        List<string?>? config = Map(Last(v, "configuration"));
        for (int i = 0; config is not null && i < config.Count; i += 2)
        {
            configuration[config[i]!] = config[i + 1];
        }
        return CanonicalActionRecorder.Render(
            "metaData",
            Str(Last(v, "id")),
            Str(Last(v, "name")),
            Str(Last(v, "description")),
            provider,
            options,
            Str(Last(v, "schemaString")) ?? "{\"type\":\"struct\",\"fields\":[]}",
            StringList(Last(v, "partitionColumns")) ?? [],
            configuration,
            Long(Last(v, "createdTime")));
    }

    private static string? Dv(JsonElement? e)
    {
        if (e is null || e.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        JsonElement v = e.Value;
        Require(v);
        string storage = Str(Last(v, "storageType"))!;
        string path = Str(Last(v, "pathOrInlineDv"))!;
        long? offset = Long(Last(v, "offset"));
        return (offset is long o ? storage + path + "@" + o.ToString(CultureInfo.InvariantCulture) : storage + path) + "|" + Long(Last(v, "sizeInBytes")) + "|" + Long(Last(v, "cardinality"));
    }

    private static void Require(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("not an object");
        }
    }

    /// <summary>The last member named <paramref name="name"/> (JSON allows duplicates; the last one wins).</summary>
    private static JsonElement? Last(JsonElement obj, string name)
    {
        JsonElement? found = null;
        foreach (JsonProperty p in obj.EnumerateObject())
        {
            if (p.Name == name)
            {
                found = p.Value;
            }
        }
        return found;
    }

    private static string? Str(JsonElement? e) => e is null || e.Value.ValueKind == JsonValueKind.Null ? null : e.Value.GetString();

    private static long? Long(JsonElement? e)
    {
        if (e is null || e.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (e.Value.ValueKind == JsonValueKind.String)
        {
            return long.Parse(e.Value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        return e.Value.GetInt64();
    }

    private static bool? Bool(JsonElement? e) => e is null || e.Value.ValueKind == JsonValueKind.Null ? null : e.Value.GetBoolean();

    private static List<string>? StringList(JsonElement? e)
    {
        if (e is null || e.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var list = new List<string>();
        foreach (JsonElement item in e.Value.EnumerateArray())
        {
            list.Add(item.GetString()!);
        }
        return list;
    }

    /// <summary>A string map as a flat key, value, key, value list in document order.</summary>
    private static List<string?>? Map(JsonElement? e)
    {
        if (e is null || e.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var list = new List<string?>();
        foreach (JsonProperty p in e.Value.EnumerateObject())
        {
            list.Add(p.Name);
            list.Add(p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                _ => throw new FormatException("map value not a scalar"),
            });
        }
        return list;
    }
}
