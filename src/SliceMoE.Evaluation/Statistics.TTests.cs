namespace SliceMoE.Evaluation;

public static partial class Statistics
{
    /// <summary>
    /// Welch's unequal-variance two-sample t-test of mean(a) = mean(b): t = (mean a - mean b) / √(s²a/na + s²b/nb),
    /// degrees of freedom by Welch-Satterthwaite, two-sided p-value (R's default <c>t.test(a, b)</c>).
    /// When both samples are constant the statistic is undefined: t and p are NaN if the means are equal,
    /// t is ±∞ and p is 0 if they differ.
    /// </summary>
    /// <exception cref="ArgumentException">When a sample has fewer than 2 values or a value is not finite.</exception>
    public static TTestResult WelchTTest(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        RequireSample(a, nameof(a));
        RequireSample(b, nameof(b));
        double va = Variance(a) / a.Length, vb = Variance(b) / b.Length;
        double diff = Mean(a) - Mean(b);
        double se = Math.Sqrt(va + vb);
        double df = (va + vb) * (va + vb) / ((va * va / (a.Length - 1)) + (vb * vb / (b.Length - 1)));
        if (se == 0)
        {
            // No spread at all: Welch-Satterthwaite is 0/0; report the pooled df so the result stays printable.
            df = a.Length + b.Length - 2;
        }

        return Finish(diff, se, df);
    }

    /// <summary>
    /// Student's two-sample t-test with pooled variance (equal variances assumed; df = na + nb - 2), two-sided
    /// (R's <c>t.test(a, b, var.equal = TRUE)</c>). Constant samples behave as in <see cref="WelchTTest"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When a sample has fewer than 2 values or a value is not finite.</exception>
    public static TTestResult StudentTTest(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        RequireSample(a, nameof(a));
        RequireSample(b, nameof(b));
        int df = a.Length + b.Length - 2;
        double pooled = (((a.Length - 1) * Variance(a)) + ((b.Length - 1) * Variance(b))) / df;
        double se = Math.Sqrt(pooled * ((1.0 / a.Length) + (1.0 / b.Length)));
        return Finish(Mean(a) - Mean(b), se, df);
    }

    /// <summary>
    /// The paired t-test of mean(a - b) = 0 over matched pairs (e.g. the same seeds under two models):
    /// t = mean(d) / (s_d / √n), df = n - 1, two-sided (R's <c>t.test(a, b, paired = TRUE)</c>).
    /// Constant differences behave as in <see cref="WelchTTest"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When the lengths differ, there are fewer than 2 pairs, or a value is not finite.</exception>
    public static TTestResult PairedTTest(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"A paired test needs equal lengths, not {a.Length} and {b.Length}.", nameof(b));
        }

        RequireSample(a, nameof(a));
        RequireSample(b, nameof(b));
        var d = new double[a.Length];
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = a[i] - b[i];
        }

        return Finish(Mean(d), StandardError(d), d.Length - 1);
    }

    private static TTestResult Finish(double diff, double se, double df)
    {
        double t, p;
        if (se > 0)
        {
            t = diff / se;
            p = StudentT.TwoSidedPValue(t, df);
        }
        else if (diff == 0)
        {
            (t, p) = (double.NaN, double.NaN);
        }
        else
        {
            (t, p) = (diff > 0 ? double.PositiveInfinity : double.NegativeInfinity, 0);
        }

        return new TTestResult(t, df, p, diff, se);
    }

    private static void RequireSample(ReadOnlySpan<double> x, string name)
    {
        if (x.Length < 2)
        {
            throw new ArgumentException($"A t-test needs at least 2 values per sample; '{name}' has {x.Length}.", name);
        }

        foreach (double v in x)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"Sample '{name}' holds a non-finite value ({v}).", name);
            }
        }
    }
}
