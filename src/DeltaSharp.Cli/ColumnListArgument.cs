using System;
using System.Collections.Generic;
using System.Text;

namespace DeltaSharp.Cli;

/// <summary>
/// Parses a <c>--columns</c> value: top-level column names separated by commas, surrounding spaces trimmed. A name
/// in backticks is taken literally, as in <c>--where</c> (commas, leading/trailing spaces; a doubled backtick is one
/// backtick), so every name a Delta schema allows can be selected: <c>--columns "id,`a,b`,`x``y`"</c>.
/// </summary>
internal static class ColumnListArgument
{
    /// <exception cref="ArgumentException">A backtick-quoted name is not terminated or is followed by something
    /// other than a comma.</exception>
    public static List<string> Parse(string value)
    {
        var names = new List<string>();
        int i = 0;
        while (i < value.Length)
        {
            while (i < value.Length && char.IsWhiteSpace(value[i]))
            {
                i++;
            }
            if (i >= value.Length)
            {
                break;
            }
            if (value[i] == '`')
            {
                var name = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= value.Length)
                    {
                        throw new ArgumentException("--columns: a backtick-quoted name is not terminated.");
                    }
                    if (value[i] == '`')
                    {
                        if (i + 1 < value.Length && value[i + 1] == '`')
                        {
                            name.Append('`');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    name.Append(value[i++]);
                }
                while (i < value.Length && char.IsWhiteSpace(value[i]))
                {
                    i++;
                }
                if (i < value.Length && value[i] != ',')
                {
                    throw new ArgumentException("--columns: expected ',' after a backtick-quoted name.");
                }
                names.Add(name.ToString());
            }
            else
            {
                int comma = value.IndexOf(',', i);
                int end = comma < 0 ? value.Length : comma;
                string name = value[i..end].Trim();
                if (name.Length > 0)
                {
                    names.Add(name);
                }
                i = end;
            }
            if (i < value.Length && value[i] == ',')
            {
                i++;
            }
        }
        return names;
    }
}
