using SliceMoE.Evaluation;
using SliceMoE.Reporting;

namespace SliceMoE.Reproduction.Claims;

/// <summary>
/// How a claim of the paper is judged from our numbers. Every rule is a pure function of measured values and the paper's
/// stated number, so the verdicts are reproducible and testable, and the report prints the rule beside each verdict.
/// <list type="bullet">
/// <item>An improvement ("A beats B by x"): reproduced when our difference has the claimed sign and at least
/// <see cref="SizeFraction"/> of the paper's size (and, where the paper claims significance and we have ≥ 2 seeds per
/// side, Welch's p &lt; <see cref="Alpha"/>); partly when only the sign holds (or the test fails); not when the sign is wrong.</item>
/// <item>A level ("ELE ≈ 0.95-0.97"): reproduced within <see cref="EleTolerance"/> below the paper's lower end, partly within
/// <see cref="ElePartlyTolerance"/>, not otherwise.</item>
/// <item>Stability ("stable until σ &gt; 0.5"): reproduced when the largest accuracy drop over the stable range is at most
/// <see cref="StableDrop"/>, partly when at most <see cref="StablePartlyDrop"/>, not otherwise.</item>
/// <item>A claim about several data sets combines the per-data-set verdicts: all reproduced → reproduced; all not → not; else partly.</item>
/// <item>A comparison whose models all stay at the floor of the metric (e.g. BLEU below <see cref="BleuFloor"/>) cannot be judged: not applicable.</item>
/// </list>
/// </summary>
public static class VerdictRules
{
    /// <summary>Share of the paper's effect size that counts as "the rough size holds".</summary>
    public const double SizeFraction = 0.5;

    /// <summary>Significance level of the t-tests: the paper's (<see cref="PaperResults.SignificanceLevel"/>).</summary>
    public static double Alpha => PaperResults.SignificanceLevel.Value;

    /// <summary>How far below the paper's ELE range still counts as near-optimal.</summary>
    public const double EleTolerance = 0.02;

    /// <summary>How far below the paper's ELE range counts as partly.</summary>
    public const double ElePartlyTolerance = 0.10;

    /// <summary>Largest accuracy drop (absolute) that counts as stable.</summary>
    public const double StableDrop = 0.01;

    /// <summary>Largest accuracy drop (absolute) that counts as partly stable.</summary>
    public const double StablePartlyDrop = 0.03;

    /// <summary>How close to a model-matching claim ("matches a dense baseline") still counts as matching (absolute accuracy).</summary>
    public const double MatchTolerance = 0.01;

    /// <summary>BLEU below which a translation model has not learned enough for a comparison.</summary>
    public const double BleuFloor = 1.0;

    /// <summary>
    /// An improvement claim. <paramref name="difference"/> is ours in the claimed direction (positive = as claimed),
    /// <paramref name="paperSize"/> the paper's size (the lower end of a range), <paramref name="test"/> a Welch test of
    /// the two groups when both have at least 2 seeds, <paramref name="needsSignificance"/> whether the paper claims significance.
    /// </summary>
    public static Verdict Improvement(double difference, double paperSize, TTestResult? test = null, bool needsSignificance = false)
    {
        if (!double.IsFinite(difference))
        {
            return Verdict.NotApplicable;
        }

        if (difference <= 0)
        {
            return Verdict.NotReproduced;
        }

        if (difference < SizeFraction * paperSize)
        {
            return Verdict.Partly;
        }

        return needsSignificance && test is not null && !(test.PValue < Alpha) ? Verdict.Partly : Verdict.Reproduced;
    }

    /// <summary>A level claim: <paramref name="value"/> should reach <paramref name="target"/>.</summary>
    public static Verdict AtLeast(double value, double target, double tolerance, double partlyTolerance)
    {
        if (!double.IsFinite(value))
        {
            return Verdict.NotApplicable;
        }

        return value >= target - tolerance ? Verdict.Reproduced : value >= target - partlyTolerance ? Verdict.Partly : Verdict.NotReproduced;
    }

