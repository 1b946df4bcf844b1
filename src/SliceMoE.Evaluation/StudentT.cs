namespace SliceMoE.Evaluation;

/// <summary>The Student t distribution with ν degrees of freedom (ν may be fractional, as Welch's test gives).</summary>
public static class StudentT
{
    /// <summary>P(T ≤ t) = 1 - ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, by symmetry for t &lt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When ν is not positive and finite.</exception>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        RequireDf(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        double tail = 0.5 * TailBeta(t, degreesOfFreedom);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The two-sided p-value P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, ½), computed directly so that tiny p-values keep their digits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When ν is not positive and finite.</exception>
    public static double TwoSidedPValue(double t, double degreesOfFreedom)
    {
        RequireDf(degreesOfFreedom);
        return double.IsNaN(t) ? double.NaN : TailBeta(t, degreesOfFreedom);
    }

    /// <summary>The t with P(T ≤ t) = <paramref name="p"/>, found by bisection on <see cref="Cdf"/> (to about 1e-12 relative).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When p is not in (0, 1) or ν is not positive and finite.</exception>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        RequireDf(degreesOfFreedom);
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must lie strictly between 0 and 1.");
        }

        if (p == 0.5)
        {
            return 0;
        }

        // Solve for the upper tail on t ≥ 0 and mirror: the two-sided p-value is monotone there.
        double target = 2 * Math.Min(p, 1 - p);
        double lo = 0, hi = 1;
        while (TwoSidedPValue(hi, degreesOfFreedom) > target)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e300)
            {
                break;
            }
        }

        for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (TwoSidedPValue(mid, degreesOfFreedom) > target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        double q = 0.5 * (lo + hi);
        return p > 0.5 ? q : -q;
    }

    private static double TailBeta(double t, double df)
    {
        if (double.IsInfinity(t))
        {
            return 0;
        }

        double t2 = t * t;
        // ν/(ν+t²) loses everything when t² ≪ ν; t²/(ν+t²) keeps it, so use the complement there.
        return t2 < df
            ? 1 - SpecialFunctions.RegularizedIncompleteBeta(0.5, df / 2, t2 / (df + t2))
            : SpecialFunctions.RegularizedIncompleteBeta(df / 2, 0.5, df / (df + t2));
    }

    private static void RequireDf(double df)
    {
        if (!(df > 0) || !double.IsFinite(df))
        {
            throw new ArgumentOutOfRangeException(nameof(df), df, "Degrees of freedom must be positive and finite.");
        }
    }
}
