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

    public static void Write<T>(TextWriter writer, T record) => writer.WriteLine(JsonSerializer.Serialize(record, Options));
}
