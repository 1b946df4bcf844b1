using System.Runtime.InteropServices;

namespace SliceMoE.Text;

/// <summary>
/// Learns the byte-pair-encoding merges of a <see cref="SubwordTokenizer"/> from word counts (Sennrich et al., 2016):
/// repeatedly the most frequent pair of adjacent symbols (ties in ordinal order of the left, then the right symbol)
/// becomes one symbol in every word. Pair counts are kept incrementally: an index from each pair to the words that
/// contain it (entries may be stale and are checked) and a priority queue with lazy invalidation (an entry is valid only
/// while it carries the pair's current count), so a merge touches only the words containing its pair.
/// </summary>
internal static class SubwordTrainer
{
    /// <summary>The characters of <paramref name="word"/> (a surrogate pair is one), the last with <see cref="SubwordTokenizer.EndOfWord"/>.</summary>
    public static IEnumerable<string> Characters(string word)
    {
        for (int i = 0; i < word.Length;)
        {
            int length = char.IsSurrogatePair(word, i) ? 2 : 1;
            string character = word.Substring(i, length);
            i += length;
            yield return i == word.Length ? character + SubwordTokenizer.EndOfWord : character;
        }
    }

    /// <summary>The base characters of <paramref name="word"/> without markers (a surrogate pair is one).</summary>
    private static IEnumerable<string> PlainCharacters(string word) =>
        Characters(word).Select(c => c.EndsWith(SubwordTokenizer.EndOfWord, StringComparison.Ordinal) ? c[..^SubwordTokenizer.EndOfWord.Length] : c);

    /// <summary>The base symbols of the characters seen at least <paramref name="minCharacterCount"/> times in <paramref name="wordCounts"/>, each with and without the marker, in ordinal order.</summary>
    public static List<string> BaseSymbols(IReadOnlyDictionary<string, long> wordCounts, int minCharacterCount)
    {
        var characters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (word, count) in wordCounts)
        {
            foreach (string character in PlainCharacters(word))
            {
                characters[character] = characters.GetValueOrDefault(character) + count;
            }
        }

