using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using SliceMoE.Evaluation;
using SliceMoE.Numerics;

namespace MathNetAccuracy;

/// <summary>
/// PCA: our subspace iteration against MathNet's symmetric eigen-decomposition of the covariance, on the references of
/// PrincipalComponentsTests, then agreement and time on random data (the report's shape is 600 slices of width 8).
/// </summary>
internal static class PcaCases
{
    public static void AddTo(Comparison c)
    {
        double[] x = [2.5, 0.5, 2.2, 1.9, 3.1, 2.3, 2.0, 1.0, 1.5, 1.1], y = [2.4, 0.7, 2.9, 2.2, 3.0, 2.7, 1.6, 1.1, 1.6, 0.9];
        var rows = x.Select((v, i) => new[] { v, y[i] }).ToArray();
        var ours = PrincipalComponents.Fit(rows);
        var (values, vectors, _) = MathNetFit(rows, 2);
        c.Add("PCA: textbook 2-d eigenvalues", 1.28402771, ours.ExplainedVariance[0], values[0], 1e-8);
        c.Add("PCA: textbook 2-d eigenvalues", 0.0490833989, ours.ExplainedVariance[1], values[1], 1e-9);
        c.Add("PCA: textbook 2-d eigenvectors", 0.677873399, ours.Components[0][0], vectors[0][0], 1e-9);
        c.Add("PCA: textbook 2-d eigenvectors", 0.735178656, ours.Components[0][1], vectors[0][1], 1e-9);

        // Points ±3u1, ±2u2, ±1u3 for orthonormal u in R^20 (as the test builds them).
        var u = Orthonormal(new Rng(3), 3, 20);
        var planted = new List<double[]>();
        double[] scale = [3, 2, 1];
        for (int k = 0; k < 3; k++)
        {
            planted.Add(u[k].Select(v => scale[k] * v).ToArray());
            planted.Add(u[k].Select(v => -scale[k] * v).ToArray());
        }

        var op = PrincipalComponents.Fit(planted, 3);
        var (pv, pvec, _) = MathNetFit(planted.ToArray(), 3);
        for (int k = 0; k < 3; k++)
        {
            c.Add("PCA: planted axes in 20-d, eigenvalues", new[] { 18.0 / 5, 8.0 / 5, 2.0 / 5 }[k], op.ExplainedVariance[k], pv[k], 1e-10);
            c.Add("PCA: planted axes in 20-d, |<v, u>|", 1, Math.Abs(Dot(op.Components[k], u[k])), Math.Abs(Dot(pvec[k], u[k])), 1e-9);
        }
    }

    public static void PrintAgreement(TextWriter output)
    {
        output.WriteLine("| n x d, spectrum | ours: ms (iterations) | MathNet: ms | largest \\|Δλ\\|/λ1 | largest \\|Δ variance ratio\\| | largest \\|Δ coordinate\\| of the axes |");
        output.WriteLine("|:--|--:|--:|--:|--:|--:|");
        foreach (var (n, d, decay) in new[] { (600, 8, 0.8), (600, 8, 1.0), (6, 50, 1.0), (2000, 100, 0.95), (4096, 768, 0.99) })
        {
            var rng = new Rng(7);
            var rows = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(j => Math.Pow(decay, j) * rng.NextGaussian()).ToArray()).ToArray();
            PrincipalComponents ours = PrincipalComponents.Fit(rows);
            var theirs = MathNetFit(rows, 2);
            double oursMs = double.MaxValue, theirsMs = double.MaxValue;
            for (int round = 0; round < 3; round++)
            {
                oursMs = Math.Min(oursMs, Milliseconds(() => ours = PrincipalComponents.Fit(rows)));
                theirsMs = Math.Min(theirsMs, Milliseconds(() => theirs = MathNetFit(rows, 2)));
            }

            double dv = 0, dr = 0, dc = 0;
            for (int k = 0; k < 2; k++)
            {
                dv = Math.Max(dv, Math.Abs(ours.ExplainedVariance[k] - theirs.Values[k]) / theirs.Values[0]);
                dr = Math.Max(dr, Math.Abs(ours.ExplainedVarianceRatio[k] - (theirs.Values[k] / theirs.Total)));
                dc = Math.Max(dc, ours.Components[k].Select((v, j) => Math.Abs(v - theirs.Vectors[k][j])).Max());
            }

            output.WriteLine($"| {n} x {d}, {decay}^j | {oursMs:0.0} ({ours.Iterations}) | {theirsMs:0.0} | {dv:0.0e0} | {dr:0.0e0} | {dc:0.0e0} |");
        }
    }

    /// <summary>The top k eigenpairs of the covariance by MathNet, with our sign convention (largest coordinate positive).</summary>
    private static (double[] Values, double[][] Vectors, double Total) MathNetFit(double[][] rows, int k)
    {
        int n = rows.Length, d = rows[0].Length;
        var mean = Enumerable.Range(0, d).Select(j => rows.Average(r => r[j])).ToArray();
        var centred = Matrix<double>.Build.Dense(n, d, (i, j) => rows[i][j] - mean[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / (n - 1);
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var values = new double[k];
        var vectors = new double[k][];
        for (int i = 0; i < k; i++)
        {
            values[i] = evd.EigenValues[d - 1 - i].Real;
            var v = evd.EigenVectors.Column(d - 1 - i).ToArray();
            int arg = 0;
            for (int j = 1; j < d; j++)
            {
                arg = Math.Abs(v[j]) > Math.Abs(v[arg]) * (1 + 1e-12) ? j : arg;
            }

            vectors[i] = v[arg] < 0 ? v.Select(z => -z).ToArray() : v;
        }

        return (values, vectors, covariance.Trace());
    }

    private static double Milliseconds(Action a)
    {
        var sw = Stopwatch.StartNew();
        a();
        return sw.Elapsed.TotalMilliseconds;
    }

    private static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b) => a.Select((v, j) => v * b[j]).Sum();

    private static double[][] Orthonormal(Rng rng, int count, int dim)
    {
        var result = new List<double[]>();
        while (result.Count < count)
        {
            var v = Enumerable.Range(0, dim).Select(_ => rng.NextGaussian()).ToArray();
            foreach (var q in result)
            {
                double d = Dot(v, q);
                for (int j = 0; j < dim; j++)
                {
                    v[j] -= d * q[j];
                }
            }

            double norm = Math.Sqrt(Dot(v, v));
            result.Add(v.Select(z => z / norm).ToArray());
        }

        return [.. result];
    }
}
