namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// IBM Model 1 (Brown et al. 1993) lexical translation probabilities t(f | e) learnt by EM over sentence pairs of
/// integer word ids. Source id 0 is the NULL word, prepended to every source sentence so target words with no
/// source counterpart do not distort the table. Only pairs (e, f) that co-occur in some sentence pair are stored
/// (every other t is 0 after the first M-step); the uniform initialisation is then the same value for every stored
/// pair. For each pair an index list (one entry per source position × target position) into the table is built
/// once, so an EM iteration is plain array arithmetic in a fixed order, hence deterministic.
/// </summary>
internal sealed class IbmModel1
{
    private IbmModel1(int[] pairSource, int[] pairTarget, double[] t)
    {
        PairSource = pairSource;
        PairTarget = pairTarget;
        T = t;
    }

    /// <summary>Source id of stored pair k.</summary>
    public int[] PairSource { get; }

    /// <summary>Target id of stored pair k.</summary>
    public int[] PairTarget { get; }

    /// <summary>t(PairTarget[k] | PairSource[k]); for each source id these sum to 1.</summary>
    public double[] T { get; }

    /// <summary>Runs <paramref name="iterations"/> EM iterations; source sentences must not contain id 0 (NULL is added here).</summary>
    public static IbmModel1 Train(IReadOnlyList<(int[] Source, int[] Target)> pairs, int sourceVocabulary, int iterations)
    {
        var index = new Dictionary<long, int>(MixedKeyComparer.Instance);
        var pairSource = new List<int>();
        var pairTarget = new List<int>();
        var offsets = new long[pairs.Count + 1];
        var cells = new List<int>();
        for (int p = 0; p < pairs.Count; p++)
        {
            var (source, target) = pairs[p];
            foreach (int f in target)
            {
                for (int i = -1; i < source.Length; i++)
                {
                    int e = i < 0 ? 0 : source[i];
                    long key = ((long)e << 32) | (uint)f;
                    if (!index.TryGetValue(key, out int k))
                    {
                        k = pairSource.Count;
                        index.Add(key, k);
                        pairSource.Add(e);
                        pairTarget.Add(f);
                    }

                    cells.Add(k);
                }
            }

            offsets[p + 1] = cells.Count;
        }

        int[] cell = [.. cells];
        int[] es = [.. pairSource];
        var t = new double[es.Length];
        Array.Fill(t, 1.0);
        var count = new double[t.Length];
        var total = new double[sourceVocabulary];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            Array.Clear(count);
            Array.Clear(total);
            for (int p = 0; p < pairs.Count; p++)
            {
                // Cells of pair p: for each target word, its (|source| + 1) candidate source words, NULL first.
                int width = pairs[p].Source.Length + 1;
                for (long j = offsets[p]; j < offsets[p + 1]; j += width)
                {
                    double denominator = 0;
                    for (int i = 0; i < width; i++)
                    {
                        denominator += t[cell[j + i]];
                    }

                    for (int i = 0; i < width; i++)
                    {
                        int k = cell[j + i];
                        double delta = t[k] / denominator;
                        count[k] += delta;
                        total[es[k]] += delta;
                    }
                }
            }

            for (int k = 0; k < t.Length; k++)
            {
                t[k] = count[k] / total[es[k]];
            }
        }

        return new IbmModel1(es, [.. pairTarget], t);
    }
}