        var symbols = characters.Where(pair => pair.Value >= minCharacterCount)
            .SelectMany(pair => new[] { pair.Key, pair.Key + SubwordTokenizer.EndOfWord })
            .ToList();
        symbols.Sort(StringComparer.Ordinal);
        return symbols;
    }

    /// <summary>The tokens (reserved, base symbols, merge results) and merges learnt from <paramref name="wordCounts"/>, up to <paramref name="vocabularySize"/> tokens.</summary>
    public static (string[] Tokens, (string Left, string Right)[] Merges) Learn(IReadOnlyDictionary<string, long> wordCounts, int vocabularySize, int minCharacterCount)
    {
        var tokens = new List<string>(WordLevelTokenizer.ReservedTokens);
        tokens.AddRange(BaseSymbols(wordCounts, minCharacterCount));
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int id = 0; id < tokens.Count; id++)
        {
            ids.Add(tokens[id], id);
        }

        // Words in ordinal order (the result does not depend on it; it keeps the work the same for the same corpus).
        string[] distinct = [.. wordCounts.Keys];
        Array.Sort(distinct, StringComparer.Ordinal);
        var words = new int[distinct.Length][];
        var lengths = new int[distinct.Length];
        var counts = new long[distinct.Length];
        var pairCounts = new Dictionary<long, long>();
        var index = new Dictionary<long, List<int>>();
        for (int w = 0; w < distinct.Length; w++)
        {
            words[w] = Characters(distinct[w]).Select(c => ids.TryGetValue(c, out int id) ? id : WordLevelTokenizer.UnkId).ToArray();
            lengths[w] = words[w].Length;
            counts[w] = wordCounts[distinct[w]];
            for (int i = 0; i + 1 < lengths[w]; i++)
            {
                if (Key(words[w][i], words[w][i + 1]) is long key and >= 0)
                {
                    pairCounts[key] = pairCounts.GetValueOrDefault(key) + counts[w];
                    AddToIndex(index, key, w);
                }
            }
        }

        var queue = new PriorityQueue<long, (long Count, int Left, int Right)>(new PairOrder(tokens));
        foreach (var (key, count) in pairCounts)
        {
            queue.Enqueue(key, (count, Left(key), Right(key)));
        }

        var merges = new List<(string, string)>();
        var visited = new int[distinct.Length];
        var changed = new HashSet<long>();
        while (tokens.Count < vocabularySize && queue.TryDequeue(out long best, out var entry))
        {
            // Entries are queued when a pair appears or its count grows, not when it shrinks, so every pair has an entry with
            // at least its count: an entry above the count is queued again with the count, one below it is left behind.
            long current = pairCounts.GetValueOrDefault(best);
            if (current != entry.Count || current <= 0)
            {
                if (current > 0 && current < entry.Count)
                {
                    queue.Enqueue(best, (current, entry.Left, entry.Right));
                }

                continue;
            }

            int a = entry.Left, b = entry.Right;
            string merged = tokens[a] + tokens[b];
            if (!ids.TryGetValue(merged, out int result))
            {
                result = tokens.Count;
                tokens.Add(merged);
                ids.Add(merged, result);
            }

            merges.Add((tokens[a], tokens[b]));
            int stamp = merges.Count;
            changed.Clear();
            foreach (int w in index[best])
            {
                if (visited[w] == stamp)
                {
                    continue;
                }

                visited[w] = stamp;
                MergeWord(w);
            }

            index.Remove(best);
            pairCounts.Remove(best);
            foreach (long key in changed)
            {
                if (pairCounts[key] > 0)
                {
                    queue.Enqueue(key, (pairCounts[key], Left(key), Right(key)));
                }
            }

            // Replaces every (a, b) of word w, left to right, by the result, moving the counts of the pairs on either side of
            // each occurrence (as Hugging Face's Word::merge does); the other pairs of the word keep their counts.
            void MergeWord(int w)
            {
                int[] symbols = words[w];
                int length = lengths[w];
                long count = counts[w];
                int write = 0;
                for (int read = 0; read < length; write++)
                {
                    if (read + 1 < length && symbols[read] == a && symbols[read + 1] == b)
                    {
                        if (write > 0)
                        {
                            Move(Key(symbols[write - 1], a), -count);
                        }

                        if (read + 2 < length)
                        {
                            Move(Key(b, symbols[read + 2]), -count);
                        }

                        symbols[write] = result;
                        if (write > 0)
                        {
                            Grow(Key(symbols[write - 1], result), count, w);
                        }

                        if (read + 2 < length)
                        {
                            Grow(Key(result, symbols[read + 2]), count, w);
                        }

                        read += 2;
                    }
                    else
                    {
                        symbols[write] = symbols[read];
                        read++;
                    }
                }

                lengths[w] = write; // unchanged for a stale index entry (the word no longer has the pair)
            }

            // Only the pairs with the result can have grown: they are indexed and queued again.
            void Grow(long key, long delta, int w)
            {
                if (key >= 0)
                {
                    Move(key, delta);
                    AddToIndex(index, key, w);
                    changed.Add(key);
                }
            }

            void Move(long key, long delta)
            {
                if (key >= 0 && key != best)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(pairCounts, key, out _) += delta;
                }
            }
        }

        return ([.. tokens], [.. merges]);
    }

    // A pair of symbol ids as one key; -1 when either is <unk> (unknown characters are never merged).
    private static long Key(int left, int right) =>
        left == WordLevelTokenizer.UnkId || right == WordLevelTokenizer.UnkId ? -1 : ((long)left << 32) | (uint)right;

    private static int Left(long key) => (int)(key >> 32);

    private static int Right(long key) => (int)(uint)key;

    private static void AddToIndex(Dictionary<long, List<int>> index, long key, int word)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        if (list.Count == 0 || list[^1] != word)
        {
            list.Add(word);
        }
    }

    // Most frequent first; ties by the left symbol's string, then the right one's, in ordinal order.
    private sealed class PairOrder(List<string> tokens) : IComparer<(long Count, int Left, int Right)>
    {
        public int Compare((long Count, int Left, int Right) x, (long Count, int Left, int Right) y)
        {
            int byCount = y.Count.CompareTo(x.Count);
            if (byCount != 0)
            {
                return byCount;
            }

            int byLeft = string.CompareOrdinal(tokens[x.Left], tokens[y.Left]);
            return byLeft != 0 ? byLeft : string.CompareOrdinal(tokens[x.Right], tokens[y.Right]);
        }
    }
}
