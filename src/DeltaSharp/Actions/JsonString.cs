namespace DeltaSharp.Actions;

/// <summary>
/// A string (or scalar literal) token found by <see cref="Utf8ActionScanner"/>: where its raw bytes lie in the line
/// (between the quotes, still escaped when <see cref="Escaped"/>). <c>default</c> is a JSON null.
/// </summary>
internal readonly struct JsonString
{
    private readonly bool present;

    public JsonString(int start, int length, bool escaped, bool isNull)
    {
        Start = start;
        Length = length;
        Escaped = escaped;
        present = !isNull;
    }

    /// <summary>Offset of the first byte after the opening quote.</summary>
    public int Start { get; }

    /// <summary>Length of the raw (escaped) bytes.</summary>
    public int Length { get; }

    /// <summary>True when the raw bytes contain at least one escape sequence.</summary>
    public bool Escaped { get; }

    /// <summary>True for a JSON null.</summary>
    public bool IsNull => !present;
}
