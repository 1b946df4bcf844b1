namespace SliceMoE.Reproduction.Execution;

/// <summary>
/// What the classical baselines score on the reproduction's own splits and tokenization, so a reader can tell what the
/// models' numbers mean: a bag-of-words logistic regression per classification data set, an interpolated Kneser-Ney
/// n-gram language model, and, for translation, copying the source and a word-by-word IBM Model 1 dictionary.
/// </summary>
/// <param name="Classification">By classification role.</param>
/// <param name="LanguageModel">The n-gram LM (null when the plan has no LM role).</param>
/// <param name="Translation">The translation baselines (null when the plan has no translation role).</param>
/// <param name="WallSeconds">Seconds it took to compute them all.</param>
public sealed record BaselineResults(
    IReadOnlyDictionary<string, ClassificationBaseline> Classification, LanguageModelBaseline? LanguageModel, TranslationBaseline? Translation, double WallSeconds);

/// <summary>A bag-of-words logistic regression over the classifier's own token ids.</summary>
/// <param name="ValidationAccuracy">Accuracy on the validation split.</param>
/// <param name="TestAccuracy">Accuracy on the test split.</param>
/// <param name="L2">The L2 strength the validation split chose.</param>
public sealed record ClassificationBaseline(double ValidationAccuracy, double TestAccuracy, double L2);

/// <summary>An interpolated modified Kneser-Ney n-gram LM over the LM's own token ids, scored on the windows the models are.</summary>
/// <param name="Order">n.</param>
/// <param name="ValidationPerplexity">Perplexity on the validation windows.</param>
/// <param name="TestPerplexity">Perplexity on the test windows.</param>
/// <param name="TrainTokens">Tokens it counted.</param>
public sealed record LanguageModelBaseline(int Order, double ValidationPerplexity, double TestPerplexity, int TrainTokens);

/// <summary>Corpus BLEU of two translation baselines on the test sentences the models decode, scored as theirs are.</summary>
/// <param name="CopyBleu">The output is the English source.</param>
/// <param name="WordByWordBleu">Each source word replaced by its most probable German word under IBM Model 1.</param>
/// <param name="Sentences">Test sentences scored.</param>
/// <param name="Lowercased">Whether scored case-insensitively, as the models are when their tokenizer lowercases.</param>
public sealed record TranslationBaseline(double CopyBleu, double WordByWordBleu, int Sentences, bool Lowercased);
