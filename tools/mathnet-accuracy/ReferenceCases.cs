using SliceMoE.Evaluation;
using MathNetDistributions = MathNet.Numerics.Distributions;
using MathNetSpecial = MathNet.Numerics.SpecialFunctions;
using MathNetStatistics = MathNet.Numerics.Statistics.ArrayStatistics;

namespace MathNetAccuracy;

/// <summary>The reference values and tolerances of SpecialFunctionsTests, StudentTTests, TTestTests and StatisticsTests, each computed both ways.</summary>
internal static class ReferenceCases
{
    public static void AddTo(Comparison c)
    {
        SpecialFunctionCases(c);
        StudentTCases(c);
        TTestCases(c);
        double[] x = [2, 4, 4, 4, 5, 5, 7, 9], offset = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
        c.Add("sample variance (and with offset 1e9)", 32.0 / 7, Statistics.Variance(x), MathNetStatistics.Variance(x), 1e-14);
        c.Add("sample variance (and with offset 1e9)", 30, Statistics.Variance(offset), MathNetStatistics.Variance(offset), 1e-9);
    }

    /// <summary>MathNet's two-sided p-value: 2 P(T ≤ -|t|).</summary>
    public static double MathNetP(double t, double df) => 2 * MathNetDistributions.StudentT.CDF(0, 1, df, -Math.Abs(t));

    /// <summary>MathNet's quantile, NaN where it throws (it root-finds on [-800, 800] only).</summary>
    public static double MathNetQuantile(double p, double df)
    {
        try
        {
            return MathNetDistributions.StudentT.InvCDF(0, 1, df, p);
        }
        catch (MathNet.Numerics.NonConvergenceException)
        {
            return double.NaN;
        }
    }

    private static void SpecialFunctionCases(Comparison c)
    {
        foreach (var (x, e) in new[] { (1.0, 0.0), (2.0, 0.0), (0.5, 0.57236494292470008), (10.0, 12.801827480081469), (0.1, 2.2527126517342059), (100.0, 359.13420536957540) })
        {
            c.Add("ln Γ(x), known values", e, SpecialFunctions.LogGamma(x), MathNetSpecial.GammaLn(x), 1e-12 * Math.Max(1, Math.Abs(e)));
        }

        for (double x = 0.05; x < 50; x *= 1.37)
        {
            c.Add("ln Γ(x) + ln x - ln Γ(x + 1) = 0", 0, SpecialFunctions.LogGamma(x) + Math.Log(x) - SpecialFunctions.LogGamma(x + 1),
                MathNetSpecial.GammaLn(x) + Math.Log(x) - MathNetSpecial.GammaLn(x + 1), 1e-11 * Math.Max(1, Math.Abs(MathNetSpecial.GammaLn(x + 1))));
        }

        foreach (int a in new[] { 1, 2, 3, 5, 10, 30 })
        {
            foreach (int b in new[] { 1, 2, 4, 7, 25 })
            {
                foreach (double x in new[] { 0.01, 0.1, 0.3, 0.5, 0.77, 0.95, 0.999 })
                {
                    c.Add("I_x(a, b) against binomial sums", Oracles.BinomialTail(a + b - 1, a, x), SpecialFunctions.RegularizedIncompleteBeta(a, b, x),
                        MathNetSpecial.BetaRegularized(a, b, x), 1e-12);
                }
            }
        }

        for (double x = 0.05; x < 1; x += 0.1)
        {
            Beta("I_x(a, b) closed forms and symmetry", Math.Pow(x, 2.5), 2.5, 1, x, 1e-13);
            Beta("I_x(a, b) closed forms and symmetry", 1 - Math.Pow(1 - x, 3.5), 1, 3.5, x, 1e-13);
            Beta("I_x(a, b) closed forms and symmetry", 2 / Math.PI * Math.Asin(Math.Sqrt(x)), 0.5, 0.5, x, 1e-13);
            c.Add("I_x(a, b) closed forms and symmetry", 0,
                SpecialFunctions.RegularizedIncompleteBeta(0.7, 4.2, x) - (1 - SpecialFunctions.RegularizedIncompleteBeta(4.2, 0.7, 1 - x)),
                MathNetSpecial.BetaRegularized(0.7, 4.2, x) - (1 - MathNetSpecial.BetaRegularized(4.2, 0.7, 1 - x)), 1e-13);
        }

        Beta("I_x(a, b) closed forms and symmetry", 0.5, 7.3, 7.3, 0.5, 1e-14);

        void Beta(string group, double reference, double a, double b, double x, double tolerance) =>
            c.Add(group, reference, SpecialFunctions.RegularizedIncompleteBeta(a, b, x), MathNetSpecial.BetaRegularized(a, b, x), tolerance);
    }

