using System.Text;

namespace SliceMoE.Text;

/// <summary>
/// A word-level tokenizer whose vocabulary is built from a corpus: the most frequent words (count
/// descending, ties in ordinal order, so the same corpus always gives the same ids) up to a size
/// limit; words outside it are <c>&lt;unk&gt;</c>. Ids 0..3 are reserved for <c>&lt;pad&gt;</c>,
/// <c>&lt;unk&gt;</c>, <c>&lt;bos&gt;</c>, <c>&lt;eos&gt;</c>. Words are split as <see cref="WordLevelSplitter"/>
/// describes, so they match GloVe's vocabulary (lowercased by default, like GloVe 6B).
/// </summary>
/// <remarks>
/// Decoding joins words with spaces and re-attaches punctuation and contractions (Hugging Face's
/// clean-up), so it gives back the normalised words, not the exact text. Immutable and thread-safe.
/// </remarks>
public sealed class WordLevelTokenizer : ITokenizer
{
    /// <summary>Id of <c>&lt;pad&gt;</c>.</summary>
    public const int PadId = 0;

    /// <summary>Id of <c>&lt;unk&gt;</c>, given to every word outside the vocabulary.</summary>
    public const int UnkId = 1;

    /// <summary>Id of <c>&lt;bos&gt;</c>.</summary>
    public const int BosId = 2;

    /// <summary>Id of <c>&lt;eos&gt;</c>.</summary>
    public const int EosId = 3;

    /// <summary>The reserved tokens, in id order.</summary>
    public static readonly IReadOnlyList<string> ReservedTokens = ["<pad>", "<unk>", "<bos>", "<eos>"];

    private readonly string[] _tokens;
    private readonly long[] _counts;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    internal WordLevelTokenizer(string[] tokens, long[] counts, bool lowercase)
    {
        _tokens = tokens;
        _counts = counts;
        Lowercase = lowercase;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int id = 0; id < tokens.Length; id++)
        {
            _ids.Add(tokens[id], id);
        }

        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        SpecialTokens = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["<pad>"] = PadId,
            ["<unk>"] = UnkId,
            ["<bos>"] = BosId,
            ["<eos>"] = EosId,
        };
    }

    /// <inheritdoc/>
    public int VocabularySize => _tokens.Length;

    /// <summary>Whether text is lowercased before splitting.</summary>
    public bool Lowercase { get; }

    /// <summary>The vocabulary in id order, the reserved tokens first.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <inheritdoc/>
    public SpecialTokenIds Specials { get; } = new(Pad: PadId, Unk: UnkId, Bos: BosId, Eos: EosId);

    /// <summary>
    /// Builds the vocabulary from <paramref name="corpus"/> (one or more texts): the reserved tokens, then
    /// up to <paramref name="maxVocabularySize"/> - 4 words seen at least <paramref name="minCount"/> times,
    /// most frequent first, ties in ordinal order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxVocabularySize"/> is below 4 or <paramref name="minCount"/> below 1.</exception>
    public static WordLevelTokenizer Build(IEnumerable<string> corpus, int maxVocabularySize, int minCount = 1, bool lowercase = true)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVocabularySize, ReservedTokens.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);

        var counts = WordLevelSplitter.CountWords(corpus, lowercase);
        var kept = counts.Where(pair => pair.Value >= minCount)
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(maxVocabularySize - ReservedTokens.Count)
            .ToList();
        string[] tokens = [.. ReservedTokens, .. kept.Select(pair => pair.Key)];
        long[] tokenCounts = [0, 0, 0, 0, .. kept.Select(pair => pair.Value)];
        return new WordLevelTokenizer(tokens, tokenCounts, lowercase);
    }

    /// <summary>Loads a vocabulary written by <see cref="Save"/>.</summary>
    /// <exception cref="TextDataFormatException">When the file is not such a vocabulary.</exception>
    public static WordLevelTokenizer Load(string path) => WordLevelVocabularyFile.Read(path);

    /// <summary>Writes the vocabulary as JSON (format, version, lowercase flag, tokens and their corpus counts), atomically.</summary>
    public void Save(string path) => WordLevelVocabularyFile.Write(path, _tokens, _counts, Lowercase);

    /// <summary>How often the word with <paramref name="id"/> occurred in the corpus it was built from (0 for reserved tokens).</summary>
    public long CountOf(int id) => _counts[id];

    /// <summary>The words of <paramref name="text"/> after normalisation, before the vocabulary lookup.</summary>
    public IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string normal = WordLevelSplitter.Normalize(text, Lowercase);
        var ranges = new List<Range>();
        WordLevelSplitter.Split(normal, ranges);
        return ranges.Select(range => normal[range]).ToArray();
    }

    /// <inheritdoc/>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string normal = WordLevelSplitter.Normalize(text, Lowercase);
        var ranges = new List<Range>();
        WordLevelSplitter.Split(normal, ranges);
        var ids = new int[ranges.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = _lookup.TryGetValue(normal.AsSpan()[ranges[i]], out int id) ? id : UnkId;
        }

        return ids;
    }

    /// <inheritdoc/>
    /// <remarks>Words joined by spaces, punctuation and contractions re-attached; reserved tokens are written out (e.g. <c>&lt;unk&gt;</c>).</remarks>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_tokens.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Id {id} is not in the word-level vocabulary [0, {VocabularySize}).");
            }

            text.Append(text.Length > 0 ? " " : string.Empty).Append(_tokens[id]);
        }

        return DecodeCleanup.Apply(text.ToString());
    }

    /// <inheritdoc/>
    public string? TokenOf(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id] : null;

    /// <inheritdoc/>
    public int? IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : null;
}
