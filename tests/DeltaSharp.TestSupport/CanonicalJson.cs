using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DeltaSharp.TestSupport;

/// <summary>
/// One JSON text per value regardless of how a writer spelled it: numbers compared by value (DuckDB writes 0.0
/// where JSONL writes 0), keys in the order given, no white space. For comparing rows from DuckDB's
/// <c>to_json</c> with the CLI's JSON lines as multisets.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The canonical text of the JSON value <paramref name="json"/>.</summary>
    public static string Of(string json)
    {
        var output = new StringBuilder();
        using JsonDocument document = JsonDocument.Parse(json);
        Write(document.RootElement, output);
        return output.ToString();
    }

    private static void Write(JsonElement element, StringBuilder output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                output.Append(element.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Object:
                output.Append('{');
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    output.Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    Write(property.Value, output);
                    output.Append(',');
                }
                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Write(item, output);
                    output.Append(',');
                }
                output.Append(']');
                break;
            default:
                output.Append(element.GetRawText());
                break;
        }
    }
}
