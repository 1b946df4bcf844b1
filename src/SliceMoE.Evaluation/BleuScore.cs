using System.Globalization;

namespace SliceMoE.Evaluation;

/// <summary>A BLEU score with the numbers it came from.</summary>
/// <param name="Score">BLEU on sacreBLEU's 0-100 scale.</param>
/// <param name="Precisions">Per-order (smoothed) precisions in percent.</param>
/// <param name="BrevityPenalty">exp(1 - r/c) when the hypothesis (length c) is shorter than the reference (r), else 1.</param>
/// <param name="Statistics">The summed sufficient statistics.</param>
public sealed record BleuScore(double Score, IReadOnlyList<double> Precisions, double BrevityPenalty, BleuStatistics Statistics)
{
    /// <summary>Hypothesis length over reference length (0 when the reference is empty).</summary>
    public double LengthRatio => Statistics.ReferenceLength == 0 ? 0 : (double)Statistics.HypothesisLength / Statistics.ReferenceLength;

    /// <summary>sacreBLEU's summary line, e.g. "BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)".</summary>
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"BLEU = {Score:F2} {string.Join('/', Precisions.Select(p => p.ToString("F1", CultureInfo.InvariantCulture)))} (BP = {BrevityPenalty:F3} ratio = {LengthRatio:F3} hyp_len = {Statistics.HypothesisLength} ref_len = {Statistics.ReferenceLength})");
}
