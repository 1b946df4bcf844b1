using SliceMoE.Evaluation;

namespace SliceMoE.Reproduction.Baselines;

/// <summary>Corpus BLEU of the two translation baselines on one test split.</summary>
/// <param name="CopyBleu">BLEU (0–100) of <see cref="CopyTranslator"/>: every source sentence output unchanged.</param>
/// <param name="WordByWordBleu">BLEU (0–100) of <see cref="WordByWordTranslator"/> trained on the training pairs.</param>
/// <param name="TestPairs">Number of test sentence pairs scored.</param>
public sealed record TranslationBaselineScores(double CopyBleu, double WordByWordBleu, int TestPairs);

/// <summary>Runs the translation baselines for the report.</summary>
public static class TranslationBaselines
{
    /// <summary>
    /// Trains <see cref="WordByWordTranslator"/> on <paramref name="train"/> (default 5 EM iterations) and scores it and
    /// <see cref="CopyTranslator"/> on <paramref name="test"/> with <see cref="Bleu.Corpus"/> at default options
    /// (sacreBLEU's 13a tokenisation, case-sensitive), one reference per sentence.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="test"/> is empty.</exception>
    public static TranslationBaselineScores Evaluate(IReadOnlyList<(string Source, string Target)> train, IReadOnlyList<(string Source, string Target)> test, int iterations = 5)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (test.Count == 0)
        {
            throw new ArgumentException("The test split is empty.", nameof(test));
        }

        var references = test.Select(p => p.Target).ToArray();
        var wordByWord = WordByWordTranslator.Train(train, iterations);
        double copy = Score(CopyTranslator.Instance, test, references);
        double words = Score(wordByWord, test, references);
        return new TranslationBaselineScores(copy, words, test.Count);
    }

    private static double Score(ISentenceTranslator translator, IReadOnlyList<(string Source, string Target)> test, string[] references) =>
        Bleu.Corpus(test.Select(p => translator.Translate(p.Source)).ToArray(), references).Score;
}
