using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DeltaSharp.Tests.Actions.Differential;

/// <summary>A tiny JSON value model for the random action generator, serialised with random (valid) formatting:
/// whitespace between tokens, every string character randomly written raw, as a short escape or as \uXXXX (surrogate
/// pairs for non-BMP characters).</summary>
internal abstract record JsonTree
{
    public static JsonTree Str(string value) => new JsonStr(value);

    public static JsonTree Num(long value) => new JsonRaw(value.ToString(CultureInfo.InvariantCulture));

    public static JsonTree Raw(string text) => new JsonRaw(text);

    public static JsonTree Bool(bool value) => new JsonRaw(value ? "true" : "false");

    public static readonly JsonTree Null = new JsonRaw("null");

    public static JsonTree Obj(params (string Key, JsonTree Value)[] members) => new JsonObj(new List<(string, JsonTree)>(members));

    public static JsonTree Arr(params JsonTree[] items) => new JsonArr(new List<JsonTree>(items));

    public string Serialize(Random random, bool noisy)
    {
        var sb = new StringBuilder();
        Write(sb, random, noisy);
        return sb.ToString();
    }

    public abstract void Write(StringBuilder sb, Random random, bool noisy);

    protected static void Space(StringBuilder sb, Random random, bool noisy)
    {
        if (!noisy || random.Next(4) != 0)
        {
            return;
        }
        int n = random.Next(1, 3);
        for (int i = 0; i < n; i++)
        {
            sb.Append(random.Next(3) switch { 0 => ' ', 1 => '\t', _ => '\r' });
        }
    }

    public static void WriteString(StringBuilder sb, string value, Random random, bool noisy)
    {
        sb.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            int style = noisy ? random.Next(5) : 0;
            if (c == '"' || c == '\\' || c < 0x20)
            {
                style = style == 0 ? 1 : style;
            }
            if (style >= 3)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                if (pair)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)value[++i]:x4}");
                }
                continue;
            }
            if (style >= 1)
            {
                string? shortEscape = c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '/' => "\\/",
                    '\b' => "\\b",
                    '\f' => "\\f",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => null,
                };
                if (shortEscape is not null)
                {
                    sb.Append(shortEscape);
                    continue;
                }
                if (c < 0x20)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    continue;
                }
            }
            sb.Append(c);
            if (pair)
            {
                sb.Append(value[++i]);
            }
        }
        sb.Append('"');
    }
}

internal sealed record JsonStr(string Value) : JsonTree
{
    public override void Write(StringBuilder sb, Random random, bool noisy) => WriteString(sb, Value, random, noisy);
}

internal sealed record JsonRaw(string Text) : JsonTree
{
    public override void Write(StringBuilder sb, Random random, bool noisy) => sb.Append(Text);
}

internal sealed record JsonObj(List<(string Key, JsonTree Value)> Members) : JsonTree
{
    public override void Write(StringBuilder sb, Random random, bool noisy)
    {
        sb.Append('{');
        for (int i = 0; i < Members.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            Space(sb, random, noisy);
            WriteString(sb, Members[i].Key, random, noisy);
            Space(sb, random, noisy);
            sb.Append(':');
            Space(sb, random, noisy);
            Members[i].Value.Write(sb, random, noisy);
            Space(sb, random, noisy);
        }
        sb.Append('}');
    }
}

internal sealed record JsonArr(List<JsonTree> Items) : JsonTree
{
    public override void Write(StringBuilder sb, Random random, bool noisy)
    {
        sb.Append('[');
        for (int i = 0; i < Items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            Space(sb, random, noisy);
            Items[i].Write(sb, random, noisy);
            Space(sb, random, noisy);
        }
        sb.Append(']');
    }
}
