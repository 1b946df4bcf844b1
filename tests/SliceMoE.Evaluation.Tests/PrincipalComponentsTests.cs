using SliceMoE.Evaluation;
using SliceMoE.Numerics;

namespace SliceMoE.Tests.Evaluation;

public class PrincipalComponentsTests
{
    [Fact]
    public void Matches_the_textbook_two_dimensional_example()
    {
        // Lindsay Smith, "A tutorial on Principal Components Analysis" (2002): eigenvalues 1.28402771 and 0.0490833989,
        // eigenvectors ±(0.677873399, 0.735178656) and ±(-0.735178656, 0.677873399).
        double[] x = [2.5, 0.5, 2.2, 1.9, 3.1, 2.3, 2.0, 1.0, 1.5, 1.1];
        double[] y = [2.4, 0.7, 2.9, 2.2, 3.0, 2.7, 1.6, 1.1, 1.6, 0.9];
        var pca = PrincipalComponents.Fit(x.Select((v, i) => new[] { v, y[i] }).ToArray());
        Assert.Equal(1.28402771, pca.ExplainedVariance[0], 1e-8);
        Assert.Equal(0.0490833989, pca.ExplainedVariance[1], 1e-9);
        // Sign convention: the largest-magnitude coordinate of each component is positive.
        Assert.Equal([0.677873399, 0.735178656], pca.Components[0], new Close(1e-9));
        Assert.Equal([0.735178656, -0.677873399], pca.Components[1], new Close(1e-9));
        Assert.Equal(1, pca.ExplainedVarianceRatio[0] + pca.ExplainedVarianceRatio[1], 1e-12);
        Assert.Equal([1.81, 1.91], pca.Mean, new Close(1e-12));
        var p = pca.Project([2.5, 2.4]);
        Assert.Equal(0.827970186, p[0], 1e-8); // the tutorial's first transformed point, up to sign
    }

    [Fact]
    public void Recovers_planted_axes_in_higher_dimensions()
    {
        // Points ±3u1, ±2u2, ±1u3 for orthonormal u in R^20: covariance eigenvalues 2·9/5, 2·4/5, 2·1/5, then 0.
        var rng = new Rng(3);
        var u = Orthonormal(rng, 3, 20);
        var rows = new List<double[]>();
        double[] scale = [3, 2, 1];
        for (int k = 0; k < 3; k++)
        {
            rows.Add(u[k].Select(v => scale[k] * v).ToArray());
            rows.Add(u[k].Select(v => -scale[k] * v).ToArray());
        }

        var pca = PrincipalComponents.Fit(rows, components: 3);
        Assert.Equal([18.0 / 5, 8.0 / 5, 2.0 / 5], pca.ExplainedVariance, new Close(1e-10));
        for (int k = 0; k < 3; k++)
        {
            double dot = pca.Components[k].Select((v, j) => v * u[k][j]).Sum();
            Assert.Equal(1, Math.Abs(dot), 1e-9);
        }
    }

    [Fact]
    public void Works_with_fewer_points_than_dimensions_and_with_floats()
    {
        var rng = new Rng(5);
        var rows = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 50).Select(_ => (float)rng.NextGaussian()).ToArray()).ToArray();
        var pca = PrincipalComponents.Fit(rows);
        Assert.Equal(50, pca.Dimension);
        Assert.True(pca.ExplainedVariance[0] >= pca.ExplainedVariance[1]);
        // Projections have exactly the component variances.
        var proj = rows.Select(r => pca.Project(r.Select(v => (double)v).ToArray())).ToArray();
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(pca.ExplainedVariance[k], Statistics.Variance(proj.Select(p => p[k]).ToArray()), 1e-9);
            Assert.Equal(0, Statistics.Mean(proj.Select(p => p[k]).ToArray()), 1e-9);
        }

        Assert.Equal(0, proj.Sum(p => p[0] * p[1]), 1e-8); // uncorrelated
    }

    [Fact]
    public void Is_deterministic_and_sign_stable()
    {
        var rng = new Rng(11);
        var rows = Enumerable.Range(0, 100).Select(_ => Enumerable.Range(0, 8).Select(j => (j + 1) * rng.NextGaussian()).ToArray()).ToArray();
        var a = PrincipalComponents.Fit(rows);
        var b = PrincipalComponents.Fit(rows.Select(r => (double[])r.Clone()).ToArray());
        Assert.Equal(a.Components[0], b.Components[0]);
        Assert.Equal(a.Components[1], b.Components[1]);
        foreach (var c in a.Components)
        {
            double max = c.MaxBy(Math.Abs);
            Assert.True(max > 0);
        }
    }

    [Fact]
    public void Rejects_bad_input()
    {
        Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(new[] { new double[] { 1, 2 } }));
        Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(new[] { new double[] { 1, 2 }, [1.0] }));
        Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(new[] { new double[] { 1, double.NaN }, [1.0, 2] }));
        Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(new[] { new double[] { 1, 2 }, [3.0, 4] }, components: 3));
        var pca = PrincipalComponents.Fit(new[] { new double[] { 1, 2 }, [3.0, 5] });
        Assert.Throws<ArgumentException>(() => pca.Project([1.0]));
    }

    private static double[][] Orthonormal(Rng rng, int count, int dim)
    {
        var result = new List<double[]>();
        while (result.Count < count)
        {
            var v = Enumerable.Range(0, dim).Select(_ => rng.NextGaussian()).ToArray();
            foreach (var q in result)
            {
                double d = v.Select((x, j) => x * q[j]).Sum();
                for (int j = 0; j < dim; j++)
                {
                    v[j] -= d * q[j];
                }
            }

            double n = Math.Sqrt(v.Sum(x => x * x));
            result.Add(v.Select(x => x / n).ToArray());
        }

        return [.. result];
    }

    private sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
