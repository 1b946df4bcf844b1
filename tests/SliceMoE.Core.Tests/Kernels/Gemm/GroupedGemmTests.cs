using SliceMoE.Kernels.Activations;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Numerics;
using SliceMoE.Tests.Support;
using GemmApi = SliceMoE.Kernels.Gemm.Gemm;

namespace SliceMoE.Tests.Kernels.Gemm;

public class GroupedGemmTests
{
    public static TheoryData<KernelFamily> Families => KernelFamilyData.Supported();

    private static readonly int[] SkewedOffsets = [0, 0, 5, 5, 140, 141, 700, 700, 713];

    [Theory]
    [MemberData(nameof(Families))]
    public void Row_groups_equal_one_multiply_per_group_bit_for_bit(KernelFamily family)
    {
        var rng = new Rng(10);
        int groups = SkewedOffsets.Length - 1, rows = SkewedOffsets[^1], k = 45, n = 70;
        var a = TestData.Uniform(rng, rows * k);
        var w = TestData.Uniform(rng, groups * n * k);
        foreach (bool transpose in new[] { true, false })
        {
            int ldw = transpose ? k : n;
            var grouped = new float[rows * n];
            GroupedGemm.MultiplyRowGroups<float>(a, k, w, ldw, n * k, transpose, grouped, n, SkewedOffsets, n, k, family: family);
            var separate = new float[rows * n];
            for (int g = 0; g < groups; g++)
            {
                int r0 = SkewedOffsets[g], count = SkewedOffsets[g + 1] - r0;
                GemmApi.Multiply<float>(a.AsSpan(r0 * k, count * k), k, false, w.AsSpan(g * n * k, n * k), ldw, transpose, separate.AsSpan(r0 * n, count * n), n, count, n, k, family: family);
                var e = new GemmExpectation(a.AsSpan(r0 * k, count * k).ToArray(), k, false, w.AsSpan(g * n * k, n * k).ToArray(), ldw, transpose, null, n, count, n, k);
                e.AssertMatches(grouped.AsSpan(r0 * n, count * n).ToArray(), $"group {g}");
            }

            Tolerance.AssertBitwiseEqual(grouped, separate, $"{family} transpose={transpose}");
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Row_groups_apply_each_groups_bias_and_activation(KernelFamily family)
    {
        var rng = new Rng(11);
        int groups = SkewedOffsets.Length - 1, rows = SkewedOffsets[^1], k = 16, n = 40;
        var a = TestData.Uniform(rng, rows * k);
        var w = TestData.Uniform(rng, groups * n * k);
        var bias = TestData.Uniform(rng, groups * n);
        var c = new float[rows * n];
        var pre = new float[rows * n];
        GroupedGemm.MultiplyRowGroups<float>(a, k, w, k, n * k, true, c, n, SkewedOffsets, n, k, epilogue: GemmEpilogue<float>.BiasActivation(bias, Activation.GeluErf, pre), family: family);
        for (int g = 0; g < groups; g++)
        {
            int r0 = SkewedOffsets[g], count = SkewedOffsets[g + 1] - r0;
            var e = new GemmExpectation(a.AsSpan(r0 * k, count * k).ToArray(), k, false, w.AsSpan(g * n * k, n * k).ToArray(), k, true, null, n, count, n, k);
            var (ePre, ePost, bound) = e.WithBiasActivation(bias.AsSpan(g * n, n).ToArray(), Activation.GeluErf);
            Tolerance.AssertWithin(pre.AsSpan(r0 * n, count * n), ePre, bound, 1e-30, $"group {g} pre");
            Tolerance.AssertWithin(c.AsSpan(r0 * n, count * n), ePost, bound, 1e-30, $"group {g} post");
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Transposed_row_groups_give_per_group_weight_gradients(KernelFamily family)
    {
        var rng = new Rng(12);
        int groups = SkewedOffsets.Length - 1, rows = SkewedOffsets[^1], m = 37, n = 70;
        var a = TestData.Uniform(rng, rows * m);
        var b = TestData.Uniform(rng, rows * n);
        foreach (bool accumulate in new[] { false, true })
        {
            var c0 = TestData.Uniform(rng, groups * m * n);
            var c = (float[])c0.Clone();
            GroupedGemm.MultiplyTransposedRowGroups<float>(a, m, b, n, c, n, m * n, SkewedOffsets, m, n, accumulate, family);
            for (int g = 0; g < groups; g++)
            {
                int r0 = SkewedOffsets[g], count = SkewedOffsets[g + 1] - r0;
                var e = new GemmExpectation(a.AsSpan(r0 * m, count * m).ToArray(), m, true, b.AsSpan(r0 * n, count * n).ToArray(), n, false, accumulate ? c0.AsSpan(g * m * n, m * n).ToArray() : null, n, m, n, count);
                e.AssertMatches(c.AsSpan(g * m * n, m * n).ToArray(), $"{family} group {g} (rows {count}) accumulate={accumulate}");
            }
        }
    }

    [Fact]
    public void Bad_offsets_and_short_spans_throw()
    {
        var a = new float[40];
        var w = new float[40];
        var c = new float[40];
        var e1 = Assert.Throws<ArgumentException>(() => GroupedGemm.MultiplyRowGroups<float>(a, 4, w, 4, 16, true, c, 4, [0, 5, 3], 4, 4));
        Assert.Contains("must not decrease", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ArgumentException>(() => GroupedGemm.MultiplyRowGroups<float>(a, 4, w, 4, 16, true, c, 4, [0, 5, 11], 4, 4));
        Assert.Contains("A has 40 elements", e2.Message, StringComparison.Ordinal);
        var e3 = Assert.Throws<ArgumentException>(() => GroupedGemm.MultiplyRowGroups<float>(a, 4, w, 4, 8, true, c, 4, [0, 2, 4], 4, 4));
        Assert.Contains("groups would overlap", e3.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => GroupedGemm.MultiplyTransposedRowGroups<float>(a, 4, w, 4, c, 4, 16, [0, 4, 8, 10], 4, 4));
    }
}
