namespace SliceMoE.Reproduction.Execution;

/// <summary>
/// Everything a finished run contributes to the report, written as <c>OUT/runs/&lt;id&gt;/result.json</c>. Its existence
/// marks the run as done: a reproduction that is started again skips it.
/// </summary>
public sealed record RunResult
{
    /// <summary>The run id (variant key and seed).</summary>
    public required string Id { get; init; }

    /// <summary>The variant key.</summary>
    public required string Variant { get; init; }

    /// <summary>The variant's display label.</summary>
    public required string Label { get; init; }

    /// <summary>Data role key.</summary>
    public required string Role { get; init; }

    /// <summary>classification, lm, translation or synthetic.</summary>
    public required string Task { get; init; }

    /// <summary>The seed.</summary>
    public required int Seed { get; init; }

    /// <summary>The training overrides (or the synthetic settings), to refuse reusing a result made with another configuration.</summary>
    public required IReadOnlyList<string> Overrides { get; init; }

    /// <summary>How many items each split had (examples, tokens or pairs).</summary>
    public DataCounts? Counts { get; init; }

    /// <summary>Class names (classification).</summary>
    public IReadOnlyList<string>? LabelNames { get; init; }

    /// <summary>Optimiser steps done.</summary>
    public int Steps { get; init; }

    /// <summary>Seconds this run took in the invocation that finished it (training after any resume, plus analyses).</summary>
    public double WallSeconds { get; init; }

    /// <summary>The step it resumed from, when an earlier invocation was interrupted.</summary>
    public int? ResumedFromStep { get; init; }

    /// <summary>Parameters of one FFN slot (router included).</summary>
    public long FeedForwardParameters { get; init; }

    /// <summary>Forward FLOPs per token of one FFN slot (router included).</summary>
    public double FeedForwardFlops { get; init; }

    /// <summary>Parameters of the whole model.</summary>
    public long ModelParameters { get; init; }

    /// <summary>Parameters that trained (not frozen).</summary>
    public long TrainableParameters { get; init; }

    /// <summary>Final validation metrics.</summary>
    public SplitMetrics? Validation { get; init; }

    /// <summary>Final test metrics.</summary>
    public SplitMetrics? Test { get; init; }

    /// <summary>Training intervals and validation evaluations over training.</summary>
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];

    /// <summary>Test labels (classification).</summary>
    public IReadOnlyList<int>? TestLabels { get; init; }

    /// <summary>Test predictions (classification).</summary>
    public IReadOnlyList<int>? TestPredictions { get; init; }

    /// <summary>Validation metrics under router-logit noise (Figure 4).</summary>
    public IReadOnlyList<NoisePoint>? Noise { get; init; }

    /// <summary>BLEU of decoded test sentences (translation).</summary>
    public TranslationResult? Translation { get; init; }

    /// <summary>Expert specialisation (ESS, words, PCA).</summary>
    public SpecialisationResult? Specialisation { get; init; }

    /// <summary>The synthetic task's per-epoch record (Figure 7).</summary>
    public SyntheticResult? Synthetic { get; init; }
}

/// <summary>Items per split.</summary>
/// <param name="Unit">examples, tokens or pairs.</param>
/// <param name="Train">Training items.</param>
/// <param name="Validation">Validation items evaluated.</param>
/// <param name="Test">Test items evaluated.</param>
public sealed record DataCounts(string Unit, int Train, int Validation, int Test);

/// <summary>Metrics of a model on one split.</summary>
/// <param name="Loss">Mean task loss.</param>
/// <param name="Accuracy">Accuracy (next-token accuracy for LM and MT).</param>
/// <param name="Perplexity">exp(loss) for LM and MT.</param>
/// <param name="Ele">Expert-load entropy (mean over MoE layers; NaN for dense models).</param>
/// <param name="Cv2Counts">The paper's CV² of counts (mean over MoE layers).</param>
/// <param name="Count">Examples or tokens evaluated.</param>
/// <param name="Load">Per MoE layer, each expert's share of assignments.</param>
public sealed record SplitMetrics(double Loss, double Accuracy, double? Perplexity, double Ele, double Cv2Counts, int Count, IReadOnlyList<double[]> Load);

/// <summary>One point of a learning curve.</summary>
/// <param name="Step">Optimiser steps done.</param>
/// <param name="Split">train (a logged interval) or validation (an evaluation).</param>
/// <param name="Loss">Mean loss.</param>
/// <param name="Accuracy">Accuracy.</param>
/// <param name="Perplexity">Perplexity (validation of LM and MT).</param>
/// <param name="Ele">ELE (NaN for dense models).</param>
/// <param name="Bleu">Greedy BLEU of validation sentences (translation runs with eval_bleu_sentences).</param>
public sealed record CurvePoint(int Step, string Split, double Loss, double Accuracy, double? Perplexity, double Ele, double? Bleu = null);

/// <summary>Validation metrics with Gaussian noise of standard deviation σ added to the router logits at evaluation.</summary>
/// <param name="Sigma">σ.</param>
/// <param name="Accuracy">Accuracy.</param>
/// <param name="Loss">Loss.</param>
/// <param name="Ele">ELE.</param>
public sealed record NoisePoint(double Sigma, double Accuracy, double Loss, double Ele);

/// <summary>Corpus BLEU of a translation model on decoded test sentences.</summary>
/// <param name="Bleu">BLEU (0-100).</param>
/// <param name="Precisions">1- to 4-gram precisions (percent).</param>
/// <param name="BrevityPenalty">Brevity penalty.</param>
/// <param name="LengthRatio">Hypothesis length / reference length.</param>
/// <param name="Sentences">Sentences decoded.</param>
/// <param name="Beam">Beam width.</param>
/// <param name="Lowercased">Whether hypotheses and references were lowercased before scoring (sacreBLEU -lc), because the tokenizer lowercases.</param>
/// <param name="Score">The score line (sacreBLEU's format).</param>
/// <param name="Samples">A few decoded examples.</param>
public sealed record TranslationResult(double Bleu, IReadOnlyList<double> Precisions, double BrevityPenalty, double LengthRatio, int Sentences, int Beam, bool Lowercased, string Score, IReadOnlyList<TranslationSample> Samples);

/// <summary>One decoded sentence.</summary>
/// <param name="Source">English source.</param>
/// <param name="Hypothesis">The model's German.</param>
/// <param name="Reference">The reference German.</param>
public sealed record TranslationSample(string Source, string Hypothesis, string Reference);

/// <summary>The synthetic task's record.</summary>
/// <param name="Epochs">Per epoch: ELE over the epoch's training assignments, training loss, held-out accuracy.</param>
/// <param name="SegmentExperts">[segment][expert]: the share of the segment's slices (held-out set, after training) each expert received.</param>
/// <param name="Dim">Input width (64).</param>
/// <param name="Slices">S (8).</param>
/// <param name="Experts">E.</param>
/// <param name="Classes">Classes (one per segment).</param>
public sealed record SyntheticResult(IReadOnlyList<SyntheticEpoch> Epochs, IReadOnlyList<double[]> SegmentExperts, int Dim, int Slices, int Experts, int Classes);

/// <summary>One epoch of the synthetic task.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Ele">ELE of the epoch's training assignments.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TestAccuracy">Held-out accuracy after the epoch.</param>
public sealed record SyntheticEpoch(int Epoch, double Ele, double TrainLoss, double TestAccuracy);
