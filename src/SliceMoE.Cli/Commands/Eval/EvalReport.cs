namespace SliceMoE.Cli.Commands.Eval;

/// <summary>What <c>slicemoe eval</c> measured (also its <c>--json</c> output, keys in snake_case).</summary>
/// <param name="Checkpoint">The checkpoint file.</param>
/// <param name="Task">classification, lm or translation.</param>
/// <param name="Dataset">The config's data set.</param>
/// <param name="Layer">slicemoe, tokenmoe or dense.</param>
/// <param name="Step">Optimiser steps the checkpoint had done.</param>
/// <param name="Split">The split evaluated.</param>
/// <param name="Count">Examples (classification) or target tokens (lm, translation) evaluated.</param>
/// <param name="Loss">Mean task loss.</param>
/// <param name="Accuracy">Classification accuracy, or next-token accuracy.</param>
/// <param name="MacroF1">Classification: macro-averaged F1.</param>
/// <param name="Perplexity">lm and translation: exp(loss).</param>
/// <param name="Bleu">Translation: corpus BLEU (sacreBLEU's 13a defaults) of beam-search output on the first <paramref name="Decoded"/> sentences.</param>
/// <param name="Decoded">Translation: sentences decoded for BLEU.</param>
/// <param name="Beam">Translation: beam size.</param>
/// <param name="Ele">Mean expert-load entropy over the MoE layers (NaN for dense).</param>
/// <param name="Cv2Counts">Mean CV² of expert counts over the MoE layers.</param>
/// <param name="Load">Per MoE layer, each expert's share of the assignments.</param>
/// <param name="Labels">Classification: class names.</param>
/// <param name="Confusion">Classification: counts [actual][predicted].</param>
/// <param name="Samples">Translation: the first few decoded sentences.</param>
/// <param name="ParametersSha256">SHA-256 of the model parameters (float32, store order): equal bits, equal hash.</param>
/// <param name="PackedWeights">How the weights were read: none (as trained), float32 or bfloat16 (pre-packed; see <c>--weights</c>).</param>
/// <param name="Warnings">What the checkpoint's checks found that does not stop evaluation (damaged optimizer state, no checksums).</param>
internal sealed record EvalReport(
    string Checkpoint, string Task, string Dataset, string Layer, int Step, string Split, int Count, double Loss, double Accuracy,
    double? MacroF1, double? Perplexity, double? Bleu, int? Decoded, int? Beam, double Ele, double Cv2Counts, IReadOnlyList<double[]> Load,
    IReadOnlyList<string>? Labels, long[][]? Confusion, IReadOnlyList<TranslationSample>? Samples, string ParametersSha256, string PackedWeights, IReadOnlyList<string> Warnings);

/// <summary>One decoded sentence.</summary>
internal sealed record TranslationSample(string Source, string Hypothesis, string Reference);
