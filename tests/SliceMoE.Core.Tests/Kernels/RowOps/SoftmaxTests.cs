using SliceMoE.Diagnostics;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Numerics;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Kernels.RowOps;

public class SoftmaxTests
{
    [Fact]
    public void Fast_softmax_matches_the_reference_for_every_row_length_up_to_256()
    {
        var rng = new Rng(30);
        foreach (double temperature in new[] { 0.25, 1.0, 4.0 })
        {
            for (int n = 0; n <= 256; n++)
            {
                int rows = 3;
                var x = TestData.Uniform(rng, rows * n, 10f);
                var y = new float[rows * n];
                Softmax.Forward<float>(x, y, rows, n, temperature);
                var expected = new double[rows * n];
                RowOpsReference.Softmax<double>(TestData.Widen(x), expected, rows, n, temperature);

                // Relative error budget per element: the float subtraction z - max is off by up to |z - max| u,
                // which exp turns into the same relative error; exp adds 2 ulp and the normalising sum n u.
                var bound = new double[rows * n];
                for (int r = 0; r < rows; r++)
                {
                    double max = x.AsSpan(r * n, n).ToArray().DefaultIfEmpty(0).Max() / temperature;
                    for (int j = 0; j < n; j++)
                    {
                        double z = x[(r * n) + j] / temperature;
                        bound[(r * n) + j] = (4 + Math.Abs(z - max) + n) * Tolerance.FloatUnitRoundoff * expected[(r * n) + j];
                    }
                }

                Tolerance.AssertWithin(y, expected, bound, 1e-30, $"softmax n={n} T={temperature}");
            }
        }
    }

    [Fact]
    public void Softmax_is_stable_for_huge_logits()
    {
        float[] x = [1000f, 1000f, -1000f, 0f];
        var y = new float[4];
        Softmax.Forward<float>(x, y, 1, 4);
        Assert.Equal([0.5f, 0.5f, 0f, 0f], y);
    }

    [Fact]
    public void Softmax_backward_passes_finite_differences()
    {
        var rng = new Rng(31);
        int rows = 4, n = 7;
        double temperature = 0.7;
        var x = TestData.UniformDouble(rng, rows * n, 2);
        var g = TestData.UniformDouble(rng, rows * n);
        var y = new double[rows * n];
        Softmax.Forward<double>(x, y, rows, n, temperature);
        var dx = new double[rows * n];
        Softmax.Backward<double>(y, g, dx, rows, n, temperature);
        double Loss()
        {
            var z = new double[rows * n];
            Softmax.Forward<double>(x, z, rows, n, temperature);
            return z.Zip(g, (a, b) => a * b).Sum();
        }

        var r = GradientCheck.Compare("softmax", x, dx, Loss);
        Assert.True(r.Passed, r.ToString());
    }

    [Fact]
    public void Fast_softmax_backward_matches_the_reference()
    {
        var rng = new Rng(33);
        for (int n = 1; n <= 130; n++)
        {
            int rows = 700; // enough elements to take the parallel path
            var x = TestData.Uniform(rng, rows * n, 3f);
            var y = new float[rows * n];
            Softmax.Forward<float>(x, y, rows, n, 0.5);
            var dy = TestData.Uniform(rng, rows * n);
            var dx = TestData.Uniform(rng, rows * n);
            var expected = TestData.Widen(dx);
            Softmax.Backward<float>(y, dy, dx, rows, n, 0.5, accumulate: true);
            RowOpsReference.SoftmaxBackward<double>(TestData.Widen(y), TestData.Widen(dy), expected, rows, n, 0.5, accumulate: true);

            // y (dy − y·dy)/τ: the dot product sums n terms (n u relative to Σ|y dy| ≤ max|dy|), then three roundings.
            Tolerance.AssertClose(dx, expected, 1e-6, (n + 4) * 2 * Tolerance.FloatUnitRoundoff, $"softmax backward n={n}");
        }
    }

    [Fact]
    public void Log_softmax_backward_passes_finite_differences()
    {
        var rng = new Rng(32);
        int rows = 3, n = 9;
        var x = TestData.UniformDouble(rng, rows * n, 3);
        var g = TestData.UniformDouble(rng, rows * n);
        var y = new double[rows * n];
        LogSoftmax.Forward<double>(x, y, rows, n, 2.0);
        var dx = new double[rows * n];
        LogSoftmax.Backward<double>(y, g, dx, rows, n, 2.0);
        double Loss()
        {
            var z = new double[rows * n];
            LogSoftmax.Forward<double>(x, z, rows, n, 2.0);
            return z.Zip(g, (a, b) => a * b).Sum();
        }

        var r = GradientCheck.Compare("log-softmax", x, dx, Loss);
        Assert.True(r.Passed, r.ToString());
    }

    [Fact]
    public void Bad_temperature_and_shapes_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Softmax.Forward<float>(new float[4], new float[4], 2, 2, 0));
        var e = Assert.Throws<ArgumentException>(() => Softmax.Forward<float>(new float[5], new float[4], 2, 2));
        Assert.Contains("not rows x columns", e.Message, StringComparison.Ordinal);
    }
}
