using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DeltaSharp.Tests.Actions.Differential;

/// <summary>
/// Seeded generator of valid Delta log lines: every action kind (add, remove, cdc, metaData, protocol, txn,
/// domainMetadata, commitInfo, checkpointMetadata, sidecar, unknown future actions, null actions), member order
/// shuffled, optional members absent or null, unknown nested members, strings with escapes, control characters,
/// non-ASCII and non-BMP characters, numbers at the 64-bit limits and quoted, whitespace between tokens.
/// </summary>
internal sealed class RandomActionLines
{
    private static readonly string[] Pieces =
    [
        "a", "b", "Z", "0", "9", "part-", ".parquet", "/", "=", "%20", "%3D", " ", "+", "\"", "\\", "\n", "\t", "\u0001", "\u001f",
        "é", "ß", "日本", "\u00a0", "\u2028", "😀", "𝄞", "\u007f", "'", "{", "}", "[", "]", ":", ",", "null", "true",
    ];

    private readonly Random random;

    public RandomActionLines(int seed)
    {
        random = new Random(seed);
    }

    /// <summary>Next line (no newline) and whether it was written with noisy formatting.</summary>
    public string NextLine()
    {
        bool noisy = random.Next(3) != 0;
        var members = new List<(string, JsonTree)>();
        int count = random.Next(20) == 0 ? 2 : 1;
        for (int i = 0; i < count; i++)
        {
            members.Add(NextAction());
        }
        if (random.Next(10) == 0)
        {
            members.Add(("futureTopLevel" + random.Next(3), RandomValue(3)));
        }
        Shuffle(members);
        string body = new JsonObj(members).Serialize(random, noisy);
        return noisy && random.Next(4) == 0 ? " \t" + body + " \r" : body;
    }

    private (string, JsonTree) NextAction()
    {
        switch (random.Next(13))
        {
            case 0:
            case 1:
            case 2:
                return ("add", Add());
            case 3:
            case 4:
                return ("remove", Remove());
            case 5:
                return ("cdc", Cdc());
            case 6:
                return ("metaData", Metadata());
            case 7:
                return ("protocol", Protocol());
            case 8:
                return ("txn", Obj(Req("appId", Str()), Req("version", Long()), Opt("lastUpdated", Long)));
            case 9:
                return ("domainMetadata", Obj(Req("domain", Str()), Opt("configuration", Str), Opt("removed", Bool)));
            case 10:
                return ("commitInfo", Obj(Opt("timestamp", Long), Opt("inCommitTimestamp", Long), Opt("operation", Str), Opt("operationParameters", () => RandomValue(3)), Opt("isBlindAppend", Bool)));
            case 11:
                return random.Next(2) == 0
                    ? ("checkpointMetadata", Obj(Req("version", Long()), Opt("tags", StringMap)))
                    : ("sidecar", Obj(Req("path", Str()), Opt("sizeInBytes", Long), Opt("modificationTime", Long), Opt("tags", StringMap)));
            default:
                return random.Next(3) switch
                {
                    0 => (new[] { "add", "remove", "metaData", "protocol", "cdc", "txn", "commitInfo" }[random.Next(7)], JsonTree.Null),
                    _ => ("someFutureAction" + random.Next(3), RandomValue(4)),
                };
        }
    }

    private JsonTree Add() => Obj(
        Req("path", Str()),
        Opt("partitionValues", StringMap),
        Req("size", Long()),
        Opt("modificationTime", Long),
        Opt("dataChange", Bool),
        Opt("stats", Stats),
        Opt("tags", StringMap),
        Opt("deletionVector", DeletionVector),
        Opt("baseRowId", Long),
        Opt("defaultRowCommitVersion", Long),
        Opt("clusteringProvider", Str),
        Opt("futureField", () => RandomValue(4)));

    private JsonTree Remove() => Obj(
        Req("path", Str()),
        Opt("deletionTimestamp", Long),
        Opt("dataChange", Bool),
        Opt("extendedFileMetadata", Bool),
        Opt("partitionValues", StringMap),
        Opt("size", Long),
        Opt("tags", StringMap),
        Opt("deletionVector", DeletionVector),
        Opt("stats", () => RandomValue(2)),
        Opt("baseRowId", Long));

    private JsonTree Cdc() => Obj(
        Req("path", Str()),
        Opt("partitionValues", StringMap),
        Req("size", Long()),
        Opt("dataChange", Bool),
        Opt("tags", StringMap),
        Opt("futureField", () => RandomValue(3)));

    private JsonTree Metadata() => Obj(
        Req("id", Str()),
        Opt("name", Str),
        Opt("description", Str),
        Opt("format", () => Obj(Opt("provider", Str), Opt("options", () => JsonTree.Obj(("k" + random.Next(3), random.Next(4) == 0 ? JsonTree.Null : Str()))))),
        Opt("schemaString", () => JsonTree.Str("{\"type\":\"struct\",\"fields\":[{\"name\":\"" + RandomText(6) + "\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}")),
        Opt("partitionColumns", () => StringArray()),
        Opt("configuration", StringMap),
        Opt("createdTime", Long));

