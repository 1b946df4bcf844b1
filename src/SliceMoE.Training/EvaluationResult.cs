namespace SliceMoE.Training;

/// <summary>Metrics of a model on one split.</summary>
/// <param name="Split">"train", "validation" or "test".</param>
/// <param name="Loss">Mean task loss (per example for classification, per token otherwise).</param>
/// <param name="Count">Examples or tokens evaluated.</param>
/// <param name="Accuracy">Classification accuracy, or next-token accuracy for language models.</param>
/// <param name="Perplexity">exp(loss) for language models and translation.</param>
/// <param name="Bleu">Corpus BLEU (translation, when decoding was run).</param>
/// <param name="Ele">Mean expert-load entropy over the MoE layers (NaN for dense models).</param>
/// <param name="Load">Per MoE layer, the fraction of assignments each expert received.</param>
/// <param name="Cv2Counts">Mean over MoE layers of the paper's CV² of counts.</param>
/// <param name="Predictions">Classification: predicted class per example.</param>
public sealed record EvaluationResult(
    string Split, double Loss, int Count, double Accuracy, double? Perplexity, double? Bleu, double Ele,
    IReadOnlyList<double[]> Load, double Cv2Counts, int[] Predictions)
{
    /// <summary>The number early stopping watches: accuracy for classification, BLEU when present, else −loss (higher is better).</summary>
    public double Score => Bleu ?? (Perplexity is null ? Accuracy : -Loss);
}
