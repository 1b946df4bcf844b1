namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// Word-by-word translation with an IBM Model 1 lexical table (<see cref="IbmModel1"/>): the source sentence is split
/// into words (<see cref="WordSplitter"/>, lowercased for lookup), each known word is replaced by its most probable
/// target word argmax_f t(f | e), each unknown word (numbers, names) is copied with its original case, and the words
/// are joined with single spaces. The table is learnt on lowercased words, but a target word is emitted in its most
/// frequent spelling in the training targets (German capitalises nouns, and BLEU is case-sensitive). No reordering, no language model: the baseline shows what lexical knowledge
/// alone buys.
/// </summary>
public sealed class WordByWordTranslator : ISentenceTranslator
{
    // Per source word, its targets by descending t (ties: ordinal order of the target word), so Translate and
    // Candidates are lookups.
    private readonly Dictionary<string, (string Target, double P)[]> _table;

    private WordByWordTranslator(Dictionary<string, (string Target, double P)[]> table, int iterations)
    {
        _table = table;
        Iterations = iterations;
    }

    /// <summary>EM iterations the table was trained with.</summary>
    public int Iterations { get; }

    /// <summary>Number of distinct source words with a learnt translation.</summary>
    public int SourceWords => _table.Count;

    /// <summary>
    /// Learns t(f | e) from <paramref name="pairs"/> (source English, target German in this project's En→De
    /// direction) by <paramref name="iterations"/> EM iterations from a uniform start, with a NULL source word.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="iterations"/> is below 1.</exception>
    public static WordByWordTranslator Train(IReadOnlyList<(string Source, string Target)> pairs, int iterations = 5)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var sourceIds = new Dictionary<string, int>(StringComparer.Ordinal) { ["<NULL>"] = 0 };
        var targetIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var sourceWords = new List<string> { "<NULL>" };
        var targetWords = new List<string>();
        var encoded = new List<(int[] Source, int[] Target)>(pairs.Count);
        var spellings = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (source, target) in pairs)
        {
            ArgumentNullException.ThrowIfNull(source, nameof(pairs));
            ArgumentNullException.ThrowIfNull(target, nameof(pairs));
            encoded.Add((Encode(source, sourceIds, sourceWords), Encode(target, targetIds, targetWords)));
            foreach (string w in WordSplitter.Split(target, lowercase: false))
            {
                spellings[w] = spellings.GetValueOrDefault(w) + 1;
            }
        }

        var surface = MostFrequentSpellings(spellings);

        var model = IbmModel1.Train(encoded, sourceWords.Count, iterations);
        var rows = new List<(string Target, double P)>[sourceWords.Count];
        for (int k = 0; k < model.T.Length; k++)
        {
            (rows[model.PairSource[k]] ??= []).Add((surface[targetWords[model.PairTarget[k]]], model.T[k]));
        }

        var table = new Dictionary<string, (string Target, double P)[]>(StringComparer.Ordinal);
        for (int e = 1; e < rows.Length; e++)
        {
            if (rows[e] is { } row)
            {
                row.Sort((a, b) => b.P != a.P ? b.P.CompareTo(a.P) : string.CompareOrdinal(a.Target, b.Target));
                table.Add(sourceWords[e], [.. row]);
            }
        }

        return new WordByWordTranslator(table, iterations);
    }

    /// <summary>The word-by-word translation of <paramref name="source"/>, words joined by single spaces.</summary>
    public string Translate(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var words = WordSplitter.Split(source, lowercase: false);
        return string.Join(' ', words.Select(w => _table.TryGetValue(w.ToLowerInvariant(), out var row) ? row[0].Target : w));
    }

    /// <summary>
    /// The <paramref name="n"/> most probable target words (in their most frequent training spelling) for <paramref name="sourceWord"/> (looked up lowercased),
    /// by descending t(f | e), ties in ordinal order; empty for a word never seen in training. Over all candidates
    /// the probabilities sum to 1.
    /// </summary>
    public IReadOnlyList<(string Target, double P)> Candidates(string sourceWord, int n)
    {
        ArgumentNullException.ThrowIfNull(sourceWord);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return _table.TryGetValue(sourceWord.ToLowerInvariant(), out var row) ? row[..Math.Min(n, row.Length)] : [];
    }

    // Lowercased word → its most frequent spelling (ties: the ordinally first), e.g. "haus" → "Haus".
    private static Dictionary<string, string> MostFrequentSpellings(Dictionary<string, int> spellings)
    {
        var best = new Dictionary<string, (string Spelling, int Count)>(StringComparer.Ordinal);
        foreach (var (spelling, count) in spellings)
        {
            string key = spelling.ToLowerInvariant();
            if (!best.TryGetValue(key, out var b) || count > b.Count || (count == b.Count && string.CompareOrdinal(spelling, b.Spelling) < 0))
            {
                best[key] = (spelling, count);
            }
        }

        return best.ToDictionary(kv => kv.Key, kv => kv.Value.Spelling, StringComparer.Ordinal);
    }

    // The splitter always separates '<' and '>', so no real word can collide with the "<NULL>" placeholder.
    private static int[] Encode(string sentence, Dictionary<string, int> ids, List<string> words)
    {
        var split = WordSplitter.Split(sentence);
        var encoded = new int[split.Count];
        for (int i = 0; i < split.Count; i++)
        {
            string w = split[i];
            if (!ids.TryGetValue(w, out int id))
            {
                id = words.Count;
                ids.Add(w, id);
                words.Add(w);
            }

            encoded[i] = id;
        }

        return encoded;
    }
}