    private JsonTree Protocol() => Obj(
        Req("minReaderVersion", JsonTree.Num(random.Next(1, 4))),
        Req("minWriterVersion", JsonTree.Num(random.Next(1, 8))),
        Opt("readerFeatures", StringArray),
        Opt("writerFeatures", StringArray));

    private JsonTree DeletionVector()
    {
        string storage = new[] { "u", "i", "p" }[random.Next(3)];
        return Obj(
            Req("storageType", JsonTree.Str(storage)),
            Req("pathOrInlineDv", Str()),
            Opt("offset", () => JsonTree.Num(random.Next(2) == 0 ? random.Next(100) : int.MaxValue)),
            Req("sizeInBytes", JsonTree.Num(random.Next(2) == 0 ? random.Next(1000) : int.MaxValue)),
            Req("cardinality", JsonTree.Num(random.Next(2) == 0 ? random.Next(1000) : long.MaxValue)),
            Opt("maxRowIndex", Long));
    }

    private JsonTree Stats()
    {
        var stats = new StringBuilder("{\"numRecords\":");
        stats.Append(random.Next(1000)).Append(",\"minValues\":{\"s\":");
        JsonTree.WriteString(stats, RandomText(8), random, noisy: false);
        stats.Append("},\"nullCount\":{\"s\":0}}");
        return JsonTree.Str(stats.ToString());
    }

    private JsonTree StringMap()
    {
        var members = new List<(string, JsonTree)>();
        int count = random.Next(4);
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string key = RandomText(4);
            if (!used.Add(key))
            {
                continue;
            }
            JsonTree value = random.Next(8) switch
            {
                0 => JsonTree.Null,
                1 => JsonTree.Num(random.NextInt64(long.MinValue, long.MaxValue)),
                2 => JsonTree.Bool(random.Next(2) == 0),
                3 => JsonTree.Raw("-1.5e+3"),
                _ => Str(),
            };
            members.Add((key, value));
        }
        return new JsonObj(members);
    }

    private JsonTree StringArray()
    {
        var items = new List<JsonTree>();
        int count = random.Next(4);
        for (int i = 0; i < count; i++)
        {
            items.Add(Str());
        }
        return new JsonArr(items);
    }

    private JsonTree RandomValue(int depth)
    {
        int kind = depth <= 0 ? random.Next(5) : random.Next(7);
        switch (kind)
        {
            case 0:
                return JsonTree.Null;
            case 1:
                return JsonTree.Bool(random.Next(2) == 0);
            case 2:
                return JsonTree.Raw(new[] { "0", "-0", "1.5", "-2.25e-3", "1E+300", "123456789012345678901234567890", "-9223372036854775808" }[random.Next(7)]);
            case 3:
            case 4:
                return Str();
            case 5:
            {
                var members = new List<(string, JsonTree)>();
                int count = random.Next(4);
                for (int i = 0; i < count; i++)
                {
                    members.Add((RandomText(3), RandomValue(depth - 1)));
                }
                return new JsonObj(members);
            }
            default:
            {
                var items = new List<JsonTree>();
                int count = random.Next(4);
                for (int i = 0; i < count; i++)
                {
                    items.Add(RandomValue(depth - 1));
                }
                return new JsonArr(items);
            }
        }
    }

    private JsonTree Long()
    {
        long value = random.Next(6) switch
        {
            0 => long.MaxValue,
            1 => long.MinValue,
            2 => 0,
            3 => -random.Next(1000),
            _ => random.NextInt64(0, long.MaxValue),
        };
        return random.Next(10) == 0 ? JsonTree.Str(value.ToString(CultureInfo.InvariantCulture)) : JsonTree.Num(value);
    }

    private JsonTree Bool() => JsonTree.Bool(random.Next(2) == 0);

    private JsonTree Str() => JsonTree.Str(RandomText(12));

    private string RandomText(int maxPieces)
    {
        var sb = new StringBuilder();
        int count = random.Next(maxPieces + 1);
        for (int i = 0; i < count; i++)
        {
            sb.Append(Pieces[random.Next(Pieces.Length)]);
        }
        return sb.ToString();
    }

    private (string, JsonTree)? Req(string key, JsonTree value) => (key, value);

    /// <summary>An optional member: absent, null or a value.</summary>
    private (string, JsonTree)? Opt(string key, Func<JsonTree> value) => random.Next(3) switch
    {
        0 => null,
        1 => (key, JsonTree.Null),
        _ => (key, value()),
    };

    private JsonTree Obj(params (string, JsonTree)?[] members)
    {
        var list = new List<(string, JsonTree)>();
        foreach ((string, JsonTree)? member in members)
        {
            if (member is { } m)
            {
                list.Add(m);
            }
        }
        Shuffle(list);
        return new JsonObj(list);
    }

    private void Shuffle<T>(List<T> list)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
