namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// Interpolated modified Kneser-Ney n-gram language model (Chen &amp; Goodman 1998, §4.1.6) over integer token ids in
/// [0, vocabularySize), the same ids the neural language model reads, so that perplexities compare.
/// <para>
/// For the highest order n, P(w | h) = (max(c(hw) − D(c(hw)), 0) + γ(h)·P(w | h′)) / c(h·), with
/// γ(h) = D1·N1(h·) + D2·N2(h·) + D3+·N3+(h·), h′ = h without its oldest token and c(h·) = Σ_w c(hw). Lower orders use
/// the same formula on continuation counts N1+(·hw) (the number of distinct tokens seen before hw) in place of c, each
/// order with its own three discounts (<see cref="KneserNeyDiscounts"/>) estimated from its own count-of-counts. The
/// unigram level interpolates with the uniform distribution 1/V, so every token has non-zero probability and the
/// probabilities over the vocabulary sum to 1 for every history. A history never seen as a context passes its
/// whole mass to the next lower order.
/// </para>
/// <para>
/// There are no sentence-boundary tokens: the training stream is one sequence. A history shorter than n − 1 tokens
/// (the start of a scoring window) is scored by the order its length allows, on that order's continuation counts.
/// So that the n-grams at the very start of the stream (which have no left neighbour) still count as continued,
/// each of them gets one extra continuation.
/// </para>
/// <para>Ids are packed 16 bits each into a <see cref="ulong"/> (newest token lowest), so ids must be below 2^16 and
/// the order at most 4; packing is exact (no collisions), and each order is stored as sorted arrays (<see cref="NGramTable"/>).</para>
/// </summary>
public sealed class KneserNeyLanguageModel
{
    /// <summary>The largest supported order (4 × 16-bit ids fill a 64-bit key).</summary>
    public const int MaxOrder = 4;

    /// <summary>The largest supported vocabulary (ids are packed in 16 bits).</summary>
    public const int MaxVocabularySize = 1 << Bits;

    private const int Bits = 16;

    // Per order k (index k − 1): the k-gram table (raw counts for k = n, continuation counts below) and its contexts.
    private readonly NGramTable[] _tables;
    private readonly KneserNeyDiscounts[] _discounts;

    private KneserNeyLanguageModel(int vocabularySize, int order, NGramTable[] tables, KneserNeyDiscounts[] discounts)
    {
        VocabularySize = vocabularySize;
        Order = order;
        _tables = tables;
        _discounts = discounts;
    }

    /// <summary>Number of token ids, V; the uniform floor is 1/V.</summary>
    public int VocabularySize { get; }

    /// <summary>The n of the n-grams (1 to <see cref="MaxOrder"/>).</summary>
    public int Order { get; }

