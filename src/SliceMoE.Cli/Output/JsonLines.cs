using System.Text.Json;
using System.Text.Json.Serialization;

namespace SliceMoE.Cli.Output;

/// <summary>Writes records as one JSON object per line, keys in snake_case.</summary>
internal static class JsonLines
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The same, indented (for files people read).</summary>
    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    /// <summary>The same, leaving characters such as '+' and '²' in keys and values unescaped (still valid JSON).</summary>
    public static readonly JsonSerializerOptions Relaxed = new(Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write<T>(TextWriter writer, T record) => Write(writer, record, Options);

    public static void Write<T>(TextWriter writer, T record, JsonSerializerOptions options) => writer.WriteLine(JsonSerializer.Serialize(record, options));
}
