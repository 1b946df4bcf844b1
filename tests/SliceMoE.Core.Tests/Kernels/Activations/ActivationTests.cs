using SliceMoE.Diagnostics;
using SliceMoE.Kernels.Activations;
using SliceMoE.Numerics;
using SliceMoE.Tensors;
using SliceMoE.Tests.Support;
using ActivationKernels = SliceMoE.Kernels.Activations.Activations;

namespace SliceMoE.Tests.Kernels.Activations;

public class ActivationTests
{
    /// <summary>
    /// Vectorised float activations against the double reference: relative 1e-6 plus an absolute part. The erf
    /// approximation is accurate to 4.2e-7 absolute (measured), so Φ is within 2.1e-7 and GELU = x Φ(x) within
    /// 2.1e-7 |x| of exact (absolute, like PyTorch's CPU GELU): the bound is 3e-7 max(1, |x|). exp is within 2 ulp.
    /// </summary>
    private const double Rel = 1e-6;
    private const double Abs = 2e-7;

    private static double[] ForwardBound(float[] x, double[] expected) =>
        x.Select((v, i) => (Rel * Math.Abs(expected[i])) + (3e-7 * Math.Max(1, Math.Abs(v)))).ToArray();

    [Fact]
    public void Reference_erf_matches_known_values()
    {
        Assert.Equal(0.0, ActivationReference.Erf(0), 1e-15);
        Assert.Equal(0.5204998778130465, ActivationReference.Erf(0.5), 1e-15);
        Assert.Equal(0.8427007929497149, ActivationReference.Erf(1), 1e-15);
        Assert.Equal(0.9953222650189527, ActivationReference.Erf(2), 1e-15);
        Assert.Equal(0.9999779095030014, ActivationReference.Erf(3), 1e-15);
        Assert.Equal(-0.8427007929497149, ActivationReference.Erf(-1), 1e-15);
        Assert.Equal(1.0, ActivationReference.Erf(7), 1e-15);
    }

    [Fact]
    public void Fast_forward_and_backward_match_the_reference_at_every_length_up_to_256()
    {
        var rng = new Rng(20);
        foreach (var kind in Enum.GetValues<Activation>())
        {
            for (int n = 0; n <= 256; n++)
            {
                var x = TestData.Uniform(rng, n, 6f);
                var dy = TestData.Uniform(rng, n);
                var y = new float[n];
                ActivationKernels.Forward<float>(kind, x, y);
                var expected = x.Select(v => ActivationReference.Forward(kind, v)).ToArray();
                Tolerance.AssertWithin(y, expected, ForwardBound(x, expected), 0, $"{kind} forward n={n}");

                var dx = TestData.Uniform(rng, n);
                var dx0 = (float[])dx.Clone();
                ActivationKernels.Backward<float>(kind, x, dy, dx, accumulate: true);
                var expectedDx = new double[n];
                var bound = new double[n];
                for (int i = 0; i < n; i++)
                {
                    expectedDx[i] = dx0[i] + (dy[i] * ActivationReference.Derivative(kind, x[i]));

                    // The derivative itself is good to ~2e-6 (tanh is accurate in absolute terms only), scaled by dy;
                    // then one float rounding of the accumulated sum.
                    bound[i] = (2e-6 * Math.Abs(dy[i])) + (Tolerance.FloatUnitRoundoff * Math.Abs(expectedDx[i])) + Abs;
                }

                Tolerance.AssertWithin(dx, expectedDx, bound, 0, $"{kind} backward n={n}");
            }
        }
    }

    [Fact]
    public unsafe void Forward_with_derivative_gives_the_same_bits_as_forward_and_backward_apart()
    {
        // The fused form shares terms (Φ for GELU-erf, tanh for GELU-tanh) but must compute exactly the same values.
        var rng = new Rng(21);
        foreach (var kind in Enum.GetValues<Activation>())
        {
            for (int n = 0; n <= 100; n++)
            {
                var x = TestData.Uniform(rng, n, 6f);
                var bias = TestData.Uniform(rng, n);
                var y = new float[n];

                // Both store paths: streaming (derivative aligned to a vector) and plain (one float off).
                using var aligned = new AlignedBuffer<float>(n + 1);
                var derivative = new float[n];
                var shifted = new float[n];
                fixed (float* px = x, pb = bias, py = y)
                {
                    ActivationSimd.ForwardWithDerivative(kind, px, pb, aligned.Pointer, py, n);
                    new Span<float>(aligned.Pointer, n).CopyTo(derivative);
                    ActivationSimd.ForwardWithDerivative(kind, px, pb, aligned.Pointer + 1, py, n);
                    new Span<float>(aligned.Pointer + 1, n).CopyTo(shifted);
                }

                var v = x.Select((e, i) => e + bias[i]).ToArray();
                var yApart = new float[n];
                ActivationKernels.Forward<float>(kind, v, yApart);
                var ones = Enumerable.Repeat(1f, n).ToArray();
                var dApart = new float[n];
                ActivationKernels.Backward<float>(kind, v, ones, dApart);
                Tolerance.AssertBitwiseEqual(y, yApart, $"{kind} value n={n}");
                Tolerance.AssertBitwiseEqual(derivative, dApart, $"{kind} derivative n={n}");
                Tolerance.AssertBitwiseEqual(shifted, dApart, $"{kind} derivative, unaligned, n={n}");
            }
        }
    }

    [Fact]
    public void Fast_activations_handle_extreme_inputs()
    {
        float[] x = [-1e30f, -100f, -20f, -9f, -4f, -1e-20f, 0f, 1e-20f, 4f, 9f, 20f, 100f, 1e30f];
        foreach (var kind in Enum.GetValues<Activation>())
        {
            var y = new float[x.Length];
            ActivationKernels.Forward<float>(kind, x, y);
            var expected = x.Select(v => ActivationReference.Forward(kind, v)).ToArray();
            Tolerance.AssertWithin(y, expected, expected.Select(e => (Rel * Math.Abs(e)) + Abs).ToArray(), 0, $"{kind} extremes");
        }
    }

    [Fact]
    public void Reference_derivatives_pass_finite_differences()
    {
        foreach (var kind in new[] { Activation.GeluErf, Activation.GeluTanh, Activation.Relu, Activation.None })
        {
            var rng = new Rng(21);
            int n = 40;
            var x = TestData.UniformDouble(rng, n, 4);
            for (int i = 0; i < n; i++)
            {
                x[i] = Math.Abs(x[i]) < 1e-3 ? 0.5 : x[i]; // keep away from ReLU's kink
            }

            var g = TestData.UniformDouble(rng, n);
            var dx = new double[n];
            ActivationKernels.Backward<double>(kind, x, g, dx);
            double Loss()
            {
                var y = new double[n];
                ActivationKernels.Forward<double>(kind, x, y);
                return y.Zip(g, (a, b) => a * b).Sum();
            }

            var result = GradientCheck.Compare(kind.ToString(), x, dx, Loss);
            Assert.True(result.Passed, result.ToString());
        }
    }
}
