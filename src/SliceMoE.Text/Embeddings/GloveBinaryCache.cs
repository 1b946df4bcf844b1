using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

using SliceMoE.IO;

namespace SliceMoE.Text.Embeddings;

/// <summary>
/// The compact binary form of a set of word vectors, so that loads after the first take a fraction
/// of a second instead of parsing 307 MB of JSON. Little-endian throughout:
/// <code>
/// 0   8  magic "SMGLOVE\0"
/// 8   4  u32 format version (1)
/// 12  4  i32 dimension
/// 16  4  i32 word count
/// 20  4  u32 flags (0)
/// 24  8  i64 length in bytes of the JSON it was built from (0 when unknown)
/// 32  8  i64 length of the word section
/// 40  8  i64 offset of the vector section (64-byte aligned)
/// 48 16  zero
/// 64     words, ordinal order: u16 UTF-8 length, then the bytes
///        zero padding to the vector section
///        vectors: count x dimension float32
/// </code>
/// </summary>
internal static class GloveBinaryCache
{
    public const uint Version = 1;
    private const int HeaderSize = 64;
    private static ReadOnlySpan<byte> Magic => "SMGLOVE\0"u8;

    private const string Fix = "Delete the cache file; it is rebuilt from the JSON on the next load.";

    /// <summary>What a cache file holds.</summary>
    public sealed record Content(string[] Words, float[] Vectors, int Dimension, long SourceLength);

    /// <summary>Writes the cache atomically (temporary file, then rename). <paramref name="words"/> must be in ordinal order.</summary>
    public static void Write(string path, string[] words, float[] vectors, int dimension, long sourceLength)
    {
        var wordBytes = new MemoryStream(words.Length * 10);
        Span<byte> length = stackalloc byte[2];
        foreach (string word in words)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(word);
            if (utf8.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"The word starting {Gpt2Files.Quote(word[..20])} is longer than {ushort.MaxValue} UTF-8 bytes.", nameof(words));
            }

            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)utf8.Length);
            wordBytes.Write(length);
            wordBytes.Write(utf8);
        }

        long vectorOffset = AlignUp(HeaderSize + wordBytes.Length);
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), dimension);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), words.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), sourceLength);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(32), wordBytes.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(40), vectorOffset);

        AtomicFile.WriteCreatingFolder(path, stream =>
        {
            stream.Write(header);
            wordBytes.Position = 0;
            wordBytes.CopyTo(stream);
            stream.Write(new byte[vectorOffset - HeaderSize - wordBytes.Length]);
            WriteFloats(stream, vectors.AsSpan(0, words.Length * dimension));
        });
    }

    /// <summary>Reads and checks a cache file.</summary>
    /// <exception cref="TextDataFormatException">When the file is not a complete cache of this version; the message says what is wrong.</exception>
    public static Content Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long fileLength = stream.Length;
        var header = new byte[HeaderSize];
        if (fileLength < HeaderSize)
        {
            throw Invalid(path, "whole file", $"The file has {fileLength} bytes, fewer than the {HeaderSize}-byte header.");
        }

        stream.ReadExactly(header);
        if (!header.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw Invalid(path, "byte 0", "This is not a SliceMoE GloVe cache (the magic bytes differ).");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        if (version != Version)
        {
            throw Invalid(path, "byte 8", $"The cache has format version {version}; this build reads version {Version}.");
        }

        int dimension = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        int count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
        long sourceLength = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24));
        long wordsLength = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(32));
        long vectorOffset = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(40));
        long floats = (long)count * dimension;
        if (dimension <= 0 || count < 0 || wordsLength < 2L * count || floats > Array.MaxLength
            || vectorOffset != AlignUp(HeaderSize + wordsLength))
        {
            throw Invalid(path, "byte 12", $"The header is inconsistent (dimension {dimension}, {count} words, word section {wordsLength} bytes, vectors at {vectorOffset}).");
        }

        long expected = vectorOffset + (floats * sizeof(float));
        if (fileLength != expected)
        {
            throw Invalid(path, "whole file", $"The file has {fileLength} bytes but its header implies {expected} (truncated or overwritten).");
        }

        string[] words = ReadWords(path, stream, count, (int)wordsLength);
        stream.Position = vectorOffset;
        var vectors = new float[floats];
        stream.ReadExactly(MemoryMarshal.AsBytes(vectors.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> bits = MemoryMarshal.Cast<float, int>(vectors.AsSpan());
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }

        return new Content(words, vectors, dimension, sourceLength);
    }

    private static string[] ReadWords(string path, Stream stream, int count, int wordsLength)
    {
        var bytes = new byte[wordsLength];
        stream.ReadExactly(bytes);
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var words = new string[count];
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            int length = at + 2 <= bytes.Length ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)) : -1;
            if (length < 0 || at + 2 + length > bytes.Length)
            {
                throw Invalid(path, $"byte {HeaderSize + at}", $"Word {i} runs past the end of the word section.");
            }

            try
            {
                words[i] = utf8.GetString(bytes, at + 2, length);
            }
            catch (DecoderFallbackException error)
            {
                throw Invalid(path, $"byte {HeaderSize + at}", $"Word {i} is not valid UTF-8 ({error.Message}).");
            }

            if (i > 0 && string.CompareOrdinal(words[i - 1], words[i]) >= 0)
            {
                throw Invalid(path, $"byte {HeaderSize + at}", $"Word {i} is out of order or repeated; the word section is corrupt.");
            }

            at += 2 + length;
        }

        return at == bytes.Length
            ? words
            : throw Invalid(path, $"byte {HeaderSize + at}", "The word section has bytes after its last word.");
    }

    private static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        var swapped = new int[values.Length];
        BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(values), swapped);
        stream.Write(MemoryMarshal.AsBytes(swapped.AsSpan()));
    }

    private static long AlignUp(long offset) => (offset + 63) & ~63L;

    private static TextDataFormatException Invalid(string path, string position, string problem) => new(path, position, problem, Fix);
}
