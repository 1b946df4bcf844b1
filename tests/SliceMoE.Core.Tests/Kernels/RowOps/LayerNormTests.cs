using SliceMoE.Diagnostics;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Numerics;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Kernels.RowOps;

public class LayerNormTests
{
    [Fact]
    public void Fast_forward_and_backward_match_the_reference_for_every_width_up_to_256()
    {
        var rng = new Rng(50);
        for (int n = 1; n <= 256; n++)
        {
            int rows = 3;
            var x = TestData.Uniform(rng, rows * n, 3f);
            var gamma = TestData.Uniform(rng, n);
            var beta = TestData.Uniform(rng, n);
            var dy = TestData.Uniform(rng, rows * n);
            float[] y = new float[rows * n], mean = new float[rows], rstd = new float[rows];
            LayerNorm.Forward<float>(x, gamma, beta, y, mean, rstd, rows, n);
            double[] ey = new double[rows * n], em = new double[rows], er = new double[rows];
            RowOpsReference.LayerNorm<double>(TestData.Widen(x), TestData.Widen(gamma), TestData.Widen(beta), ey, em, er, rows, n, 1e-5);

            // Float sums over n values: errors grow like n u; 2e-5 relative + 2e-6 absolute covers n = 256.
            Tolerance.AssertClose(y, ey, 2e-5, 2e-6, $"y n={n}");
            float[] dx = new float[rows * n], dg = new float[n], db = new float[n];
            LayerNorm.Backward<float>(x, gamma, mean, rstd, dy, dx, dg, db, rows, n);
            double[] edx = new double[rows * n], edg = new double[n], edb = new double[n];
            RowOpsReference.LayerNormBackward<double>(TestData.Widen(x), TestData.Widen(gamma), em, er, TestData.Widen(dy), edx, edg, edb, rows, n, false);
            Tolerance.AssertClose(dx, edx, 5e-5, 5e-6, $"dx n={n}");
            Tolerance.AssertClose(dg, edg, 2e-5, 2e-6, $"dgamma n={n}");
            Tolerance.AssertClose(db, edb, 2e-5, 2e-6, $"dbeta n={n}");
        }
    }

    [Fact]
    public void Backward_passes_finite_differences_for_input_gamma_and_beta()
    {
        var rng = new Rng(51);
        int rows = 3, n = 8;
        var x = TestData.UniformDouble(rng, rows * n, 2);
        var gamma = TestData.UniformDouble(rng, n);
        var beta = TestData.UniformDouble(rng, n);
        var g = TestData.UniformDouble(rng, rows * n);
        double Loss()
        {
            double[] y = new double[rows * n], m = new double[rows], r = new double[rows];
            LayerNorm.Forward<double>(x, gamma, beta, y, m, r, rows, n);
            return y.Zip(g, (a, b) => a * b).Sum();
        }

        double[] y0 = new double[rows * n], mean = new double[rows], rstd = new double[rows];
        LayerNorm.Forward<double>(x, gamma, beta, y0, mean, rstd, rows, n);
        double[] dx = new double[rows * n], dg = new double[n], db = new double[n];
        LayerNorm.Backward<double>(x, gamma, mean, rstd, g, dx, dg, db, rows, n);
        foreach (var (name, p, grad) in new[] { ("x", x, dx), ("gamma", gamma, dg), ("beta", beta, db) })
        {
            var r = GradientCheck.Compare(name, p, grad, Loss);
            Assert.True(r.Passed, r.ToString());
        }
    }
}
