using System.Text.Json;

namespace SliceMoE.Text;

/// <summary>Describes where in a file a problem is, for error messages a person can act on.</summary>
internal static class FilePosition
{
    /// <summary><c>line L, column C</c> (both 1-based; the column counts bytes) of byte <paramref name="offset"/> in <paramref name="content"/>.</summary>
    public static string OfByte(ReadOnlySpan<byte> content, long offset)
    {
        int end = (int)Math.Min(offset, content.Length);
        ReadOnlySpan<byte> before = content[..end];
        int line = before.Count((byte)'\n') + 1;
        int lineStart = before.LastIndexOf((byte)'\n') + 1;
        return $"line {line}, column {end - lineStart + 1}";
    }

    /// <summary>The position a <see cref="JsonException"/> reports (its line and byte numbers are 0-based).</summary>
    public static string OfJsonError(JsonException error) =>
        error.LineNumber is long line
            ? $"line {line + 1}, column {(error.BytePositionInLine ?? 0) + 1}"
            : "unknown position";

    /// <summary>The text of a JSON token type for messages (<c>an array</c>, <c>a string</c>, ...).</summary>
    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.PropertyName => "a property name",
        JsonTokenType.EndObject => "the end of an object",
        JsonTokenType.EndArray => "the end of an array",
        JsonTokenType.None => "nothing",
        _ => type.ToString(),
    };
}
