using System.Text.Json;
using System.Text.Json.Serialization;
using SliceMoE.IO;

namespace SliceMoE.Reproduction.Execution;

/// <summary>Reads and writes the JSON files of a reproduction (snake_case keys; NaN and infinities as strings).</summary>
public static class ResultJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/> atomically (a crash leaves the old file or the new one, never half of one).</summary>
    public static void Write<T>(string path, T value)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(value, Options);
        AtomicFile.Write(path, bytes.Length + 1, s =>
        {
            s.Write(bytes);
            s.WriteByte((byte)'\n');
        });
    }

    /// <summary>Reads a file written by <see cref="Write{T}"/>.</summary>
    /// <exception cref="FormatException">When the file is not valid JSON of that type.</exception>
    public static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new FormatException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }
}
