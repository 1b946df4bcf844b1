using SliceMoE.IO.Safetensors;
using SliceMoE.Kernels.Activations;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Modules;
using SliceMoE.Numerics;
using SliceMoE.Tests.Support;
using GemmApi = SliceMoE.Kernels.Gemm.Gemm;

namespace SliceMoE.Tests.Kernels.Gemm;

public class WeightPacksTests
{
    /// <summary>Rows (1, a micro-tile and a half, several row blocks), columns (one, a panel ± 1, past a column block) and K (one, past a K block).</summary>
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 33, 17 }, { 3, 32, 256 }, { 13, 31, 300 }, { 100, 1100, 40 }, { 200, 70, 513 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32_packs_give_the_bits_of_the_unpacked_multiply(int m, int n, int k)
    {
        using var store = Store([n, k]);
        var (a, bias) = Inputs(m, n, k);
        var w = store.Parameters[0].Value.Span;
        using var packs = WeightPacks.Create(store, WeightFormat.Float32);
        Assert.Equal(1, packs.Count);
        foreach (bool accumulate in new[] { false, true })
        {
            var expected = Multiply(a, w, bias, m, n, k, accumulate, null);
            var actual = Multiply(a, w, bias, m, n, k, accumulate, packs);
            Tolerance.AssertBitwiseEqual(actual, expected, $"{m}x{n}x{k} accumulate={accumulate}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BFloat16_packs_multiply_by_the_weights_rounded_to_bfloat16(int m, int n, int k)
    {
        using var store = Store([n, k]);
        var (a, bias) = Inputs(m, n, k);
        var w = store.Parameters[0].Value.Span;
        var rounded = w.ToArray().Select(RoundToBFloat16).ToArray();
        using var packs = WeightPacks.Create(store, WeightFormat.BFloat16);
        var expected = Multiply(a, rounded, bias, m, n, k, false, null);
        var actual = Multiply(a, w, bias, m, n, k, false, packs);
        Tolerance.AssertBitwiseEqual(actual, expected, $"{m}x{n}x{k}");
        if (KernelFamilies.Best != KernelFamily.Reference && n * k > 1)
        {
            Assert.NotEqual(Multiply(a, w, bias, m, n, k, false, null), actual); // the rounding is really applied
        }
    }

    [Fact]
    public void Grouped_expert_weights_are_found_group_by_group_with_empty_and_skewed_groups()
    {
        int[] offsets = [0, 0, 5, 5, 140, 141, 700];
        int groups = offsets.Length - 1, rows = offsets[^1], n = 70, k = 45;
        using var store = new ParameterStore<float>();
        for (int g = 0; g < groups; g++)
        {
            store.Declare($"experts.{g}.weight", [n, k], ParameterInit.LinearDefault(k));
        }

        store.Allocate(3);
        long stride = store.Parameters[1].Offset - store.Parameters[0].Offset;
        var all = store.Values.Span.Slice((int)store.Parameters[0].Offset);
        var a = TestData.Uniform(new Rng(4), rows * k);
        foreach (var format in new[] { WeightFormat.Float32, WeightFormat.BFloat16 })
        {
            var reference = all.ToArray();
            if (format == WeightFormat.BFloat16)
            {
                reference = reference.Select(RoundToBFloat16).ToArray();
            }

            var expected = new float[rows * n];
            GroupedGemm.MultiplyRowGroups<float>(a, k, reference, k, stride, true, expected, n, offsets, n, k);
            using var packs = WeightPacks.Create(store, format);
            var actual = new float[rows * n];
            using (packs.Activate())
            {
                GroupedGemm.MultiplyRowGroups<float>(a, k, all, k, stride, true, actual, n, offsets, n, k);
            }

            Tolerance.AssertBitwiseEqual(actual, expected, format.ToString());
        }
    }

    [Fact]
    public void Packs_serve_only_the_transposed_weight_they_were_made_from_and_only_while_active()
    {
        int m = 7, n = 40, k = 40;
        using var store = Store([n, k]);
        var (a, _) = Inputs(m, n, k);
        var w = store.Parameters[0].Value.Span;
        using var packs = WeightPacks.Create(store, WeightFormat.BFloat16);

        // The same memory read untransposed (a backward's dY·W) or as a smaller matrix is not the packed weight.
        var untransposed = new float[m * k];
        var expectedUntransposed = new float[m * k];
        GemmApi.Multiply<float>(a, n, false, w, k, false, expectedUntransposed, k, m, k, n);
        var part = new float[m * (n / 2)];
        var expectedPart = new float[m * (n / 2)];
        GemmApi.Multiply<float>(a, k, false, w[..((n / 2) * k)], k, true, expectedPart, n / 2, m, n / 2, k);
        using (packs.Activate())
        {
            GemmApi.Multiply<float>(a, n, false, w, k, false, untransposed, k, m, k, n);
            GemmApi.Multiply<float>(a, k, false, w[..((n / 2) * k)], k, true, part, n / 2, m, n / 2, k);
            Assert.Throws<InvalidOperationException>(packs.Dispose);
        }

        Tolerance.AssertBitwiseEqual(untransposed, expectedUntransposed, "untransposed");
        Tolerance.AssertBitwiseEqual(part, expectedPart, "part");
        Assert.Null(WeightPacks.Current);
    }

    [Fact]
    public void Scopes_nest_and_restore_the_packs_before_them()
    {
        using var store = Store([4, 4]);
        using var outer = WeightPacks.Create(store, WeightFormat.Float32);
        using var inner = WeightPacks.Create(store, WeightFormat.BFloat16);
        using (outer.Activate())
        {
            using (inner.Activate())
            {
                Assert.Same(inner, WeightPacks.Current);
            }

            Assert.Same(outer, WeightPacks.Current);
        }

        Assert.Null(WeightPacks.Current);
    }

    [Fact]
    public void Double_stores_and_unallocated_stores()
    {
        using var doubles = new ParameterStore<double>();
        doubles.Declare("w", [8, 8], ParameterInit.LinearDefault(8));
        Assert.Throws<InvalidOperationException>(() => WeightPacks.Create(doubles, WeightFormat.Float32));
        doubles.Allocate(1);
        using var packs = WeightPacks.Create(doubles, WeightFormat.BFloat16);
        Assert.Equal(0, packs.Count); // the double kernels are the oracle: never packed
    }

    private static ParameterStore<float> Store(int[] shape)
    {
        var store = new ParameterStore<float>();
        store.Declare("w", shape, ParameterInit.LinearDefault(shape[1]));
        store.Declare("bias", [shape[0]], ParameterInit.LinearDefault(shape[1]), weightDecay: false); // one-dimensional: not packed
        store.Allocate(7);
        return store;
    }

    private static (float[] A, float[] Bias) Inputs(int m, int n, int k)
    {
        var rng = new Rng((ulong)((m * 31) + (n * 7) + k));
        return (TestData.Uniform(rng, m * k), TestData.Uniform(rng, n));
    }

    private static float[] Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> w, float[] bias, int m, int n, int k, bool accumulate, WeightPacks? packs)
    {
        var c = Enumerable.Range(0, m * n).Select(i => (float)Math.Sin(i)).ToArray();
        var epilogue = accumulate ? default : GemmEpilogue<float>.BiasActivation(bias, Activation.GeluErf);
        if (packs is null)
        {
            GemmApi.Multiply<float>(a, k, false, w, k, true, c, n, m, n, k, accumulate, epilogue);
            return c;
        }

        using (packs.Activate())
        {
            GemmApi.Multiply<float>(a, k, false, w, k, true, c, n, m, n, k, accumulate, epilogue);
        }

        return c;
    }

    private static float RoundToBFloat16(float x) => ElementConversions.BFloat16ToSingle(ElementConversions.SingleToBFloat16(x));
}
