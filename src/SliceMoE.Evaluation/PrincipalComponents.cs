using MathNet.Numerics.LinearAlgebra;

namespace SliceMoE.Evaluation;

/// <summary>
/// Principal component analysis of a set of vectors (e.g. the slice embeddings each expert received, for the
/// paper's "PCA of slice embeddings per expert" plot): the eigen-decomposition of the sample covariance (n - 1
/// denominator) by MathNet.Numerics' symmetric solver (Householder tridiagonalisation and implicit QL), which is
/// direct and deterministic. Sign convention: each component's largest-magnitude coordinate is positive (the lowest
/// index on a tie), so that reruns and other machines draw the same picture rather than a mirror image.
/// </summary>
public sealed class PrincipalComponents
{
    private readonly double[] _mean;
    private readonly double[][] _components;

    private PrincipalComponents(double[] mean, double[][] components, double[] variances, double totalVariance)
    {
        _mean = mean;
        _components = components;
        ExplainedVariance = variances;
        TotalVariance = totalVariance;
        ExplainedVarianceRatio = variances.Select(v => totalVariance > 0 ? v / totalVariance : 0).ToArray();
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

        var centred = Matrix<double>.Build.Dense(n, d, (i, j) => rows[i][j] - mean[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / (n - 1);
        // Eigenvalues come in ascending order: the components are the last columns, read backwards.
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var variances = new double[components];
        var axes = new double[components][];
        for (int c = 0; c < components; c++)
        {
            variances[c] = Math.Max(evd.EigenValues[d - 1 - c].Real, 0);
            axes[c] = FixSign(evd.EigenVectors.Column(d - 1 - c).ToArray());
        }

        return new PrincipalComponents(mean, axes, variances, covariance.Trace());
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
}
