namespace SliceMoE.Evaluation;

/// <summary>
/// Principal component analysis of a set of vectors (e.g. the slice embeddings each expert received, for the
/// paper's "PCA of slice embeddings per expert" plot). The top components are found by subspace ("block
/// power") iteration on the sample covariance, applied as Xᵀ(X v)/(n - 1) without forming the d × d matrix, with
/// a Rayleigh-Ritz step (Jacobi on the small projected matrix) each round; the start block is fixed, so results
/// are deterministic. Sign convention: each component's largest-magnitude coordinate is positive (the lowest
/// index on a tie), so that reruns and other machines draw the same picture rather than a mirror image.
/// </summary>
public sealed class PrincipalComponents
{
    private readonly double[] _mean;
    private readonly double[][] _components;

    private PrincipalComponents(double[] mean, double[][] components, double[] variances, double totalVariance, int iterations, bool converged)
    {
        _mean = mean;
        _components = components;
        ExplainedVariance = variances;
        TotalVariance = totalVariance;
        ExplainedVarianceRatio = variances.Select(v => totalVariance > 0 ? v / totalVariance : 0).ToArray();
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>The vector length d.</summary>
    public int Dimension => _mean.Length;

    /// <summary>The per-coordinate mean that was subtracted.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>The unit-length principal axes, largest variance first; each has <see cref="Dimension"/> coordinates.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Components => _components;

    /// <summary>The variance along each component (covariance eigenvalues, n - 1 denominator).</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>Each component's share of the total variance.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>The total variance (trace of the covariance).</summary>
    public double TotalVariance { get; }

    /// <summary>Subspace iterations used.</summary>
    public int Iterations { get; }

    /// <summary>Whether the iteration met its tolerance (it stops after 2000 rounds otherwise; only near-equal eigenvalues that straddle the cut are that slow).</summary>
    public bool Converged { get; }

    /// <summary>Fits <paramref name="components"/> principal components to <paramref name="rows"/> (n vectors of equal length d).</summary>
    /// <exception cref="ArgumentException">When there are fewer than 2 rows, the lengths differ, a value is not finite, or more components than min(n, d) are asked for.</exception>
    public static PrincipalComponents Fit(IReadOnlyList<double[]> rows, int components = 2)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count < 2)
        {
            throw new ArgumentException("PCA needs at least 2 vectors.", nameof(rows));
        }

