using System.Text.Json;
using SliceMoE.IO;

namespace SliceMoE.Text;

/// <summary>
/// The JSON file of a <see cref="WordLevelTokenizer"/>:
/// <c>{"format": "slicemoe.word-level", "version": 1, "lowercase": true, "tokens": [...], "counts": [...]}</c>,
/// tokens in id order starting with the four reserved tokens, counts parallel to them.
/// </summary>
internal static class WordLevelVocabularyFile
{
    public const string FormatName = "slicemoe.word-level";
    public const int Version = 1;
    private const string Fix = "Write the file with WordLevelTokenizer.Save, or rebuild the vocabulary with WordLevelTokenizer.Build.";

    public static void Write(string path, string[] tokens, long[] counts, bool lowercase) =>
        AtomicFile.WriteCreatingFolder(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteNumber("version", Version);
            json.WriteBoolean("lowercase", lowercase);
            json.WriteStartArray("tokens");
            foreach (string token in tokens)
            {
                json.WriteStringValue(token);
            }

            json.WriteEndArray();
            json.WriteStartArray("counts");
            foreach (long count in counts)
            {
                json.WriteNumberValue(count);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });

    public static WordLevelTokenizer Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var reader = new Utf8JsonReader(bytes);
        string? format = null;
        int? version = null;
        bool? lowercase = null;
        List<string>? tokens = null;
        List<long>? counts = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(bytes, reader.TokenStartIndex, $"Expected a JSON object but found {FilePosition.Describe(reader.TokenType)}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                long at = reader.TokenStartIndex;
                switch (name)
                {
                    case "format":
                        format = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Error(bytes, at, "\"format\" must be a string.");
                        break;
                    case "version":
                        version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int v) ? v : throw Error(bytes, at, "\"version\" must be an integer.");
                        break;
                    case "lowercase":
                        lowercase = reader.TokenType is JsonTokenType.True or JsonTokenType.False ? reader.GetBoolean() : throw Error(bytes, at, "\"lowercase\" must be true or false.");
                        break;
                    case "tokens":
                        tokens = ReadArray(ref reader, bytes, "tokens", static (ref Utf8JsonReader r, out string value) =>
                        {
                            value = r.TokenType == JsonTokenType.String ? r.GetString()! : string.Empty;
                            return value.Length > 0;
                        });
                        break;
                    case "counts":
                        counts = ReadArray(ref reader, bytes, "counts", static (ref Utf8JsonReader r, out long value) =>
                        {
                            value = 0;
                            return r.TokenType == JsonTokenType.Number && r.TryGetInt64(out value) && value >= 0;
                        });
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            while (reader.Read())
            {
            }
        }
        catch (JsonException error)
        {
            throw new TextDataFormatException(path, FilePosition.OfJsonError(error), $"Invalid JSON ({error.Message}).", Fix, error);
        }

        if (format != FormatName)
        {
            throw Whole($"\"format\" is {(format is null ? "missing" : $"'{format}'")}, not '{FormatName}'.");
        }

        if (version != Version)
        {
            throw Whole($"\"version\" is {(version is null ? "missing" : version.ToString())}; this build reads version {Version}.");
        }

        if (tokens is null || counts is null || lowercase is null)
        {
            throw Whole("\"tokens\", \"counts\" and \"lowercase\" are all required.");
        }

        if (counts.Count != tokens.Count)
        {
            throw Whole($"There are {tokens.Count} tokens but {counts.Count} counts.");
        }

        for (int id = 0; id < WordLevelTokenizer.ReservedTokens.Count; id++)
        {
            if (id >= tokens.Count || tokens[id] != WordLevelTokenizer.ReservedTokens[id])
            {
                throw Whole($"Token {id} must be '{WordLevelTokenizer.ReservedTokens[id]}' (ids 0..3 are reserved for <pad>, <unk>, <bos>, <eos>).");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string token in tokens)
        {
            if (!seen.Add(token))
            {
                throw Whole($"The token {Gpt2Files.Quote(token)} appears twice.");
            }
        }

        return new WordLevelTokenizer([.. tokens], [.. counts], lowercase.Value);

        TextDataFormatException Whole(string problem) => new(path, "whole file", problem, Fix);

        TextDataFormatException Error(byte[] content, long offset, string problem) =>
            new(path, FilePosition.OfByte(content, offset), problem, Fix);
    }

    private delegate bool ElementReader<T>(ref Utf8JsonReader reader, out T value);

    private static List<T> ReadArray<T>(ref Utf8JsonReader reader, byte[] bytes, string name, ElementReader<T> element)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"\"{name}\" must be an array.", null, LineOf(bytes, reader.TokenStartIndex), null);
        }

        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!element(ref reader, out T item))
            {
                string what = name == "tokens" ? "a non-empty string" : "a non-negative integer";
                throw new JsonException($"\"{name}\"[{items.Count}] must be {what}.", null, LineOf(bytes, reader.TokenStartIndex), null);
            }

            items.Add(item);
        }

        return items;
    }

    private static long LineOf(byte[] bytes, long offset) => bytes.AsSpan(0, (int)Math.Min(offset, bytes.Length)).Count((byte)'\n');
}
