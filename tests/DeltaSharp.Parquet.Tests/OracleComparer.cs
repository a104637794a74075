using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DeltaSharp.Parquet.Tests;

/// <summary>Compares DuckDB's <c>to_json</c> rows with rows rendered from our Arrow batches.</summary>
internal static class OracleComparer
{
    /// <summary>Makes DuckDB's JSON parseable: bare NaN/Infinity tokens become strings.</summary>
    public static string Sanitize(string json)
    {
        StringBuilder sb = new(json.Length);
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                {
                    sb.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            if (c == '"')
            {
                inString = true;
                sb.Append(c);
                continue;
            }
            if (char.IsLetter(c) || (c == '-' && i + 1 < json.Length && char.IsLetter(json[i + 1])))
            {
                int start = i;
                while (i + 1 < json.Length && (char.IsLetter(json[i + 1])))
                {
                    i++;
                }
                string token = json[start..(i + 1)];
                if (token is "true" or "false" or "null")
                {
                    sb.Append(token);
                }
                else
                {
                    sb.Append('"').Append(token switch
                    {
                        "nan" or "NaN" or "-nan" or "-NaN" => "NaN",
                        "inf" or "Infinity" => "Infinity",
                        _ => "-Infinity",
                    }).Append('"');
                }
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    public static void Compare(JsonNode? duck, JsonNode? ours, string path, List<string> diffs)
    {
        if (diffs.Count > 20)
        {
            return;
        }
        if (duck is null || ours is null)
        {
            if (duck is not null || ours is not null)
            {
                diffs.Add($"{path}: duckdb {duck?.ToJsonString() ?? "null"} vs ours {ours?.ToJsonString() ?? "null"}");
            }
            return;
        }
        switch (duck)
        {
            case JsonObject dObj when ours is JsonObject oObj:
                foreach (KeyValuePair<string, JsonNode?> kv in dObj)
                {
                    if (!oObj.ContainsKey(kv.Key))
                    {
                        diffs.Add($"{path}.{kv.Key}: missing in ours");
                        continue;
                    }
                    Compare(kv.Value, oObj[kv.Key], path + "." + kv.Key, diffs);
                }
                if (oObj.Count != dObj.Count)
                {
                    diffs.Add($"{path}: {dObj.Count} keys in duckdb, {oObj.Count} in ours");
                }
                return;
            case JsonArray dArr when ours is JsonArray oArr:
                if (dArr.Count != oArr.Count)
                {
                    diffs.Add($"{path}: {dArr.Count} elements in duckdb, {oArr.Count} in ours: {duck.ToJsonString()} vs {ours.ToJsonString()}");
                    return;
                }
                for (int i = 0; i < dArr.Count; i++)
                {
                    Compare(dArr[i], oArr[i], $"{path}[{i}]", diffs);
                }
                return;
            case JsonValue dVal when ours is JsonValue oVal:
                if (!LeafEquals(dVal, oVal))
                {
                    diffs.Add($"{path}: duckdb {duck.ToJsonString()} vs ours {ours.ToJsonString()}");
                }
                return;
            default:
                diffs.Add($"{path}: shape differs: duckdb {duck.ToJsonString()} vs ours {ours.ToJsonString()}");
                return;
        }
    }

    private static bool LeafEquals(JsonValue duck, JsonValue ours)
    {
        string duckText = duck.ToJsonString();
        if (ours.TryGetValue(out string? oursString))
        {
            if (oursString.StartsWith(ArrowValueRenderer.DecimalPrefix, StringComparison.Ordinal))
            {
                return NormalizeNumber(duckText.Trim('"')) == NormalizeNumber(oursString[ArrowValueRenderer.DecimalPrefix.Length..]);
            }
            if (!duck.TryGetValue(out string? duckString))
            {
                return false;
            }
            if (duckString == oursString)
            {
                return true;
            }
            if (duckString.EndsWith("+00", StringComparison.Ordinal) && duckString[..^3] == oursString)
            {
                return true;
            }
            // UUID columns: DuckDB renders the 16 bytes as a UUID string.
            if (duckString.Length == 36 && duckString[8] == '-' && UnescapeBlob(oursString) is { Length: 16 } raw)
            {
                return new Guid(raw, bigEndian: true).ToString() == duckString;
            }
            return false;
        }
        if (ours.TryGetValue(out bool oursBool))
        {
            return duck.TryGetValue(out bool duckBool) && duckBool == oursBool;
        }
        if (ours.TryGetValue(out double oursDouble))
        {
            return double.TryParse(duckText, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && (d == oursDouble || (double.IsNaN(d) && double.IsNaN(oursDouble)));
        }
        if (ours.TryGetValue(out float oursFloat))
        {
            return double.TryParse(duckText, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == oursFloat;
        }
        // integers: exact text
        return NormalizeNumber(duckText) == NormalizeNumber(ours.ToJsonString());
    }

    private static byte[]? UnescapeBlob(string text)
    {
        List<byte> bytes = [];
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] == 'x')
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 3;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }
        return bytes.ToArray();
    }

    private static string NormalizeNumber(string text)
    {
        if (text.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            return double.Parse(text, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
        }
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }
        if (text is "-0" or "")
        {
            text = "0";
        }
        return text;
    }
}
