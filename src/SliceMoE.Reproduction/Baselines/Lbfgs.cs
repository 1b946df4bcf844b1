namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// Limited-memory BFGS (Nocedal 1980; two-loop recursion, Nocedal &amp; Wright 2006 Alg. 7.4) with a backtracking
/// Armijo line search, for smooth convex objectives. Everything is sequential double arithmetic in a fixed
/// order, so the same objective and start give the same iterates bit for bit.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Objective: returns f(x) and writes ∇f(x) into the gradient span.</summary>
    public delegate double Function(ReadOnlySpan<double> x, Span<double> gradient);

    private const double ArmijoC = 1e-4;
    private const int MaxBacktracks = 30;

    /// <summary>Minimises <paramref name="f"/> from <paramref name="x"/> in place; returns the final value and the iterations run.</summary>
    public static (double Value, int Iterations) Minimise(Function f, double[] x, int maxIterations, int history, double gradientTolerance)
    {
        int n = x.Length;
        var g = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var direction = new double[n];
        var s = new double[history][];
        var y = new double[history][];
        var rho = new double[history];
        var alpha = new double[history];
        int stored = 0, newest = -1;
        double fx = f(x, g);
        int iteration = 0;
        while (iteration < maxIterations && MaxAbs(g) > gradientTolerance)
        {
            iteration++;
            TwoLoop(g, s, y, rho, alpha, stored, newest, direction);
            double slope = Dot(g, direction);
            if (slope >= 0)
            {
                // Not a descent direction (should not happen for convex f): restart from steepest descent.
                stored = 0;
                Array.Copy(g, direction, n);
                Scale(direction, -1);
                slope = Dot(g, direction);
            }

            // The first step has no curvature information: scale it to unit length.
            double step = stored == 0 ? 1.0 / Math.Max(Math.Sqrt(Dot(g, g)), 1e-12) : 1.0;
            double fNew = double.NaN;
            bool accepted = false;
            for (int b = 0; b < MaxBacktracks; b++, step *= 0.5)
            {
                for (int i = 0; i < n; i++)
                {
                    xNew[i] = x[i] + (step * direction[i]);
                }

                fNew = f(xNew, gNew);
                if (fNew <= fx + (ArmijoC * step * slope))
                {
                    accepted = true;
                    break;
                }
            }

            if (!accepted)
            {
                break;
            }

            double sy = 0;
            for (int i = 0; i < n; i++)
            {
                sy += (xNew[i] - x[i]) * (gNew[i] - g[i]);
            }

            // Keep the pair only when it carries positive curvature (else the estimate would lose definiteness).
            if (sy > 1e-12)
            {
                newest = (newest + 1) % history;
                s[newest] ??= new double[n];
                y[newest] ??= new double[n];
                for (int i = 0; i < n; i++)
                {
                    s[newest][i] = xNew[i] - x[i];
                    y[newest][i] = gNew[i] - g[i];
                }

                rho[newest] = 1.0 / sy;
                stored = Math.Min(stored + 1, history);
            }

            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            fx = fNew;
        }

        return (fx, iteration);
    }

    // direction = −H·g with H the L-BFGS inverse-Hessian estimate from the stored pairs, newest first.
    private static void TwoLoop(double[] g, double[][] s, double[][] y, double[] rho, double[] alpha, int stored, int newest, double[] direction)
    {
        int history = s.Length;
        Array.Copy(g, direction, g.Length);
        for (int k = 0; k < stored; k++)
        {
            int j = (newest - k + history) % history;
            alpha[j] = rho[j] * Dot(s[j], direction);
            Axpy(-alpha[j], y[j], direction);
        }

        if (stored > 0)
        {
            // Initial Hessian γI with γ = sᵀy / yᵀy of the newest pair.
            Scale(direction, 1.0 / (rho[newest] * Dot(y[newest], y[newest])));
        }

        for (int k = stored - 1; k >= 0; k--)
        {
            int j = (newest - k + history) % history;
            double beta = rho[j] * Dot(y[j], direction);
            Axpy(alpha[j] - beta, s[j], direction);
        }

        Scale(direction, -1);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static void Scale(double[] x, double a)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= a;
        }
    }

    private static double MaxAbs(double[] x)
    {
        double m = 0;
        foreach (double v in x)
        {
            m = Math.Max(m, Math.Abs(v));
        }

        return m;
    }
}
