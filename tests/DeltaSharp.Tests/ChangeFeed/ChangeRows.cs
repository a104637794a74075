using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using Xunit;

namespace DeltaSharp.Tests.ChangeFeed;

/// <summary>Renders change rows as <c>a|b|c</c> lines (JSON-lines values: strings unquoted, numbers and dates as
/// written, nested values as JSON) and compares them as multisets.</summary>
internal static class ChangeRows
{
    public static List<string> Lines(RecordBatch batch)
    {
        var writer = new StringWriter();
        using (var jsonl = new JsonLinesWriter(writer))
        {
            jsonl.Write(batch);
        }
        var result = new List<string>();
        foreach (string line in writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            var values = new List<string>();
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                values.Add(property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Null => "",
                    _ => property.Value.GetRawText(),
                });
            }
            result.Add(string.Join('|', values));
        }
        return result;
    }

    public static async Task<List<string>> CollectAsync(IAsyncEnumerable<RecordBatch> batches)
    {
        var lines = new List<string>();
        await foreach (RecordBatch batch in batches)
        {
            using (batch)
            {
                lines.AddRange(Lines(batch));
            }
        }
        return lines;
    }

    /// <summary>Asserts equality as multisets, printing both sides sorted on failure.</summary>
    public static void AssertSameRows(IEnumerable<string> expected, IEnumerable<string> actual)
    {
        List<string> e = expected.OrderBy(s => s, StringComparer.Ordinal).ToList();
        List<string> a = actual.OrderBy(s => s, StringComparer.Ordinal).ToList();
        if (!e.SequenceEqual(a))
        {
            var message = new StringBuilder();
            message.AppendLine("change rows differ");
            message.AppendLine("expected:");
            foreach (string line in e)
            {
                message.AppendLine("  " + line);
            }
            message.AppendLine("actual:");
            foreach (string line in a)
            {
                message.AppendLine("  " + line);
            }
            Assert.Fail(message.ToString());
        }
    }
}