    private static void StudentTCases(Comparison c)
    {
        foreach (var (t, df, p, tolerance) in new[] { (2.0, 10.0, 0.0733880, 1e-7), (2.228138852, 10, 0.05, 1e-9), (12.70620473617471, 1, 0.05, 1e-12), (2.5758293, 1e6, 0.01, 2e-5), (0, 5, 1, 0), (double.PositiveInfinity, 5, 0, 0) })
        {
            c.Add("t p-values from tables", p, StudentT.TwoSidedPValue(t, df), MathNetP(t, df), tolerance);
        }

        foreach (int df in new[] { 1, 2, 3, 4, 7, 10, 21 })
        {
            for (double t = 0.05; t < 30; t *= 1.3)
            {
                c.Add("t p-values against A&S 26.7.3 (df 1..21)", Oracles.TwoSidedSeries(t, df), StudentT.TwoSidedPValue(t, df), MathNetP(t, df), 1e-12);
            }
        }

        for (double t = -20; t <= 20; t += 0.37)
        {
            c.Add("t CDF closed forms (df 1, 2)", 0.5 + (Math.Atan(t) / Math.PI), StudentT.Cdf(t, 1), MathNetDistributions.StudentT.CDF(0, 1, 1, t), 1e-13);
            c.Add("t CDF closed forms (df 1, 2)", 0.5 + (t / (2 * Math.Sqrt(2 + (t * t)))), StudentT.Cdf(t, 2), MathNetDistributions.StudentT.CDF(0, 1, 2, t), 1e-13);
        }

        foreach (double t in new[] { 1e3, 1e6, 1e9 })
        {
            double p1 = 2 / Math.PI * Math.Atan(1 / t), r = Math.Sqrt(2 + (t * t)), p2 = 2 / (r * (r + t));
            c.Add("tiny p-values, p / exact (t = 1e3..1e9)", 1, StudentT.TwoSidedPValue(t, 1) / p1, MathNetP(t, 1) / p1, 1e-10);
            c.Add("tiny p-values, p / exact (t = 1e3..1e9)", 1, StudentT.TwoSidedPValue(t, 2) / p2, MathNetP(t, 2) / p2, 1e-10);
        }

        c.Add("t quantiles from tables", 2.228138852, StudentT.Quantile(0.975, 10), MathNetQuantile(0.975, 10), 1e-9);
        c.Add("t quantiles from tables", -2.228138852, StudentT.Quantile(0.025, 10), MathNetQuantile(0.025, 10), 1e-9);
        foreach (double df in new[] { 0.5, 1, 3.7, 30, 1000 })
        {
            foreach (double p in new[] { 0.001, 0.1, 0.6, 0.99 })
            {
                c.Add("CDF(quantile(p)) = p (df 0.5..1000)", p, StudentT.Cdf(StudentT.Quantile(p, df), df),
                    MathNetDistributions.StudentT.CDF(0, 1, df, MathNetQuantile(p, df)), 1e-10);
            }
        }
    }

    private static void TTestCases(Comparison c)
    {
        double[] drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0], drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
        var welch = Statistics.WelchTTest(drug1, drug2);
        var pooled = Statistics.StudentTTest(drug1, drug2);
        var paired = Statistics.PairedTTest(drug1, drug2);
        var unequal = Statistics.WelchTTest(Enumerable.Range(1, 10).Select(i => (double)i).ToArray(), Enumerable.Range(7, 14).Select(i => (double)i).ToArray());
        foreach (var (r, p, tolerance) in new[] { (welch, 0.07939, 5e-6), (pooled, 0.07919, 5e-6), (paired, 0.002833, 5e-7), (unequal, 1.855e-05, 5e-9) })
        {
            c.Add("R t.test p-values (4 significant digits)", p, r.PValue, MathNetP(r.T, r.DegreesOfFreedom), tolerance);
        }

        foreach (var (r, lo, hi, tolerance) in new[] { (welch, -3.3654832, 0.2054832, 5e-8), (pooled, -3.363874, 0.203874, 5e-7), (paired, -2.4598858, -0.7001142, 5e-8) })
        {
            var (ourLo, ourHi) = r.ConfidenceInterval();
            double q = MathNetQuantile(0.975, r.DegreesOfFreedom);
            c.Add("R t.test 95% confidence intervals", lo, ourLo, r.MeanDifference - (q * r.StandardError), tolerance);
            c.Add("R t.test 95% confidence intervals", hi, ourHi, r.MeanDifference + (q * r.StandardError), tolerance);
        }
    }
}
