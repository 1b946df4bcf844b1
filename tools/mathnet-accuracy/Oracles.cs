namespace MathNetAccuracy;

/// <summary>The independent oracles of the tests: binomial sums and the Abramowitz &amp; Stegun 26.7.3 series.</summary>
internal static class Oracles
{
    /// <summary>P(Binomial(n, p) ≥ k), which equals I_p(k, n - k + 1).</summary>
    public static double BinomialTail(int n, int k, double p)
    {
        double sum = 0;
        for (int j = k; j <= n; j++)
        {
            sum += Math.Exp(LogChoose(n, j) + (j * Math.Log(p)) + ((n - j) * Math.Log(1 - p)));
        }

        return sum;
    }

    /// <summary>P(|T| ≥ t) for integer df as 1 - A(t|ν), A a finite series in θ = atan(t/√ν).</summary>
    public static double TwoSidedSeries(double t, int df) => 1 - CentralProbability(t, df);

    /// <summary>A(t|ν) = P(|T| ≤ t), without cancellation for small t.</summary>
    public static double CentralProbability(double t, int df)
    {
        double theta = Math.Atan(Math.Abs(t) / Math.Sqrt(df));
        double s = Math.Sin(theta), c = Math.Cos(theta);
        if (df == 1)
        {
            return 2 * theta / Math.PI;
        }

        double term = df % 2 == 0 ? 1 : c, sum = term;
        for (int k = df % 2 == 0 ? 2 : 3; k <= df - 2; k += 2)
        {
            term *= (k - 1.0) / k * c * c;
            sum += term;
        }

        return df % 2 == 0 ? s * sum : 2 / Math.PI * (theta + (s * sum));
    }

    private static double LogChoose(int n, int k)
    {
        double s = 0;
        for (int i = 1; i <= k; i++)
        {
            s += Math.Log(n - k + i) - Math.Log(i);
        }

        return s;
    }
}
