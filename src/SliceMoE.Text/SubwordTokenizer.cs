using System.Collections.Concurrent;
using System.Text;

namespace SliceMoE.Text;

/// <summary>
/// A subword tokenizer learnt from a corpus with Sennrich et al.'s byte-pair encoding inside words: text is
/// normalised and split into words as <see cref="WordLevelSplitter"/> describes (cased unless
/// <see cref="Lowercase"/>), each word becomes its characters with the end-of-word marker
/// <see cref="EndOfWord"/> on the last one, and the learnt merges join adjacent symbols, lowest rank first.
/// Ids 0..3 are <c>&lt;pad&gt;</c>, <c>&lt;unk&gt;</c>, <c>&lt;bos&gt;</c>, <c>&lt;eos&gt;</c> (as in
/// <see cref="WordLevelTokenizer"/>), then the base symbols (each kept character with and without the marker,
/// ordinal order), then the result of each merge in merge order.
/// </summary>
/// <remarks>
/// A character outside the base symbols is <c>&lt;unk&gt;</c>. Decoding concatenates the symbols, turns each
/// end-of-word marker into a space and re-attaches punctuation and contractions (<see cref="DecodeCleanup"/>, as
/// <see cref="WordLevelTokenizer"/> does), so it gives back the normalised words joined by spaces. Reserved
/// tokens decode as words of their own (an unknown character inside a word therefore splits it there).
/// Immutable apart from a thread-safe cache of encoded words; safe to share between threads.
/// </remarks>
public sealed class SubwordTokenizer : ITokenizer
{
    /// <summary>The end-of-word marker on the last symbol of every word (<c>"the&lt;/w&gt;"</c>).</summary>
    public const string EndOfWord = "</w>";

    private const int MaxCachedWords = 1 << 20;

    private readonly string[] _tokens;
    private readonly (string Left, string Right)[] _merges;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<(int Left, int Right), (int Rank, int Result)> _ranks;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private int _cached;

    /// <summary>A tokenizer from its tokens (reserved first) and merges (each result among the tokens); the callers validate.</summary>
    internal SubwordTokenizer(string[] tokens, (string Left, string Right)[] merges, bool lowercase)
    {
        _tokens = tokens;
        _merges = merges;
        Lowercase = lowercase;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int id = 0; id < tokens.Length; id++)
        {
            _ids.Add(tokens[id], id);
        }

        _ranks = new Dictionary<(int, int), (int, int)>(merges.Length);
        for (int rank = 0; rank < merges.Length; rank++)
        {
            var (left, right) = merges[rank];
            _ranks.TryAdd((_ids[left], _ids[right]), (rank, _ids[left + right]));
        }

