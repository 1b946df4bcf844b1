namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// The k-grams of one order of <see cref="KneserNeyLanguageModel"/> as sorted arrays rather than hash tables (about
/// 12 bytes per k-gram plus 32 per context, under half what hash tables took): packed keys ascending with their counts,
/// and, since a key's context (key &gt;&gt; 16) is its high bits, the k-grams of one context form a contiguous run,
/// summarised once in <see cref="Contexts"/>. Lookups are binary searches.
/// </summary>
internal sealed class NGramTable
{
    private const int Bits = 16;

    private NGramTable(ulong[] keys, int[] counts, ulong[] contextKeys, ContextStats[] contexts, long[] countOfCounts)
    {
        Keys = keys;
        Counts = counts;
        ContextKeys = contextKeys;
        Contexts = contexts;
        CountOfCounts = countOfCounts;
    }

    /// <summary>Distinct packed k-grams, ascending.</summary>
    public ulong[] Keys { get; }

    /// <summary>Count of each key.</summary>
    public int[] Counts { get; }

    /// <summary>Distinct contexts (key &gt;&gt; 16), ascending.</summary>
    public ulong[] ContextKeys { get; }

    /// <summary>Statistics of each context.</summary>
    public ContextStats[] Contexts { get; }

    /// <summary>[c] = number of distinct k-grams with count c, for c = 1..4 (index 0 unused).</summary>
    public long[] CountOfCounts { get; }

    /// <summary>Builds the table from one key per occurrence (any order); sorts <paramref name="occurrences"/> in place.</summary>
    public static NGramTable FromKeys(ulong[] occurrences)
    {
        Array.Sort(occurrences);

        // Exact-size arrays (two passes) rather than growing lists: for millions of n-grams, growth would double the peak.
        int distinct = 0, distinctContexts = 0;
        for (int i = 0; i < occurrences.Length; i++)
        {
            if (i == 0 || occurrences[i] != occurrences[i - 1])
            {
                distinct++;
                distinctContexts += i == 0 || occurrences[i] >> Bits != occurrences[i - 1] >> Bits ? 1 : 0;
            }
        }

        var keys = new ulong[distinct];
        var counts = new int[distinct];
        for (int i = 0, n = -1; i < occurrences.Length; i++)
        {
            if (i == 0 || occurrences[i] != occurrences[i - 1])
            {
                keys[++n] = occurrences[i];
            }

            counts[n]++;
        }

        var contextKeys = new ulong[distinctContexts];
        var contexts = new ContextStats[distinctContexts];
        var countOfCounts = new long[5];
        for (int i = 0, n = 0; i < keys.Length; n++)
        {
            ulong context = keys[i] >> Bits;
            ref var s = ref contexts[n];
            contextKeys[n] = context;
            s.Start = i;
            for (; i < keys.Length && keys[i] >> Bits == context; i++)
            {
                int c = counts[i];
                s.Total += c;
                if (c == 1)
                {
                    s.N1++;
                }
                else if (c == 2)
                {
                    s.N2++;
                }
                else
                {
                    s.N3Plus++;
                }

                if (c <= 4)
                {
                    countOfCounts[c]++;
                }
            }

            s.Length = i - s.Start;
        }

        return new NGramTable(keys, counts, contextKeys, contexts, countOfCounts);
    }

    /// <summary>Index of <paramref name="context"/> in <see cref="Contexts"/>, or negative when never seen.</summary>
    public int FindContext(ulong context) => Array.BinarySearch(ContextKeys, context);

    /// <summary>The count of <paramref name="key"/>, searched within its context's run only; 0 when unseen.</summary>
    public int Count(ContextStats context, ulong key)
    {
        int at = Array.BinarySearch(Keys, context.Start, context.Length, key);
        return at >= 0 ? Counts[at] : 0;
    }

    /// <summary>What one order's formula needs about one context h: where its run starts, c(h·), and how many continuations have count 1, 2, 3+.</summary>
    internal struct ContextStats
    {
        public int Start;
        public int Length;
        public int Total;
        public int N1;
        public int N2;
        public int N3Plus;
    }
}
