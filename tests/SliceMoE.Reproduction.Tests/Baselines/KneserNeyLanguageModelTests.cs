using SliceMoE.Numerics;
using SliceMoE.Reproduction.Baselines;

namespace SliceMoE.Tests.Reproduction.Baselines;

public class KneserNeyLanguageModelTests
{
    // 17 tokens over ids 0..4 (1 and 5 never appear, V = 6), chosen so that both the bigram counts and the unigram
    // continuation counts have non-zero count-of-counts n1..n4 and the discount formula needs no fallback.
    private static readonly int[] Toy = [0, 3, 4, 3, 0, 4, 2, 4, 2, 4, 3, 4, 2, 4, 4, 2, 3];

    [Fact]
    public void A_bigram_probability_matches_the_hand_computation()
    {
        var lm = KneserNeyLanguageModel.Train(Toy, vocabularySize: 6, order: 2);

        // Bigram counts: 0→3 1, 0→4 1, 2→3 1, 2→4 3, 3→0 1, 3→4 2, 4→2 4, 4→3 2, 4→4 1, so n1..n4 = 5, 2, 1, 1,
        // Y = 5/9, D1 = 1 − 2·Y·2/5 = 5/9, D2 = 2 − 3·Y·1/2 = 7/6, D3+ = 3 − 4·Y·1/1 = 7/9.
        double y2 = 5.0 / 9;
        double d1 = 1 - (2 * y2 * 2 / 5), d2 = 2 - (3 * y2 * 1 / 2), d3 = 3 - (4 * y2 * 1 / 1);
        AssertDiscounts(lm.Discounts(2), d1, d2, d3);

        // Continuation counts N1+(·w): 0 ← {3} plus one for opening the stream = 2, 2 ← {4} = 1, 3 ← {0,2,4} = 3,
        // 4 ← {0,2,3,4} = 4; total 10, n1..n4 = 1, 1, 1, 1, Y = 1/3, D1 = 1/3, D2 = 1, D3+ = 3 − 4/3 = 5/3.
        double u1 = 1.0 / 3, u2 = 1, u3 = 5.0 / 3;
        AssertDiscounts(lm.Discounts(1), u1, u2, u3);

        // P1(2) = (1 − D1)/10 + γ/10 · 1/6 with γ = D1·1 + D2·1 + D3+·2 (tokens 3 and 4 both have ≥ 3).
        double gammaUnigram = u1 + u2 + (2 * u3);
        double p1Of2 = ((1 - u1) / 10) + (gammaUnigram / 10 / 6);
        Assert.Equal(13.0 / 90, p1Of2, 15);

        // After 4: 2 ×4, 3 ×2, 4 ×1 (total 7), γ(4) = D3+ + D2 + D1; P(2 | 4) = (4 − D3+)/7 + γ(4)/7 · P1(2) = 43/84.
        double expected = ((4 - d3) / 7) + ((d3 + d2 + d1) / 7 * p1Of2);
        Assert.Equal(43.0 / 84, expected, 15);
        Assert.Equal(expected, lm.Probability([4], 2), 12);

        // An unseen history falls back to the unigram level; an unseen token gets only interpolated mass.
        Assert.Equal(p1Of2, lm.Probability([5], 2), 12);
        Assert.Equal(gammaUnigram / 10 / 6, lm.Probability([], 1), 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Probabilities_over_the_vocabulary_sum_to_one(int order)
    {
        var stream = MarkovStream(5000, vocabulary: 40, seed: 3);
        var lm = KneserNeyLanguageModel.Train(stream, vocabularySize: 41, order); // id 40 never occurs
        int[][] histories =
        [
            [],
            [stream[10]],
            stream[100..103],
            stream[200..210],        // longer than order − 1: truncated
            [40, 40, 40],            // an unseen token as history
            [1, 2, 3],               // most likely an unseen history
            [stream[7], 40, stream[9]],
        ];
        foreach (var h in histories)
        {
            double sum = 0;
            for (int w = 0; w < lm.VocabularySize; w++)
            {
                double p = lm.Probability(h, w);
                Assert.True(p > 0, $"P({w} | [{string.Join(',', h)}]) = {p}");
                sum += p;
            }

            Assert.Equal(1.0, sum, 9);
        }
    }

    [Fact]
    public void Order_one_is_a_smoothed_unigram_that_ignores_the_history()
    {
        int[] stream = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 0, 1];
        var lm = KneserNeyLanguageModel.Train(stream, vocabularySize: 5, order: 1);

        // Raw counts 0:5, 1:4, 2:2, 3:1 (N = 12), so n1..n4 = 1, 1, 0, 1: n3 = 0 makes D3+ fall back to 3·Y, Y = 1/3.
        var d = lm.Discounts(1);
        double y = 1.0 / 3;
        AssertDiscounts(d, 1 - (2 * y * 1 / 1), 2 - (3 * y * 0 / 1), 3 * y);
        double gamma = d.D1 + d.D2 + (2 * d.D3Plus);
        double[] raw = [5, 4, 2, 1, 0];
        for (int w = 0; w < 5; w++)
        {
            double own = raw[w] > 0 ? raw[w] - d.For((long)raw[w]) : 0;
            double expected = (own / 12) + (gamma / 12 / 5);
            Assert.Equal(expected, lm.Probability([], w), 12);
            Assert.Equal(expected, lm.Probability([3, 2, 1], w), 12);
        }
    }

    [Fact]
    public void A_four_gram_beats_a_unigram_on_held_out_text_with_structure()
    {
        var stream = MarkovStream(60_000, vocabulary: 200, seed: 11);
        var train = stream[..50_000];
        var heldOut = stream[50_000..];
        double Ppl(int order)
        {
            var lm = KneserNeyLanguageModel.Train(train, 200, order);
            return KneserNeyLanguageModel.Perplexity(Windows(heldOut, 64).Select(w => lm.Score(w)));
        }

        // The chain's next token depends on the previous two jointly, so only orders ≥ 3 see the structure (a bigram
        // is no better than a unigram here); with 40,000 two-token contexts and 50k tokens the 4-gram is still sparse,
        // but it should be far below the unigram.
        double unigram = Ppl(1), fourgram = Ppl(4);
        Assert.True(fourgram < unigram / 3, $"perplexities 1-gram {unigram}, 4-gram {fourgram}");
    }

    [Fact]
    public void Score_predicts_every_token_but_the_first_from_inside_the_window()
    {
        var stream = MarkovStream(3000, vocabulary: 30, seed: 5);
        var lm = KneserNeyLanguageModel.Train(stream, 30, order: 3);
        int[] window = stream[500..510];
        var (ll, tokens) = lm.Score(window);
        Assert.Equal(9, tokens);
        double expected = Math.Log(lm.Probability(window[..1], window[1])) + Enumerable.Range(2, 8).Sum(i => Math.Log(lm.Probability(window[(i - 2)..i], window[i])));
        Assert.Equal(expected, ll, 12);
        Assert.Equal((0.0, 0), lm.Score(window[..1]));
        Assert.Equal(Math.Exp(-ll / 9), KneserNeyLanguageModel.Perplexity([(ll, tokens)]), 12);
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var stream = MarkovStream(20_000, vocabulary: 100, seed: 9);
        var a = KneserNeyLanguageModel.Train(stream, 100);
        var b = KneserNeyLanguageModel.Train(stream, 100);
        var heldOut = MarkovStream(2000, vocabulary: 100, seed: 10);
        Assert.Equal(a.Score(heldOut), b.Score(heldOut));
        Assert.Equal(a.Discounts(3), b.Discounts(3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_stream_shorter_than_the_order_still_gives_a_distribution(int length)
    {
        var lm = KneserNeyLanguageModel.Train(Toy.AsSpan(0, length), vocabularySize: 6, order: 4);
        Assert.Equal(0, lm.DistinctNGrams(4));
        Assert.Equal(1.0, Enumerable.Range(0, 6).Sum(w => lm.Probability(Toy.AsSpan(0, 3), w)), 12);
        Assert.True(lm.Probability(Toy.AsSpan(0, 3), 5) > 0);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KneserNeyLanguageModel.Train(Toy, 6, order: 5));
        Assert.Throws<ArgumentException>(() => KneserNeyLanguageModel.Train(Toy, 4));
        Assert.Throws<ArgumentException>(() => KneserNeyLanguageModel.Train([], 4));
        var lm = KneserNeyLanguageModel.Train(Toy, 6, order: 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => lm.Probability([], 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => lm.Probability([-1], 0));
    }

    private static void AssertDiscounts(KneserNeyDiscounts d, double d1, double d2, double d3)
    {
        Assert.Equal(d1, d.D1, 12);
        Assert.Equal(d2, d.D2, 12);
        Assert.Equal(d3, d.D3Plus, 12);
    }

    // A second-order Markov chain: the next token is one of 3 tokens fixed by the previous two (probabilities
    // 0.6/0.3/0.1), or with probability 0.05 any token — structure a 4-gram can learn and a unigram cannot.
    internal static int[] MarkovStream(int length, int vocabulary, ulong seed)
    {
        var rng = new Rng(seed);
        var s = new int[length];
        s[0] = rng.NextInt(vocabulary);
        s[1] = rng.NextInt(vocabulary);
        for (int i = 2; i < length; i++)
        {
            double u = rng.NextDouble();
            int state = (s[i - 2] * 31) + (s[i - 1] * 7);
            s[i] = u < 0.05 ? rng.NextInt(vocabulary)
                : u < 0.62 ? state % vocabulary
                : u < 0.905 ? (state + 1) % vocabulary
                : (state + 2) % vocabulary;
        }

        return s;
    }

    private static IEnumerable<int[]> Windows(int[] stream, int size)
    {
        for (int i = 0; i + 1 < stream.Length; i += size)
        {
            yield return stream[i..Math.Min(stream.Length, i + size)];
        }
    }
}
