namespace SliceMoE.Evaluation;

/// <summary>The outcome of a t-test.</summary>
/// <param name="T">The t statistic.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom (fractional for Welch's test).</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="MeanDifference">mean(a) - mean(b) (or the mean paired difference).</param>
/// <param name="StandardError">Standard error of <paramref name="MeanDifference"/>.</param>
public sealed record TTestResult(double T, double DegreesOfFreedom, double PValue, double MeanDifference, double StandardError)
{
    /// <summary>Whether the two-sided p-value is below <paramref name="alpha"/>.</summary>
    public bool IsSignificant(double alpha = 0.05) => PValue < alpha;

    /// <summary>The two-sided confidence interval for the mean difference at <paramref name="level"/> (e.g. 0.95).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the level is not in (0, 1).</exception>
    public (double Lower, double Upper) ConfidenceInterval(double level = 0.95)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "A confidence level lies strictly between 0 and 1.");
        }

        double q = StudentT.Quantile(0.5 + (level / 2), DegreesOfFreedom);
        return (MeanDifference - (q * StandardError), MeanDifference + (q * StandardError));
    }
}