    /// <summary>The discounts of order <paramref name="order"/> (1 to <see cref="Order"/>).</summary>
    public KneserNeyDiscounts Discounts(int order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, Order);
        return _discounts[order - 1];
    }

    /// <summary>Number of distinct k-grams stored for order <paramref name="order"/> (1 to <see cref="Order"/>).</summary>
    public int DistinctNGrams(int order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, Order);
        return _tables[order - 1].Keys.Length;
    }

    /// <summary>Trains on <paramref name="trainStream"/> (token ids in [0, <paramref name="vocabularySize"/>), one sequence, length ≥ 1).</summary>
    /// <exception cref="ArgumentException">When the stream is empty or holds an id out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When the order is not 1..4 or the vocabulary not 1..2^16.</exception>
    public static KneserNeyLanguageModel Train(ReadOnlySpan<int> trainStream, int vocabularySize, int order = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxOrder);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vocabularySize, MaxVocabularySize);
        if (trainStream.IsEmpty)
        {
            throw new ArgumentException("The training stream is empty.", nameof(trainStream));
        }

        foreach (int t in trainStream)
        {
            if ((uint)t >= (uint)vocabularySize)
            {
                throw new ArgumentException($"Token id {t} is outside [0, {vocabularySize}).", nameof(trainStream));
            }
        }

        var tables = new NGramTable[order];
        tables[order - 1] = NGramTable.FromKeys(TopOrderKeys(trainStream, order));
        for (int k = order - 1; k >= 1; k--)
        {
            tables[k - 1] = NGramTable.FromKeys(ContinuationKeys(tables[k], trainStream, k));
        }

        var discounts = tables.Select(t => KneserNeyDiscounts.Estimate(t.CountOfCounts[1], t.CountOfCounts[2], t.CountOfCounts[3], t.CountOfCounts[4])).ToArray();
        return new KneserNeyLanguageModel(vocabularySize, order, tables, discounts);
    }

    /// <summary>P(<paramref name="token"/> | <paramref name="history"/>); only the last <see cref="Order"/> − 1 tokens of the history are used.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the token or a used history id is outside the vocabulary.</exception>
    public double Probability(ReadOnlySpan<int> history, int token)
    {
        if ((uint)token >= (uint)VocabularySize)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"Token ids are in [0, {VocabularySize}).");
        }

        if (history.Length > Order - 1)
        {
            history = history[^(Order - 1)..];
        }

        // Build up from the uniform distribution: order k interpolates its discounted estimate with order k − 1's.
        double p = 1.0 / VocabularySize;
        ulong context = 0;
        for (int k = 1; k <= history.Length + 1; k++)
        {
            if (k > 1)
            {
                // Order k's context is the last k − 1 history tokens: put the next-older token above the ones we have.
                int t = history[history.Length - (k - 1)];
                if ((uint)t >= (uint)VocabularySize)
                {
                    throw new ArgumentOutOfRangeException(nameof(history), t, $"Token ids are in [0, {VocabularySize}).");
                }

                context |= (ulong)t << (Bits * (k - 2));
            }

            var table = _tables[k - 1];
            int at = table.FindContext(context);
            if (at < 0)
            {
                continue;
            }

            var stats = table.Contexts[at];
            var d = _discounts[k - 1];
            int c = table.Count(stats, (context << Bits) | (uint)token);
            double own = c > 0 ? Math.Max(c - d.For(c), 0) : 0;
            double gamma = (d.D1 * stats.N1) + (d.D2 * stats.N2) + (d.D3Plus * stats.N3Plus);
            p = (own + (gamma * p)) / stats.Total;
        }

        return p;
    }

    /// <summary>
    /// Natural-log likelihood of <paramref name="window"/>[1..], each token predicted from the tokens before it inside
    /// the window only (at most <see cref="Order"/> − 1 of them), and the number of tokens predicted (length − 1, or 0).
    /// </summary>
    public (double LogLikelihood, int Tokens) Score(ReadOnlySpan<int> window)
    {
        double ll = 0;
        for (int i = 1; i < window.Length; i++)
        {
            int start = Math.Max(0, i - (Order - 1));
            ll += Math.Log(Probability(window[start..i], window[i]));
        }

        return (ll, Math.Max(window.Length - 1, 0));
    }

    /// <summary>exp(−Σ log-likelihood / Σ tokens) over the scored windows.</summary>
    /// <exception cref="ArgumentException">When no token was scored.</exception>
    public static double Perplexity(IEnumerable<(double LogLikelihood, int Tokens)> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        double ll = 0;
        long tokens = 0;
        foreach (var (logLikelihood, n) in scores)
        {
            ll += logLikelihood;
            tokens += n;
        }

        return tokens > 0 ? Math.Exp(-ll / tokens) : throw new ArgumentException("No token was scored.", nameof(scores));
    }

    // Every k-gram occurrence of the stream (k = order), packed; one entry per position, so duplicates repeat.
    private static ulong[] TopOrderKeys(ReadOnlySpan<int> stream, int order)
    {
        var keys = new ulong[Math.Max(stream.Length - order + 1, 0)];
        ulong mask = order == MaxOrder ? ulong.MaxValue : (1UL << (Bits * order)) - 1;
        ulong key = 0;
        for (int i = 0; i < stream.Length; i++)
        {
            key = ((key << Bits) | (uint)stream[i]) & mask;
            if (i >= order - 1)
            {
                keys[i - (order - 1)] = key;
            }
        }

        return keys;
    }

    // For N1+(·g): g once per distinct (k+1)-gram ending in g, plus once for the k-gram that opens the stream, so
    // counting the repeats gives each k-gram's continuation count.
    private static ulong[] ContinuationKeys(NGramTable higher, ReadOnlySpan<int> stream, int k)
    {
        ulong mask = (1UL << (Bits * k)) - 1;
        bool opens = stream.Length >= k; // a stream shorter than k has no k-gram at all
        var keys = new ulong[higher.Keys.Length + (opens ? 1 : 0)];
        for (int i = 0; i < higher.Keys.Length; i++)
        {
            keys[i] = higher.Keys[i] & mask;
        }

        if (opens)
        {
            ulong first = 0;
            for (int i = 0; i < k; i++)
            {
                first = (first << Bits) | (uint)stream[i];
            }

            keys[^1] = first;
        }

        return keys;
    }
}