        int n = rows.Count, d = rows[0]?.Length ?? 0;
        if (d == 0)
        {
            throw new ArgumentException("Vectors must have at least one coordinate.", nameof(rows));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        if (components > Math.Min(n, d))
        {
            throw new ArgumentException($"Cannot fit {components} components to {n} vectors of length {d}.", nameof(components));
        }

        var mean = new double[d];
        foreach (var r in rows)
        {
            if (r is null || r.Length != d)
            {
                throw new ArgumentException($"Every vector must have length {d}.", nameof(rows));
            }

            for (int j = 0; j < d; j++)
            {
                if (!double.IsFinite(r[j]))
                {
                    throw new ArgumentException("Vectors must hold finite values only.", nameof(rows));
                }

                mean[j] += r[j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        var x = new double[n][];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            x[i] = new double[d];
            for (int j = 0; j < d; j++)
            {
                double c = rows[i][j] - mean[j];
                x[i][j] = c;
                total += c * c;
            }
        }

        total /= n - 1;
        return Iterate(x, mean, components, total);
    }

    /// <summary>Fits principal components to single-precision vectors (converted to double first).</summary>
    public static PrincipalComponents Fit(IReadOnlyList<float[]> rows, int components = 2)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Fit(rows.Select(r => r?.Select(v => (double)v).ToArray()!).ToArray(), components);
    }

    /// <summary>The coordinates of <paramref name="vector"/> along the components (after subtracting the mean).</summary>
    /// <exception cref="ArgumentException">When the length is not <see cref="Dimension"/>.</exception>
    public double[] Project(ReadOnlySpan<double> vector)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"Expected a vector of length {Dimension}, got {vector.Length}.", nameof(vector));
        }

        var result = new double[_components.Length];
        for (int k = 0; k < _components.Length; k++)
        {
            double s = 0;
            for (int j = 0; j < vector.Length; j++)
            {
                s += (vector[j] - _mean[j]) * _components[k][j];
            }

            result[k] = s;
        }

        return result;
    }

    private static PrincipalComponents Iterate(double[][] x, double[] mean, int k, double total)
    {
        int n = x.Length, d = mean.Length;
        // Extra block columns speed convergence: the rate becomes λ(p+1)/λ(k) instead of λ(k+1)/λ(k).
        int p = Math.Min(Math.Min(d, n), k + 6);
        var q = StartBlock(d, p);
        double[] ritz = new double[p];
        double[,] vectors = new double[p, p];
        bool converged = false;
        int iter = 0;
        double[] previous = new double[k];
        while (iter < 2000)
        {
            iter++;
            var z = ApplyCovariance(x, q); // C Q, d × p (as p columns)
            // Rayleigh-Ritz on the block: H = Qᵀ C Q (p × p), then rotate the block onto H's eigenvectors.
            var h = new double[p, p];
            for (int a = 0; a < p; a++)
            {
                for (int b = a; b < p; b++)
                {
                    double s = Dot(q[a], z[b]);
                    h[a, b] = s;
                    h[b, a] = s;
                }
            }

            (ritz, vectors) = SymmetricEigen.Decompose(h);
            var rotated = Combine(z, vectors, p, d);
            bool stable = true;
            double scale = Math.Max(Math.Abs(ritz[0]), 1e-300);
            for (int c = 0; c < k; c++)
            {
                stable &= Math.Abs(ritz[c] - previous[c]) <= 1e-13 * scale;
                previous[c] = ritz[c];
            }

            var rotatedQ = Combine(q, vectors, p, d);
            if (stable && Residual(rotated, rotatedQ, ritz, k) <= 1e-9 * scale)
            {
                q = rotatedQ;
                converged = true;
                break;
            }

            q = Orthonormalize(rotated);
        }

        var comps = new double[k][];
        for (int c = 0; c < k; c++)
        {
            comps[c] = FixSign(q[c]);
        }

        return new PrincipalComponents(mean, comps, ritz.Take(k).Select(v => Math.Max(v, 0)).ToArray(), total, iter, converged);
    }

    // Largest residual ‖C v - λ v‖ over the first k Ritz pairs.
    private static double Residual(double[][] cv, double[][] v, double[] lambda, int k)
    {
        double worst = 0;
        for (int c = 0; c < k; c++)
        {
            double s = 0;
            for (int j = 0; j < v[c].Length; j++)
            {
                double r = cv[c][j] - (lambda[c] * v[c][j]);
                s += r * r;
            }

            worst = Math.Max(worst, Math.Sqrt(s));
        }

        return worst;
    }

    private static double[][] ApplyCovariance(double[][] x, double[][] q)
    {
        int n = x.Length, d = x[0].Length, p = q.Length;
        var z = new double[p][];
        for (int c = 0; c < p; c++)
        {
            z[c] = new double[d];
        }

        for (int i = 0; i < n; i++)
        {
            var row = x[i];
            for (int c = 0; c < p; c++)
            {
                double s = Dot(row, q[c]);
                if (s == 0)
                {
                    continue;
                }

                var zc = z[c];
                for (int j = 0; j < d; j++)
                {
                    zc[j] += s * row[j];
                }
            }
        }

        foreach (var zc in z)
        {
            for (int j = 0; j < d; j++)
            {
                zc[j] /= n - 1;
            }
        }

        return z;
    }

    private static double[][] Combine(double[][] cols, double[,] coeff, int p, int d)
    {
        var r = new double[p][];
        for (int c = 0; c < p; c++)
        {
            r[c] = new double[d];
            for (int b = 0; b < p; b++)
            {
                double w = coeff[b, c];
                if (w == 0)
                {
                    continue;
                }

                for (int j = 0; j < d; j++)
                {
                    r[c][j] += w * cols[b][j];
                }
            }
        }

        return r;
    }

    // Modified Gram-Schmidt, twice ("twice is enough"); a column that vanishes (rank-deficient data) is replaced
    // by the first unit vector not yet in the span, so the block always stays orthonormal.
    private static double[][] Orthonormalize(double[][] cols)
    {
        int d = cols[0].Length;
        var q = new double[cols.Length][];
        int nextUnit = 0;
        for (int c = 0; c < cols.Length; c++)
        {
            var v = (double[])cols[c].Clone();
            double original = Math.Sqrt(Dot(v, v));
            for (int pass = 0; pass < 2; pass++)
            {
                for (int b = 0; b < c; b++)
                {
                    double s = Dot(q[b], v);
                    for (int j = 0; j < d; j++)
                    {
                        v[j] -= s * q[b][j];
                    }
                }
            }

            double norm = Math.Sqrt(Dot(v, v));
            while (!(norm > 1e-10 * Math.Max(original, 1e-300)) && nextUnit < d)
            {
                v = new double[d];
                v[nextUnit++] = 1;
                original = 1;
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int b = 0; b < c; b++)
                    {
                        double s = Dot(q[b], v);
                        for (int j = 0; j < d; j++)
                        {
                            v[j] -= s * q[b][j];
                        }
                    }
                }

                norm = Math.Sqrt(Dot(v, v));
            }

            for (int j = 0; j < d; j++)
            {
                v[j] /= norm;
            }

            q[c] = v;
        }

        return q;
    }

    // A fixed, full-rank, non-special start block (cosines of incommensurate frequencies), orthonormalised.
    private static double[][] StartBlock(int d, int p)
    {
        var cols = new double[p][];
        for (int c = 0; c < p; c++)
        {
            cols[c] = new double[d];
            for (int j = 0; j < d; j++)
            {
                cols[c][j] = Math.Cos(((j + 1) * (c + 1) * 0.7548776662466927) + (c * 0.5698402909980532)) + (c == 0 ? 0.5 : 0);
            }
        }

        return Orthonormalize(cols);
    }

    private static double[] FixSign(double[] v)
    {
        int arg = 0;
        for (int j = 1; j < v.Length; j++)
        {
            if (Math.Abs(v[j]) > Math.Abs(v[arg]) * (1 + 1e-12))
            {
                arg = j;
            }
        }

        return v[arg] < 0 ? v.Select(x => -x).ToArray() : v;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++)
        {
            s += a[j] * b[j];
        }

        return s;
    }
}
