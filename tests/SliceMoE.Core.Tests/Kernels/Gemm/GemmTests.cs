using SliceMoE.Compute;
using SliceMoE.Kernels.Activations;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Numerics;
using SliceMoE.Tests.Support;
using GemmApi = SliceMoE.Kernels.Gemm.Gemm;

namespace SliceMoE.Tests.Kernels.Gemm;

[Collection(SerialCollection.Name)]
public class GemmTests
{
    public static TheoryData<KernelFamily> Families => KernelFamilyData.Supported();

    private static float[] RunMultiply(KernelFamily family, float[] a, int lda, bool ta, float[] b, int ldb, bool tb, float[]? c0, int ldc, int m, int n, int k)
    {
        var c = c0 is null ? new float[Math.Max(1, ((m - 1) * ldc) + n)] : (float[])c0.Clone();
        if (m == 0)
        {
            c = [];
        }

        GemmApi.Multiply<float>(a, lda, ta, b, ldb, tb, c, ldc, m, n, k, accumulate: c0 is not null, family: family);
        return c;
    }

    private static void CheckOne(KernelFamily family, Rng rng, int m, int n, int k, bool ta, bool tb, bool accumulate, int pad = 0)
    {
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        lda = Math.Max(lda, 1);
        ldb = Math.Max(ldb, 1);
        ldc = Math.Max(ldc, 1);
        var a = TestData.Uniform(rng, Math.Max(0, ((ta ? k : m) * lda)));
        var b = TestData.Uniform(rng, Math.Max(0, ((tb ? n : k) * ldb)));
        float[]? c0 = accumulate ? TestData.Uniform(rng, m * ldc) : null;
        var c = RunMultiply(family, a, lda, ta, b, ldb, tb, c0, ldc, m, n, k);
        new GemmExpectation(a, lda, ta, b, ldb, tb, c0, ldc, m, n, k)
            .AssertMatches(c, $"{family} m={m} n={n} k={k} ta={ta} tb={tb} acc={accumulate} pad={pad}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Every_form_matches_the_exact_product_for_every_length_up_to_256(KernelFamily family)
    {
        var rng = new Rng(1);
        for (int len = 0; len <= 256; len++)
        {
            foreach (var (ta, tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
            {
                CheckOne(family, rng, len, 37, 13, ta, tb, accumulate: false);
                CheckOne(family, rng, 13, len, 19, ta, tb, accumulate: false);
                CheckOne(family, rng, 11, 37, len, ta, tb, accumulate: len % 2 == 0);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Shapes_that_cross_every_block_boundary_match(KernelFamily family)
    {
        var rng = new Rng(2);
        CheckOne(family, rng, 197, 1061, 517, false, false, accumulate: false);
        CheckOne(family, rng, 101, 1030, 300, false, true, accumulate: true, pad: 3);
        CheckOne(family, rng, 98, 65, 700, true, false, accumulate: false, pad: 5);
        CheckOne(family, rng, 300, 96, 1536, false, true, accumulate: false);
    }

    [Fact]
    public void Double_runs_the_reference_and_is_exact_to_double_rounding()
    {
        var rng = new Rng(3);
        int m = 7, n = 9, k = 33;
        var a = TestData.UniformDouble(rng, m * k);
        var b = TestData.UniformDouble(rng, k * n);
        var c = new double[m * n];
        GemmApi.Multiply<double>(a, k, false, b, n, false, c, n, m, n, k);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += a[(i * k) + p] * b[(p * n) + j];
                }

                Assert.Equal(s, c[(i * n) + j], 1e-13);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Bias_activation_epilogue_matches_and_saves_the_pre_activation(KernelFamily family)
    {
        var rng = new Rng(4);
        foreach (var act in Enum.GetValues<Activation>())
        {
            int m = 29, n = 70, k = 45;
            var a = TestData.Uniform(rng, m * k);
            var b = TestData.Uniform(rng, n * k);
            var bias = TestData.Uniform(rng, n);
            var c = new float[m * n];
            var pre = new float[m * n];
            GemmApi.Multiply<float>(a, k, false, b, k, true, c, n, m, n, k, epilogue: GemmEpilogue<float>.BiasActivation(bias, act, pre), family: family);
            var (expectedPre, expectedPost, bound) = new GemmExpectation(a, k, false, b, k, true, null, n, m, n, k).WithBiasActivation(bias, act);
            Tolerance.AssertWithin(pre, expectedPre, bound, 1e-30, $"{family} {act} pre-activation");
            Tolerance.AssertWithin(c, expectedPost, bound, 1e-30, $"{family} {act} output");
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Derivative_saving_epilogue_matches_and_saves_the_derivative(KernelFamily family)
    {
        var rng = new Rng(10);
        foreach (var act in Enum.GetValues<Activation>())
        {
            int m = 29, n = 70, k = 45;
            var a = TestData.Uniform(rng, m * k);
            var b = TestData.Uniform(rng, n * k);
            var bias = TestData.Uniform(rng, n);
            var c = new float[m * n];
            var derivative = new float[m * n];
            GemmApi.Multiply<float>(a, k, false, b, k, true, c, n, m, n, k, epilogue: GemmEpilogue<float>.BiasActivationSavingDerivative(bias, act, derivative), family: family);
            var (expectedPre, expectedPost, bound) = new GemmExpectation(a, k, false, b, k, true, null, n, m, n, k).WithBiasActivation(bias, act);
            Tolerance.AssertWithin(c, expectedPost, bound, 1e-30, $"{family} {act} output");

            // f' is good to ~2e-6 (GELU-tanh's tanh is accurate in absolute terms only); its slope (|f''| ≤ 0.6 for GELU) carries
            // the pre-activation's rounding bound into it.
            var expectedDerivative = expectedPre.Select(v => ActivationReference.Derivative(act, v)).ToArray();
            var derivativeBound = bound.Select(e => (0.6 * e) + 2e-6).ToArray();
            Tolerance.AssertWithin(derivative, expectedDerivative, derivativeBound, 1e-30, $"{family} {act} derivative");
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Derivative_scaling_epilogue_multiplies_and_sums_the_bias_gradient(KernelFamily family)
    {
        var rng = new Rng(5);
        int m = 17, n = 40, k = 23;
        var a = TestData.Uniform(rng, m * k);
        var b = TestData.Uniform(rng, k * n);
        var derivative = TestData.Uniform(rng, m * n, 1.2f);
        var c = new float[m * n];
        var biasGrad = TestData.Uniform(rng, n);
        var biasGrad0 = (float[])biasGrad.Clone();
        GemmApi.Multiply<float>(a, k, false, b, n, false, c, n, m, n, k, epilogue: GemmEpilogue<float>.ScaleByDerivative(derivative, biasGrad), family: family);
        var e = new GemmExpectation(a, k, false, b, n, false, null, n, m, n, k);
        var expected = new double[m * n];
        var bound = new double[m * n];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = e.Exact[i] * derivative[i];
            bound[i] = (e.Bound[i] * Math.Abs(derivative[i])) + (Tolerance.FloatUnitRoundoff * Math.Abs(expected[i])) + 1e-7;
        }

        Tolerance.AssertWithin(c, expected, bound, 1e-30, $"{family} scaled");
        var expectedSums = new double[n];
        var sumBound = new double[n];
        for (int j = 0; j < n; j++)
        {
            expectedSums[j] = biasGrad0[j];
            for (int i = 0; i < m; i++)
            {
                expectedSums[j] += expected[(i * n) + j];
                sumBound[j] += bound[(i * n) + j] + (m * Tolerance.FloatUnitRoundoff * Math.Abs(expected[(i * n) + j]));
            }
        }

        Tolerance.AssertWithin(biasGrad, expectedSums, sumBound, 1e-6, $"{family} fused bias gradient");
        var missing = Assert.Throws<ArgumentException>(() => GemmApi.Multiply<float>(a, k, false, b, n, false, c, n, m, n, k, epilogue: GemmEpilogue<float>.ScaleByDerivative(default)));
        Assert.Contains("derivative", missing.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Relu_backward_epilogue_zeroes_where_the_output_was_zero_and_sums_the_bias_gradient(KernelFamily family)
    {
        var rng = new Rng(15);
        int m = 19, n = 45, k = 16;
        var a = TestData.Uniform(rng, m * k);
        var b = TestData.Uniform(rng, k * n);
        var reluOutput = TestData.Uniform(rng, m * n).Select(v => Math.Max(v, 0f)).ToArray();
        var c = new float[m * n];
        var biasGrad = TestData.Uniform(rng, n);
        var biasGrad0 = (float[])biasGrad.Clone();
        GemmApi.Multiply<float>(a, k, false, b, n, false, c, n, m, n, k, epilogue: GemmEpilogue<float>.ReluBackward(reluOutput, biasGrad), family: family);
        var e = new GemmExpectation(a, k, false, b, n, false, null, n, m, n, k);
        var expected = new double[m * n];
        var bound = new double[m * n];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = reluOutput[i] > 0 ? e.Exact[i] : 0;
            bound[i] = reluOutput[i] > 0 ? e.Bound[i] : 0; // a masked element is exactly zero
        }

        Assert.Contains(reluOutput, v => v == 0);
        Assert.Contains(reluOutput, v => v > 0);
        Tolerance.AssertWithin(c, expected, bound, 1e-30, $"{family} masked");
        var expectedSums = new double[n];
        var sumBound = new double[n];
        for (int j = 0; j < n; j++)
        {
            expectedSums[j] = biasGrad0[j];
            for (int i = 0; i < m; i++)
            {
                expectedSums[j] += expected[(i * n) + j];
                sumBound[j] += bound[(i * n) + j] + (m * Tolerance.FloatUnitRoundoff * Math.Abs(expected[(i * n) + j]));
            }
        }

        Tolerance.AssertWithin(biasGrad, expectedSums, sumBound, 1e-6, $"{family} fused bias gradient");
        var missing = Assert.Throws<ArgumentException>(() => GemmApi.Multiply<float>(a, k, false, b, n, false, c, n, m, n, k, epilogue: GemmEpilogue<float>.ReluBackward(default)));
        Assert.Contains("reluOutput", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_are_bit_identical_at_one_and_two_threads()
    {
        // A plain product, and a long reduction into a small C, which the driver splits along K.
        Assert.True(GemmSplitK.Chunks(new GemmProblem { M = 256, N = 96, K = 20000 }) > 1);
        foreach (var (m, n, k, transposeA, seed) in new[] { (500, 700, 600, false, 6UL), (256, 96, 20000, true, 8UL) })
        {
            var rng = new Rng(seed);
            var a = TestData.Uniform(rng, m * k);
            var b = TestData.Uniform(rng, k * n);
            var c0 = TestData.Uniform(rng, m * n);
            float[] At(int threads)
            {
                int saved = ComputeThreads.Count;
                try
                {
                    ComputeThreads.Count = threads;
                    var c = (float[])c0.Clone();
                    GemmApi.Multiply<float>(a, transposeA ? m : k, transposeA, b, n, false, c, n, m, n, k, accumulate: transposeA);
                    return c;
                }
                finally
                {
                    ComputeThreads.Count = saved;
                }
            }

            Tolerance.AssertBitwiseEqual(At(2), At(1), $"{m}x{n}x{k}: 2 threads vs 1");
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Long_reductions_into_a_small_C_are_split_and_still_match(KernelFamily family)
    {
        // A router's weight gradients: C has one or a few blocks and K runs over every slice, so the driver splits K.
        var rng = new Rng(7);
        var split = new GemmProblem { M = 16, N = 256, K = 9000 };
        Assert.True(GemmSplitK.Chunks(split) > 1);
        CheckOne(family, rng, 16, 256, 9000, true, false, accumulate: false);
        CheckOne(family, rng, 16, 256, 9000, true, false, accumulate: true, pad: 3);
        CheckOne(family, rng, 200, 96, 5000, true, false, accumulate: true);
        CheckOne(family, rng, 7, 33, 4500, false, true, accumulate: false);
    }

    [Fact]
    public void Bad_arguments_throw_clear_exceptions()
    {
        var a = new float[12];
        var b = new float[12];
        var c = new float[9];
        var e1 = Assert.Throws<ArgumentException>(() => GemmApi.Multiply<float>(a, 5, false, b, 3, false, c, 3, 3, 3, 5));
        Assert.Contains("A has 12 elements", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ArgumentException>(() => GemmApi.Multiply<float>(a, 2, false, b, 3, false, c, 3, 3, 3, 4));
        Assert.Contains("leading dimension 2", e2.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => GemmApi.Multiply<float>(a, 4, false, b, 3, false, c, 3, -1, 3, 4));
        var shared = new float[32];
        var e3 = Assert.Throws<ArgumentException>(() => GemmApi.Multiply<float>(shared.AsSpan(0, 16), 4, false, b, 3, false, shared.AsSpan(8, 12), 3, 4, 3, 4));
        Assert.Contains("must not overlap", e3.Message, StringComparison.Ordinal);
        var e4 = Assert.Throws<ArgumentException>(() => GemmApi.Multiply<float>(a, 4, false, b, 3, false, c, 3, 3, 3, 4, epilogue: GemmEpilogue<float>.BiasActivation(new float[2], Activation.Relu)));
        Assert.Contains("bias has 2 elements", e4.Message, StringComparison.Ordinal);
    }
}
