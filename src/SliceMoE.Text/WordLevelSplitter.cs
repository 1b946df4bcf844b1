using System.Text.RegularExpressions;

namespace SliceMoE.Text;

/// <summary>
/// Splits text into words for <see cref="WordLevelTokenizer"/>, close to the Stanford tokenizer that
/// GloVe's vocabulary comes from, so that words find their vectors: runs of letters, marks and digits;
/// numbers with inner separators ("1,000", "3.5") whole; "n't" and the clitics 's 're 've 'm 'll 'd
/// apart ("don't" is "do" "n't"); each other non-space character alone; the special tokens
/// <c>&lt;pad&gt;</c>, <c>&lt;unk&gt;</c>, <c>&lt;bos&gt;</c>, <c>&lt;eos&gt;</c> (e.g. WikiText's
/// <c>&lt;unk&gt;</c>) kept whole. The typographic apostrophe ’ counts as '.
/// </summary>
internal static partial class WordLevelSplitter
{
    /// <summary>Appends the range of each word of <paramref name="text"/> to <paramref name="words"/>, in order.</summary>
    public static void Split(ReadOnlySpan<char> text, List<Range> words)
    {
        foreach (ValueMatch match in Pattern().EnumerateMatches(text))
        {
            words.Add(new Range(match.Index, match.Index + match.Length));
        }
    }

    /// <summary>The text with ’ replaced by ' and, when <paramref name="lowercase"/>, lowercased (invariant).</summary>
    public static string Normalize(string text, bool lowercase)
    {
        string normal = text.Replace('\u2019', '\'');
        return lowercase ? normal.ToLowerInvariant() : normal;
    }

    /// <summary>How often each word of <paramref name="corpus"/> occurs after normalisation and splitting, reserved tokens left out: the counts both the word-level and the subword vocabularies are built from.</summary>
    public static Dictionary<string, long> CountWords(IEnumerable<string> corpus, bool lowercase)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var words = new List<Range>();
        foreach (string text in corpus)
        {
            string normal = WordLevelSplitter.Normalize(text, lowercase);
            words.Clear();
            WordLevelSplitter.Split(normal, words);
            foreach (Range range in words)
            {
                ReadOnlySpan<char> word = normal.AsSpan()[range];
                lookup[word] = lookup.TryGetValue(word, out long count) ? count + 1 : 1;
            }
        }

        foreach (string reserved in WordLevelTokenizer.ReservedTokens)
        {
            counts.Remove(reserved);
        }

        return counts;
    }

    [GeneratedRegex(
        """
        <(?:pad|unk|bos|eos)>
        | \p{N}+(?:[.,]\p{N}+)+
        | [\p{L}\p{M}\p{N}]+?(?=(?i:n't)(?![\p{L}\p{M}\p{N}]))
        | (?i:n't)(?![\p{L}\p{M}\p{N}])
        | '(?i:s|re|ve|m|ll|d)(?![\p{L}\p{M}\p{N}])
        | [\p{L}\p{M}\p{N}]+
        | [\uD800-\uDBFF][\uDC00-\uDFFF]
        | \S
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
