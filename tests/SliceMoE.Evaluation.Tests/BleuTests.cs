using SliceMoE.Evaluation;

namespace SliceMoE.Tests.Evaluation;

/// <summary>
/// BLEU against sacreBLEU 2.x. Expected values marked "sacreBLEU" are the outputs asserted in sacreBLEU's own
/// test suite (test/test_bleu.py, test/test_sentence_bleu.py); the others are computed by hand in the comments.
/// </summary>
public class BleuTests
{
    // sacreBLEU's README example: 3 hypotheses, 2 reference streams.
    private static readonly string[] Hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];

    private static readonly IReadOnlyList<string>[] Refs =
    [
        ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
        ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
    ];

    // raw_corpus_bleu: no tokenisation, floor smoothing, effective order.
    private static BleuOptions Raw(double floor) => new() { Tokenizer = BleuTokenizer.None, Smoothing = BleuSmoothing.Floor, SmoothValue = floor, EffectiveOrder = true };

    [Fact]
    public void Corpus_defaults_match_sacrebleu()
    {
        Assert.Equal(48.530827, Bleu.CorpusMultiReference(Hyps, Refs).Score, 1e-6); // sacreBLEU
        Assert.Equal(48.530827, Bleu.CorpusMultiReference(Hyps, Refs, new BleuOptions { Smoothing = BleuSmoothing.None }).Score, 1e-6); // sacreBLEU
        Assert.Equal(49.1919566, Bleu.CorpusMultiReference(Hyps, Refs, new BleuOptions { Tokenizer = BleuTokenizer.None }).Score, 1e-6); // sacreBLEU
    }

    [Theory]
    [InlineData(1, "77.65")]
    [InlineData(2, "60.50")]
    [InlineData(3, "53.93")]
    [InlineData(4, "48.53")]
    [InlineData(5, "46.14")]
    [InlineData(6, "43.28")]
    public void Other_ngram_orders_match_sacrebleu(int order, string expected)
    {
        double score = Bleu.CorpusMultiReference(Hyps, Refs, new BleuOptions { MaxNgramOrder = order }).Score;
        Assert.Equal(expected, score.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Empty_hypotheses_score_zero_and_are_not_dropped()
    {
        var s = Bleu.CorpusMultiReference(["", "", ""], Refs); // sacreBLEU: 0.0
        Assert.Equal(0, s.Score);
        Assert.Equal(0, s.BrevityPenalty);
        Assert.Equal(0, s.Statistics.HypothesisLength);
    }

    [Fact]
    public void Raw_corpus_cases_match_sacrebleu()
    {
        Assert.Equal(0, Bleu.Corpus(["this is a test", "another test"], ["ref1", "ref2"], Raw(0.01)).Score); // no match at all: 0 (#141)
        Assert.Equal(100, Bleu.Corpus(["this is a test"], ["this is a test"], Raw(0.01)).Score, 1e-12);
        Assert.Equal(22.3606797749979, Bleu.Corpus(["this is a fest"], ["this is a test"], Raw(0.01)).Score, 1e-10);
    }

    [Fact]
    public void Effective_order_cases_match_sacrebleu()
    {
        Assert.Equal(36.78794411714425, Bleu.Corpus(["test"], ["a test"], Raw(0.01)).Score, 1e-10);
        Assert.Equal(100, Bleu.Corpus(["a test"], ["a test"], Raw(0.01)).Score, 1e-10);
        Assert.Equal(3.218297948685433, Bleu.Corpus(["a little test"], ["a test"], Raw(0.01)).Score, 1e-10);
    }

    [Fact]
    public void Statistics_and_floor_offsets_match_sacrebleu()
    {
        string hyp = "am I am a character sequence", reference = "I am a symbol string sequence a a";
        var st = Bleu.SegmentStatistics(hyp, [reference], Raw(0.01));
        Assert.Equal([4L, 2, 1, 0], st.Matches);
        Assert.Equal([6L, 5, 4, 3], st.Totals);
        Assert.Equal(15.55722182, Bleu.Corpus([hyp], [reference], Raw(0.1)).Score, 1e-6); // sacreBLEU: 0.1555722182
        Assert.Equal(15.55722182, Bleu.Corpus([hyp], [reference], Raw(0.1) with { SmoothValue = null }).Score, 1e-6); // default floor is 0.1
        Assert.Equal(0, Bleu.Corpus([hyp], [reference], Raw(0)).Score);
    }

    [Fact]
    public void Scoring_from_statistics_matches_sacrebleu()
    {
        var stats = new BleuStatistics(11, 11, [9, 7, 5, 3], [10, 8, 6, 4]);
        Assert.Equal(83.75922397, Bleu.FromStatistics(stats, new BleuOptions { Smoothing = BleuSmoothing.None }).Score, 1e-7);
    }

    [Theory]
    [InlineData(new long[] { 0, 0, 0, 0 }, new long[] { 4, 4, 2, 1 }, 0, 1, 0.0)]
    [InlineData(new long[] { 0, 0, 0, 0 }, new long[] { 10, 11, 12, 0 }, 14, 10, 0.0)]
    [InlineData(new long[] { 0, 0, 0, 0 }, new long[] { 0, 0, 0, 0 }, 0, 0, 0.0)]
    [InlineData(new long[] { 6, 5, 4, 0 }, new long[] { 6, 5, 4, 3 }, 6, 6, 0.0)]
    [InlineData(new long[] { 0, 0, 0, 0 }, new long[] { 0, 0, 0, 0 }, 0, 0, 0.1)]
    [InlineData(new long[] { 0, 0, 0, 0 }, new long[] { 0, 0, 0, 0 }, 1, 5, 0.01)]
    public void Degenerate_statistics_score_exactly_zero_like_sacrebleu(long[] matches, long[] totals, long sys, long reference, double floor)
    {
        var options = new BleuOptions { Smoothing = BleuSmoothing.Floor, SmoothValue = floor };
        Assert.Equal(0, Bleu.FromStatistics(new BleuStatistics(sys, reference, matches, totals), options).Score);
    }

    [Theory]
    [InlineData(BleuSmoothing.Exponential, null, BleuTokenizer.Mteval13a, 8.493)]
    [InlineData(BleuSmoothing.None, null, BleuTokenizer.Mteval13a, 0.0)]
    [InlineData(BleuSmoothing.Floor, null, BleuTokenizer.Mteval13a, 4.51688)]
    [InlineData(BleuSmoothing.Floor, 0.1, BleuTokenizer.Mteval13a, 4.51688)]
    [InlineData(BleuSmoothing.Floor, 0.5, BleuTokenizer.Mteval13a, 10.10)]
    [InlineData(BleuSmoothing.AddK, null, BleuTokenizer.Mteval13a, 14.882)]
    [InlineData(BleuSmoothing.AddK, 1.0, BleuTokenizer.Mteval13a, 14.882)]
    [InlineData(BleuSmoothing.AddK, 2.0, BleuTokenizer.Mteval13a, 21.389)]
    [InlineData(BleuSmoothing.Exponential, null, BleuTokenizer.None, 7.347)]
    public void Sentence_bleu_smoothing_variants_match_sacrebleu(BleuSmoothing smoothing, double? value, BleuTokenizer tokenizer, double expected)
    {
        // sacreBLEU issue #98's example, effective order on; sacreBLEU's test tolerance is 1e-3.
        const string Ref = "producţia de zahăr brut se exprimă în zahăr alb;";
        const string Sys = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";
        var options = new BleuOptions { Smoothing = smoothing, SmoothValue = value, Tokenizer = tokenizer, EffectiveOrder = true };
        Assert.Equal(expected, Bleu.Sentence(Sys, [Ref], options).Score, 1e-3);
    }

    [Fact]
    public void Sentence_without_any_match_is_zero_for_every_smoothing()
    {
        foreach (var smoothing in Enum.GetValues<BleuSmoothing>())
        {
            Assert.Equal(0, Bleu.Sentence("this is a cat", ["okay thanks"], BleuOptions.Sentence with { Smoothing = smoothing }).Score); // sacreBLEU #141
        }
    }

    [Fact]
    public void Worked_example_with_exponential_smoothing()
    {
        // Matches 5/6, 3/5, 1/4, 0/3 -> the 4-gram precision becomes 1/(2*3); BP = 1; BLEU = 100 (5/6 * 3/5 * 1/4 * 1/6)^(1/4).
        var s = Bleu.Corpus(["the cat sat on the mat"], ["the cat is on the mat"]);
        Assert.Equal([5L, 3, 1, 0], s.Statistics.Matches);
        Assert.Equal(100 * Math.Pow(1.0 / 48, 0.25), s.Score, 1e-10);
        Assert.Equal(100.0 / 6, s.Precisions[3], 1e-12);
    }

    [Fact]
    public void Brevity_penalty_applies_to_short_hypotheses_only()
    {
        // Every n-gram matches; the hypothesis has 5 tokens against 6: BLEU = 100 exp(1 - 6/5).
        var shortHyp = Bleu.Corpus(["the cat sat on the"], ["the cat sat on the mat"]);
        Assert.Equal(Math.Exp(1 - (6.0 / 5)), shortHyp.BrevityPenalty, 1e-14);
        Assert.Equal(100 * Math.Exp(1 - (6.0 / 5)), shortHyp.Score, 1e-10);
        var longHyp = Bleu.Corpus(["the cat sat on the mat today"], ["the cat sat on the mat"]);
        Assert.Equal(1, longHyp.BrevityPenalty);
    }

    [Fact]
    public void Clipping_uses_the_largest_count_in_any_one_reference()
    {
        var st = Bleu.SegmentStatistics("the the the the", ["the cat", "the the dog"]);
        Assert.Equal(2, st.Matches[0]);
        Assert.Equal(4, st.Totals[0]);
    }

    [Fact]
    public void Closest_reference_length_prefers_the_shorter_on_a_tie()
    {
        Assert.Equal(8, Bleu.SegmentStatistics("a b c d e f g", ["a b c d e f g h i j k l", "a b c d e f x y"]).ReferenceLength);
        Assert.Equal(5, Bleu.SegmentStatistics("a b c d e f g", ["a b c d e f g h i", "a b c d e"]).ReferenceLength);
        Assert.Equal(9, Bleu.SegmentStatistics("a b c d e f g", ["a b c d e f g h i", "a b c d"]).ReferenceLength);
    }

    [Fact]
    public void Corpus_bleu_pools_statistics_rather_than_averaging_sentences()
    {
        string[] hyps = ["the cat sat on the mat", "a dog ran"];
        string[] refs = ["the cat is on the mat", "a dog ran in the park"];
        var corpus = Bleu.Corpus(hyps, refs);
        var pooled = Bleu.SegmentStatistics(hyps[0], [refs[0]]).Add(Bleu.SegmentStatistics(hyps[1], [refs[1]]));
        Assert.Equal(Bleu.FromStatistics(pooled).Score, corpus.Score, 1e-12);
        Assert.Equal(9, corpus.Statistics.HypothesisLength);
    }

    [Fact]
    public void Case_matters_unless_lowercasing_is_asked_for()
    {
        Assert.Equal(0, Bleu.Corpus(["The Cat Sat On The Mat"], ["the cat sat on the mat"]).Score);
        Assert.Equal(100, Bleu.Corpus(["The Cat Sat On The Mat"], ["the cat sat on the mat"], new BleuOptions { Lowercase = true }).Score, 1e-10);
    }

    [Fact]
    public void Trailing_whitespace_is_stripped_before_tokenising()
    {
        Assert.Equal(100, Bleu.Corpus(["a b c d.  \t"], ["a b c d."]).Score, 1e-10);
    }

    [Fact]
    public void Variable_reference_counts_skip_missing_references()
    {
        IReadOnlyList<string?>[] streams = [["the cat sat on the mat", "a dog"], [null, "a dog ran"]];
        var s = Bleu.CorpusMultiReference(["the cat sat on the mat", "a dog ran"], streams);
        Assert.Equal(100, s.Score, 1e-10);
    }

    [Fact]
    public void An_empty_reference_is_a_reference_of_length_zero_as_in_sacrebleu_2_2()
    {
        // Segment 0's references are "" and "the cat sat on the mat": the closest length to 6 tokens is 6, so "" changes nothing.
        IReadOnlyList<string?>[] streams = [["", "a dog ran"], ["the cat sat on the mat", null]];
        Assert.Equal(100, Bleu.CorpusMultiReference(["the cat sat on the mat", "a dog ran"], streams).Score, 1e-10);

        // Alone, "" is the reference: a 2-token hypothesis against length 0 has no match and scores 0 (no exception).
        var only = Bleu.Corpus(["a b"], [""]);
        Assert.Equal(0, only.Score);
        Assert.Equal(0, only.Statistics.ReferenceLength);
        Assert.Equal(0, Bleu.Sentence("a b", [""]).Score);
    }

    // sacreBLEU's test_sentence_bleu.py example (#98), with its tolerance of 1e-3.
    private const string Sys98 = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";
    private const string Ref98 = "producţia de zahăr brut se exprimă în zahăr alb;";

    [Theory]
    [InlineData(BleuTokenizer.International, false, 8.493)]
    [InlineData(BleuTokenizer.Character, false, 40.8759)]
    [InlineData(BleuTokenizer.Character, true, 42.0267)]
    public void The_intl_and_char_tokenizers_match_sacrebleu_on_its_sentence_tests(BleuTokenizer tokenizer, bool lowercase, double expected)
    {
        var options = BleuOptions.Sentence with { Tokenizer = tokenizer, Lowercase = lowercase };
        Assert.Equal(expected, Bleu.Sentence(Sys98, [Ref98], options).Score, 1e-3); // sacreBLEU
    }

    [Fact]
    public void The_intl_tokenizer_matches_sacrebleu_on_its_corpus_test()
    {
        Assert.Equal(43.91623493, Bleu.CorpusMultiReference(Hyps, Refs, new BleuOptions { Tokenizer = BleuTokenizer.International }).Score, 1e-6); // sacreBLEU
    }

    [Theory]
    [InlineData("Hello, world!", "Hello , world !")]
    [InlineData("It costs $3.50.", "It costs $ 3.50.")]            // the number keeps its final period, as mteval-v14
    [InlineData("a..b", "a . . b")]
    [InlineData("«Ça va?» dit-il.", "« Ça va ? » dit - il .")]
    [InlineData("x = 1 + 2 😀", "x = 1 + 2 😀")]
    [InlineData("1,000 and 3.14", "1,000 and 3.14")]
    public void The_intl_tokenizer_splits_unicode_punctuation_and_symbols(string text, string expected)
    {
        Assert.Equal(expected, TokenizerIntl.Tokenize(text));
    }

    [Fact]
    public void Lowercasing_treats_final_sigma_as_python_does()
    {
        // Sentence BLEU (effective order) so that one-word segments score too.
        var lower = BleuOptions.Sentence with { Lowercase = true };
        Assert.Equal(100, Bleu.Sentence("ΟΔΟΣ", ["οδος"], lower).Score, 1e-10);       // sacreBLEU 2.6: 100 (str.lower gives the final ς)
        Assert.Equal(100, Bleu.Sentence("Η ΟΔΟΣ ΕΙΝΑΙ ΜΑΚΡΙΑ.", ["η οδος ειναι μακρια."], lower).Score, 1e-10);
        Assert.Equal(100, Bleu.Sentence("ΣΟΦΟΣ 'ΣΟΦΟΣ'", ["σοφος 'σοφος'"], lower).Score, 1e-10); // ' is case-ignorable: σ at the start, ς at the end
        Assert.Equal(100, Bleu.Sentence("İstanbul", ["i\u0307stanbul"], lower).Score, 1e-10);       // full mapping: İ is two code points
        Assert.Equal(0, Bleu.Sentence("ΟΔΟΣ", ["οδοσ"], lower).Score);                 // a medial σ at the end is not the final form
    }

    [Fact]
    public void Summary_line_reads_like_sacrebleu()
    {
        Assert.StartsWith("BLEU = 48.53 ", Bleu.CorpusMultiReference(Hyps, Refs).ToString(), StringComparison.Ordinal);
        Assert.Matches(@"^BLEU = \d+\.\d\d [\d.]+/[\d.]+/[\d.]+/[\d.]+ \(BP = [\d.]+ ratio = [\d.]+ hyp_len = \d+ ref_len = \d+\)$", Bleu.CorpusMultiReference(Hyps, Refs).ToString());
    }

    [Fact]
    public void Invalid_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Bleu.Corpus([], []));
        Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a"], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a"], [null]));
        Assert.Throws<ArgumentException>(() => Bleu.Sentence("a", []));
        Assert.Throws<ArgumentException>(() => Bleu.SegmentStatistics("a", []));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bleu.Corpus(["a"], ["a"], new BleuOptions { MaxNgramOrder = 0 }));
    }
}
