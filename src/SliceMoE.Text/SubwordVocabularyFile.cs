using System.Text.Json;
using SliceMoE.IO;

namespace SliceMoE.Text;

/// <summary>
/// The JSON file of a <see cref="SubwordTokenizer"/>:
/// <c>{"format": "slicemoe.subword", "version": 1, "lowercase": false, "tokens": [...], "merges": [["t", "h"], ...]}</c>,
/// tokens in id order starting with the four reserved tokens, merges in rank order, each result (left + right) among the tokens.
/// </summary>
internal static class SubwordVocabularyFile
{
    public const string FormatName = "slicemoe.subword";
    public const int Version = 1;
    private const string Fix = "Write the file with SubwordTokenizer.Save, or learn the vocabulary again with SubwordTokenizer.Build.";

    public static void Write(string path, string[] tokens, (string Left, string Right)[] merges, bool lowercase) =>
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
            json.WriteStartArray("merges");
            foreach (var (left, right) in merges)
            {
                json.WriteStartArray();
                json.WriteStringValue(left);
                json.WriteStringValue(right);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });

    public static SubwordTokenizer Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var reader = new Utf8JsonReader(bytes);
        string? format = null;
        int? version = null;
        bool? lowercase = null;
        List<string>? tokens = null;
        List<(string, string)>? merges = null;
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
                        tokens = ReadTokens(ref reader, bytes, path);
                        break;
                    case "merges":
                        merges = ReadMerges(ref reader, bytes, path);
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

        if (tokens is null || merges is null || lowercase is null)
        {
            throw Whole("\"tokens\", \"merges\" and \"lowercase\" are all required.");
        }

        for (int id = 0; id < WordLevelTokenizer.ReservedTokens.Count; id++)
        {
            if (id >= tokens.Count || tokens[id] != WordLevelTokenizer.ReservedTokens[id])
            {
                throw Whole($"\"tokens\"[{id}] must be '{WordLevelTokenizer.ReservedTokens[id]}' (ids 0..3 are reserved for <pad>, <unk>, <bos>, <eos>).");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int id = 0; id < tokens.Count; id++)
        {
            if (!seen.Add(tokens[id]))
            {
                throw Whole($"\"tokens\"[{id}] {Gpt2Files.Quote(tokens[id])} appears twice.");
            }
        }

        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            foreach (string symbol in new[] { left, right, left + right })
            {
                if (!seen.Contains(symbol) || WordLevelTokenizer.ReservedTokens.Contains(symbol))
                {
                    throw Whole($"\"merges\"[{rank}] [{Gpt2Files.Quote(left)}, {Gpt2Files.Quote(right)}]: {Gpt2Files.Quote(symbol)} is not a non-reserved token of \"tokens\".");
                }
            }

            if (left.EndsWith(SubwordTokenizer.EndOfWord, StringComparison.Ordinal))
            {
                throw Whole($"\"merges\"[{rank}] [{Gpt2Files.Quote(left)}, {Gpt2Files.Quote(right)}]: the left symbol ends a word ({SubwordTokenizer.EndOfWord}), so nothing can follow it.");
            }
        }

        return new SubwordTokenizer([.. tokens], [.. merges], lowercase.Value);

        TextDataFormatException Whole(string problem) => new(path, "whole file", problem, Fix);

        TextDataFormatException Error(byte[] content, long offset, string problem) =>
            new(path, FilePosition.OfByte(content, offset), problem, Fix);
    }

    private static List<string> ReadTokens(ref Utf8JsonReader reader, byte[] bytes, string path)
    {
        Expect(ref reader, bytes, "\"tokens\" must be an array of strings.");
        var tokens = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String || reader.GetString() is not { Length: > 0 } token)
            {
                throw new JsonException($"\"tokens\"[{tokens.Count}] must be a non-empty string.", path, LineOf(bytes, reader.TokenStartIndex), null);
            }

            tokens.Add(token);
        }

        return tokens;
    }

    private static List<(string, string)> ReadMerges(ref Utf8JsonReader reader, byte[] bytes, string path)
    {
        Expect(ref reader, bytes, "\"merges\" must be an array of [left, right] pairs.");
        var merges = new List<(string, string)>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string problem = $"\"merges\"[{merges.Count}] must be an array of two non-empty strings [left, right].";
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException(problem, path, LineOf(bytes, reader.TokenStartIndex), null);
            }

            var pair = new List<string>(2);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String || reader.GetString() is not { Length: > 0 } symbol || pair.Count == 2)
                {
                    throw new JsonException(problem, path, LineOf(bytes, reader.TokenStartIndex), null);
                }

                pair.Add(symbol);
            }

            if (pair.Count != 2)
            {
                throw new JsonException(problem, path, LineOf(bytes, reader.TokenStartIndex), null);
            }

            merges.Add((pair[0], pair[1]));
        }

        return merges;
    }

    private static void Expect(ref Utf8JsonReader reader, byte[] bytes, string problem)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException(problem, null, LineOf(bytes, reader.TokenStartIndex), null);
        }
    }

    private static long LineOf(byte[] bytes, long offset) => bytes.AsSpan(0, (int)Math.Min(offset, bytes.Length)).Count((byte)'\n');
}