    /// <summary>ELE near the paper's near-optimal range.</summary>
    public static Verdict NearOptimalEle(double ele) => AtLeast(ele, PaperResults.NearOptimalEle.Low, EleTolerance, ElePartlyTolerance);

    /// <summary>Stability: the largest accuracy drop over the range the paper calls stable.</summary>
    public static Verdict Stable(double largestDrop) => double.IsFinite(largestDrop)
        ? largestDrop <= StableDrop ? Verdict.Reproduced : largestDrop <= StablePartlyDrop ? Verdict.Partly : Verdict.NotReproduced
        : Verdict.NotApplicable;

    /// <summary>
    /// "Performance peaks at x": reproduced when the best value is at <paramref name="claimed"/>; partly when the value at
    /// <paramref name="claimed"/> is within <paramref name="tolerance"/> of the best; not otherwise.
    /// </summary>
    public static Verdict PeakAt(IReadOnlyList<double> xs, IReadOnlyList<double> values, double claimed, bool higherIsBetter, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(values);
        int at = -1;
        for (int i = 0; i < xs.Count; i++)
        {
            at = xs[i] == claimed ? i : at;
        }

        if (at < 0 || values.Any(v => !double.IsFinite(v)))
        {
            return Verdict.NotApplicable;
        }

        double best = higherIsBetter ? values.Max() : values.Min();
        if (values[at] == best)
        {
            return Verdict.Reproduced;
        }

        return Math.Abs(values[at] - best) <= tolerance ? Verdict.Partly : Verdict.NotReproduced;
    }

    /// <summary>Combines per-data-set verdicts (not-applicable ones are left out).</summary>
    public static Verdict Combine(IEnumerable<Verdict> verdicts)
    {
        var judged = verdicts.Where(v => v != Verdict.NotApplicable).ToArray();
        if (judged.Length == 0)
        {
            return Verdict.NotApplicable;
        }

        return judged.All(v => v == Verdict.Reproduced) ? Verdict.Reproduced : judged.All(v => v == Verdict.NotReproduced) ? Verdict.NotReproduced : Verdict.Partly;
    }

    /// <summary>The rules in words, for the report's method section.</summary>
    public static IReadOnlyList<string> Descriptions { get; } =
    [
        $"Improvement claims (\"A beats B by x\"): reproduced when our difference has the paper's sign and at least {SizeFraction:0.##} of the paper's size (the lower end of a range), and, where the paper claims significance and there are at least 2 seeds per side, Welch's p < {Alpha:0.##}; partly when only the sign holds or the test fails; not reproduced when the sign is wrong.",
        $"Level claims (ELE ≈ {PaperResults.NearOptimalEle}): reproduced at or above {PaperResults.NearOptimalEle.Low - EleTolerance:0.00}, partly at or above {PaperResults.NearOptimalEle.Low - ElePartlyTolerance:0.00}, not reproduced below.",
        $"Stability claims (router noise up to σ = {PaperResults.NoiseStableUpTo}, temperature {PaperResults.TemperatureStable}): reproduced when accuracy drops by at most {100 * StableDrop:0.#} pp over the stable range, partly by at most {100 * StablePartlyDrop:0.#} pp, not reproduced beyond.",
        $"\"Matches\" claims (SliceMoE matches a dense baseline): reproduced within {100 * MatchTolerance:0.#} pp below, partly within {100 * StablePartlyDrop:0.#} pp, not reproduced beyond.",
        "Peak claims (Table 2 peaks at S = 8): reproduced when S = 8 is best, partly when it is within the stability tolerance of the best, not reproduced otherwise.",
        "Claims over several data sets: all reproduced → reproduced; all not reproduced → not reproduced; otherwise partly.",
        $"Comparisons whose models are all at the floor of the metric (BLEU below {BleuFloor:0.#}) are not applicable: the models have not learned the task well enough to rank them.",
        "Absolute numbers (Table 1 accuracy and loss, perplexity, BLEU) are compared with the paper's only when the paper's own data is used; on substitute data they are shown beside the paper's for orientation, and only the paper's relative claims are judged.",
    ];
}
