namespace SliceMoE.Evaluation;

/// <summary>Log-gamma and the regularized incomplete beta function, the pieces the Student t distribution is made of.</summary>
public static class SpecialFunctions
{
    // Lanczos approximation, g = 7, n = 9 (Godfrey's coefficients): about 15 significant digits for x > 0.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When x is not positive.</exception>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma is defined here for x > 0.");
        }

        if (x < 0.5)
        {
            // Reflection: Γ(x) Γ(1 - x) = π / sin(πx); the series is accurate only for x ≥ 1/2.
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        double a = Lanczos[0];
        double t = x + 7.5;
        for (int i = 1; i < Lanczos.Length; i++)
        {
            a += Lanczos[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>
    /// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), by the continued fraction of
    /// Numerical Recipes §6.4 evaluated with the modified Lentz method, using the symmetry
    /// I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges faster.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When a or b is not positive or x is outside [0, 1].</exception>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (!(a > 0) || !double.IsFinite(a))
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "a must be positive and finite.");
        }

        if (!(b > 0) || !double.IsFinite(b))
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "b must be positive and finite.");
        }

        if (!(x >= 0 && x <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must lie in [0, 1].");
        }

        if (x == 0 || x == 1)
        {
            return x;
        }

        double lnFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x));
        double front = Math.Exp(lnFront);
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(a, b, x) / a
            : 1 - (front * BetaContinuedFraction(b, a, 1 - x) / b);
    }

    private static double BetaContinuedFraction(double a, double b, double x)
    {
        const double Tiny = 1e-300;
        const double Eps = 1e-16;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - (qab * x / qap);
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            h *= d * c;

            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Eps)
            {
                return h;
            }
        }

        throw new InvalidOperationException($"The incomplete beta continued fraction did not converge for a={a}, b={b}, x={x}.");
    }
}
