namespace SliceMoE.Evaluation;

/// <summary>
/// Corpus and sentence BLEU (Papineni et al. 2002) computed exactly as sacreBLEU 2.x does, so that scores are
/// comparable with published WMT numbers: the same tokenizer (<see cref="Tokenizer13a"/>), the same n-gram
/// clipping against the maximum count over references, the same closest-reference length (shorter on a
/// tie), the same smoothing variants and the same handling of zero counts (a corpus with no matching n-gram
/// at all scores 0; an order with no n-grams at all ends the precision loop and, without effective order,
/// makes the score 0).
/// </summary>
public static class Bleu
{
    /// <summary>Corpus BLEU of <paramref name="hypotheses"/> against one reference each (<paramref name="references"/>[i] for hypothesis i; "" is a reference of length 0).</summary>
    /// <exception cref="ArgumentException">When the counts differ, the corpus is empty, or a reference is null.</exception>
    public static BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<string?> references, BleuOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(references);
        return CorpusMultiReference(hypotheses, [references], options);
    }

    /// <summary>
    /// Corpus BLEU against several references per hypothesis, in sacreBLEU's layout: <paramref name="referenceStreams"/>[k][i]
    /// is the k-th reference of hypothesis i. As in sacreBLEU since 2.2, null means "no k-th reference for this segment"
    /// (variable reference counts) and "" is a reference of length 0; a segment with no reference at all is an error.
    /// </summary>
    /// <exception cref="ArgumentException">When a stream's length differs from the hypothesis count, the corpus is empty, or a segment has no reference.</exception>
    public static BleuScore CorpusMultiReference(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string?>> referenceStreams, BleuOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(referenceStreams);
        options ??= BleuOptions.Default;
        Validate(options);
        if (hypotheses.Count == 0)
        {
            throw new ArgumentException("BLEU needs at least one hypothesis.", nameof(hypotheses));
        }

        if (referenceStreams.Count == 0)
        {
            throw new ArgumentException("BLEU needs at least one reference stream.", nameof(referenceStreams));
        }

        foreach (var stream in referenceStreams)
        {
            if (stream is null || stream.Count != hypotheses.Count)
            {
                throw new ArgumentException($"Every reference stream must hold {hypotheses.Count} segments, one per hypothesis.", nameof(referenceStreams));
            }
        }

        BleuStatistics? total = null;
        for (int i = 0; i < hypotheses.Count; i++)
        {
            string[] refs = [.. referenceStreams.Select(s => s[i]).OfType<string>()];
            if (refs.Length == 0)
            {
                throw new ArgumentException($"Segment {i} has no reference (null in every stream).", nameof(referenceStreams));
            }

            var stats = SegmentStatistics(hypotheses[i] ?? throw new ArgumentException($"Hypothesis {i} is null.", nameof(hypotheses)), refs, options);
            total = total is null ? stats : total.Add(stats);
        }

        return FromStatistics(total!, options);
    }

    /// <summary>Sentence BLEU of one hypothesis against its references (default <see cref="BleuOptions.Sentence"/>: exponential smoothing with effective order); null references are ignored, "" is a reference of length 0.</summary>
    /// <exception cref="ArgumentException">When there is no reference.</exception>
    public static BleuScore Sentence(string hypothesis, IReadOnlyList<string?> references, BleuOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentNullException.ThrowIfNull(references);
        options ??= BleuOptions.Sentence;
        Validate(options);
        string[] refs = [.. references.OfType<string>()];
        if (refs.Length == 0)
        {
            throw new ArgumentException("Sentence BLEU needs at least one reference.", nameof(references));
        }

        return FromStatistics(SegmentStatistics(hypothesis, refs, options), options);
    }

    /// <summary>The statistics of one segment: tokenise, count hypothesis n-grams, clip each by its largest count in any one reference.</summary>
    public static BleuStatistics SegmentStatistics(string hypothesis, IReadOnlyList<string> references, BleuOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentNullException.ThrowIfNull(references);
        options ??= BleuOptions.Default;
        Validate(options);
        if (references.Count == 0)
        {
            throw new ArgumentException("A segment needs at least one reference.", nameof(references));
        }

        int order = options.MaxNgramOrder;

        Dictionary<string, int>? refMax = null;
        var refLengths = new List<int>(references.Count);
        foreach (string r in references)
        {
            var (grams, length) = Ngrams(Preprocess(r, options), order);
            refLengths.Add(length);
            if (refMax is null)
            {
                refMax = grams;
                continue;
            }

            foreach (var (g, c) in grams)
            {
                refMax[g] = Math.Max(refMax.GetValueOrDefault(g), c);
            }
        }

        refMax ??= new Dictionary<string, int>(StringComparer.Ordinal);
        var (hypGrams, hypLength) = Ngrams(Preprocess(hypothesis, options), order);
        var matches = new long[order];
        var totals = new long[order];
        foreach (var (g, c) in hypGrams)
        {
            int n = CountSpaces(g);
            totals[n] += c;
            if (refMax.TryGetValue(g, out int rc))
            {
                matches[n] += Math.Min(c, rc);
            }
        }

        return new BleuStatistics(hypLength, ClosestReferenceLength(hypLength, refLengths), matches, totals);
    }

    /// <summary>The score from (summed) statistics: sacreBLEU's <c>compute_bleu</c>.</summary>
    public static BleuScore FromStatistics(BleuStatistics statistics, BleuOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        options ??= BleuOptions.Default;
        Validate(options);
        int maxOrder = statistics.Matches.Count;
        long sys = statistics.HypothesisLength, reference = statistics.ReferenceLength;
        double bp = sys < reference ? (sys > 0 ? Math.Exp(1 - ((double)reference / sys)) : 0) : 1;
        var precisions = new double[maxOrder];
        if (statistics.Matches.All(m => m == 0))
        {
            return new BleuScore(0, precisions, bp, statistics);
        }

        double smoothValue = options.SmoothValue ?? (options.Smoothing == BleuSmoothing.AddK ? 1 : 0.1);
        double smoothMteval = 1;
        int effectiveOrder = maxOrder;
        for (int n = 1; n <= maxOrder; n++)
        {
            double correct = statistics.Matches[n - 1], total = statistics.Totals[n - 1];
            if (options.Smoothing == BleuSmoothing.AddK && n > 1)
            {
                correct += smoothValue;
                total += smoothValue;
            }

            if (total == 0)
            {
                break;
            }

            if (options.EffectiveOrder)
            {
                effectiveOrder = n;
            }

            if (correct == 0)
            {
                if (options.Smoothing == BleuSmoothing.Exponential)
                {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100.0 / (smoothMteval * total);
                }
                else if (options.Smoothing == BleuSmoothing.Floor)
                {
                    precisions[n - 1] = 100.0 * smoothValue / total;
                }
            }
            else
            {
                precisions[n - 1] = 100.0 * correct / total;
            }
        }

        double logSum = 0;
        for (int n = 0; n < effectiveOrder; n++)
        {
            // sacreBLEU's my_log: log 0 is -9999999999, so a zero precision drives the score to exactly 0.
            logSum += precisions[n] == 0 ? -9999999999 : Math.Log(precisions[n]);
        }

        return new BleuScore(bp * Math.Exp(logSum / effectiveOrder), precisions, bp, statistics);
    }

    private static string Preprocess(string segment, BleuOptions options)
    {
        string s = options.Lowercase ? PythonText.Lower(segment) : segment;
        s = PythonText.RStrip(s);
        return options.Tokenizer switch
        {
            BleuTokenizer.Mteval13a => Tokenizer13a.Tokenize(s),
            BleuTokenizer.International => TokenizerIntl.Tokenize(s),
            BleuTokenizer.Character => string.Join(' ', s.EnumerateRunes()), // sacreBLEU's " ".join(line): code points, whitespace included
            _ => s,
        };
    }

    // n-grams of orders 1..maxOrder keyed by their tokens joined with single spaces (tokens never contain whitespace).
    private static (Dictionary<string, int> Grams, int Length) Ngrams(string tokenized, int maxOrder)
    {
        string[] tokens = [.. PythonText.Split(tokenized)];
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int n = 1; n <= maxOrder; n++)
        {
            for (int i = 0; i + n <= tokens.Length; i++)
            {
                string key = n == 1 ? tokens[i] : string.Join(' ', tokens, i, n);
                grams[key] = grams.GetValueOrDefault(key) + 1;
            }
        }

        return (grams, tokens.Length);
    }

    private static int CountSpaces(string gram)
    {
        int n = 0;
        foreach (char c in gram)
        {
            if (c == ' ')
            {
                n++;
            }
        }

        return n;
    }

    private static int ClosestReferenceLength(int hypLength, List<int> refLengths)
    {
        int bestDiff = -1, best = -1;
        foreach (int r in refLengths)
        {
            int diff = Math.Abs(hypLength - r);
            if (bestDiff == -1 || diff < bestDiff || (diff == bestDiff && r < best))
            {
                bestDiff = diff;
                best = r;
            }
        }

        return best;
    }

    private static void Validate(BleuOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxNgramOrder, 1, nameof(options));
        if (options.SmoothValue is double v && !(v >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), v, "A smoothing value is non-negative.");
        }
    }
}
