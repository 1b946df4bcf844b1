namespace SliceMoE.Evaluation;

/// <summary>
/// Descriptive statistics and t-tests for comparing runs (e.g. accuracy over seeds). Sample statistics
/// use the n - 1 denominator, as R, NumPy with ddof=1 and the paper's "averaged over 3 runs" do.
/// </summary>
public static partial class Statistics
{
    /// <summary>The arithmetic mean (NaN for no values).</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    /// <summary>The sample variance, Σ(x - mean)² / (n - 1), two-pass for accuracy (NaN for fewer than 2 values).</summary>
    public static double Variance(ReadOnlySpan<double> values)
    {
        if (values.Length < 2)
        {
            return double.NaN;
        }

        double mean = Mean(values);
        double ss = 0, comp = 0;
        foreach (double v in values)
        {
            double d = v - mean;
            ss += d * d;
            comp += d;
        }

        // The correction term removes the rounding error left in the mean (Chan, Golub & LeVeque 1983).
        return (ss - (comp * comp / values.Length)) / (values.Length - 1);
    }

    /// <summary>The sample standard deviation, √<see cref="Variance"/> (NaN for fewer than 2 values).</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values) => Math.Sqrt(Variance(values));

    /// <summary>The standard error of the mean, s / √n (NaN for fewer than 2 values).</summary>
    public static double StandardError(ReadOnlySpan<double> values) => StandardDeviation(values) / Math.Sqrt(values.Length);
}