        SpecialTokens = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["<pad>"] = WordLevelTokenizer.PadId,
            ["<unk>"] = WordLevelTokenizer.UnkId,
            ["<bos>"] = WordLevelTokenizer.BosId,
            ["<eos>"] = WordLevelTokenizer.EosId,
        };
    }

    /// <inheritdoc/>
    public int VocabularySize => _tokens.Length;

    /// <summary>Whether text is lowercased (invariant) before splitting.</summary>
    public bool Lowercase { get; }

    /// <summary>The vocabulary in id order: the reserved tokens, the base symbols, then the merge results.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The learnt merges in rank order (the first was learnt first and is applied first).</summary>
    public IReadOnlyList<(string Left, string Right)> Merges => _merges;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <inheritdoc/>
    public SpecialTokenIds Specials { get; } = new(
        Pad: WordLevelTokenizer.PadId, Unk: WordLevelTokenizer.UnkId, Bos: WordLevelTokenizer.BosId, Eos: WordLevelTokenizer.EosId);

    /// <summary>
    /// Learns the vocabulary from <paramref name="corpus"/> (one or more texts): the reserved tokens, the base symbols of
    /// the characters seen at least <paramref name="minCharacterCount"/> times, then merges of the most frequent pair of
    /// adjacent symbols (counted over the words, ties in ordinal order of the two symbols) until there are
    /// <paramref name="vocabularySize"/> tokens or no pair is left. The same corpus always gives the same vocabulary.
    /// </summary>
    /// <remarks>When the base symbols alone exceed <paramref name="vocabularySize"/>, no merge is learnt and the vocabulary is larger.
    /// Two merges can give the same string ("ab"+"c" and "a"+"bc"); the second then adds no token.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="vocabularySize"/> is below 4 or <paramref name="minCharacterCount"/> below 1.</exception>
    public static SubwordTokenizer Build(IEnumerable<string> corpus, int vocabularySize, bool lowercase = false, int minCharacterCount = 1)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, WordLevelTokenizer.ReservedTokens.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCharacterCount, 1);
        var (tokens, merges) = SubwordTrainer.Learn(WordLevelSplitter.CountWords(corpus, lowercase), vocabularySize, minCharacterCount);
        return new SubwordTokenizer(tokens, merges, lowercase);
    }

    /// <summary>Loads a vocabulary written by <see cref="Save"/>.</summary>
    /// <exception cref="TextDataFormatException">When the file is not such a vocabulary (naming the file, the field and the fix).</exception>
    public static SubwordTokenizer Load(string path) => SubwordVocabularyFile.Read(path);

    /// <summary>Writes the vocabulary as JSON (format, version, lowercase flag, tokens, merges), atomically.</summary>
    public void Save(string path) => SubwordVocabularyFile.Write(path, _tokens, _merges, Lowercase);

    /// <summary>The words of <paramref name="text"/> after normalisation, before they are split into subwords.</summary>
    public IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string normal = WordLevelSplitter.Normalize(text, Lowercase);
        var ranges = new List<Range>();
        WordLevelSplitter.Split(normal, ranges);
        return ranges.Select(range => normal[range]).ToArray();
    }

    /// <summary>The subword strings of <paramref name="text"/> (end-of-word markers included), as <see cref="Encode"/> gives their ids.</summary>
    public IReadOnlyList<string> Tokenize(string text) => Encode(text).Select(id => _tokens[id]).ToArray();

    /// <inheritdoc/>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string normal = WordLevelSplitter.Normalize(text, Lowercase);
        var ranges = new List<Range>();
        WordLevelSplitter.Split(normal, ranges);
        var ids = new List<int>(ranges.Count * 2);
        foreach (Range range in ranges)
        {
            string word = normal[range];
            if (!_cache.TryGetValue(word, out int[]? pieces))
            {
                pieces = EncodeWord(word);
                if (Volatile.Read(ref _cached) < MaxCachedWords && _cache.TryAdd(word, pieces))
                {
                    Interlocked.Increment(ref _cached);
                }
            }

            ids.AddRange(pieces);
        }

        return ids;
    }

    /// <inheritdoc/>
    /// <remarks>Symbols concatenated, each end-of-word marker a space, punctuation and contractions re-attached; reserved tokens are written out as words (e.g. <c>&lt;unk&gt;</c>).</remarks>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_tokens.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Id {id} is not in the subword vocabulary [0, {VocabularySize}).");
            }

            string token = _tokens[id];
            if (id < WordLevelTokenizer.ReservedTokens.Count)
            {
                if (text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }

                text.Append(token).Append(' ');
            }
            else if (token.EndsWith(EndOfWord, StringComparison.Ordinal))
            {
                text.Append(token.AsSpan(0, token.Length - EndOfWord.Length)).Append(' ');
            }
            else
            {
                text.Append(token);
            }
        }

        if (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }

        return DecodeCleanup.Apply(text.ToString());
    }

    /// <inheritdoc/>
    public string? TokenOf(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id] : null;

    /// <inheritdoc/>
    public int? IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : null;

    // A reserved token typed in the text keeps its id; otherwise the characters (marker on the last), unknown ones
    // <unk>, then the lowest-ranked adjacent pair merged everywhere in the word until no pair has a merge.
    private int[] EncodeWord(string word)
    {
        if (_ids.TryGetValue(word, out int whole) && whole < WordLevelTokenizer.ReservedTokens.Count)
        {
            return [whole];
        }

        var symbols = new List<int>(word.Length);
        foreach (string character in SubwordTrainer.Characters(word))
        {
            symbols.Add(_ids.TryGetValue(character, out int id) ? id : WordLevelTokenizer.UnkId);
        }

        while (symbols.Count > 1)
        {
            int bestRank = int.MaxValue, bestResult = -1, bestLeft = -1, bestRight = -1;
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                if (_ranks.TryGetValue((symbols[i], symbols[i + 1]), out var merge) && merge.Rank < bestRank)
                {
                    (bestRank, bestResult, bestLeft, bestRight) = (merge.Rank, merge.Result, symbols[i], symbols[i + 1]);
                }
            }

            if (bestResult < 0)
            {
                break;
            }

            int write = 0;
            for (int read = 0; read < symbols.Count; write++)
            {
                if (read + 1 < symbols.Count && symbols[read] == bestLeft && symbols[read + 1] == bestRight)
                {
                    symbols[write] = bestResult;
                    read += 2;
                }
                else
                {
                    symbols[write] = symbols[read];
                    read++;
                }
            }

            symbols.RemoveRange(write, symbols.Count - write);
        }

        return [.. symbols];
    }
}
