using SliceMoE.Kernels.Activations;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Modules;
using SliceMoE.Numerics;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Kernels.Gemm;

/// <summary>The chained feed-forward path (hidden layer kept per row block) against the two multiplies it replaces.</summary>
public class FeedForwardRowGroupsTests
{
    /// <summary>Widths and hidden widths: narrow slices, a hidden layer past a column block, one group of many rows (dense).</summary>
    public static TheoryData<int, int, int[]> Shapes => new()
    {
        { 16, 256, [0, 0, 5, 5, 140, 141, 700, 700, 713] },
        { 40, 1100, [0, 3, 250, 260] },
        { 33, 70, [0, 1000] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Chained_groups_give_the_bits_of_the_two_multiplies(int width, int hidden, int[] offsets)
    {
        foreach (var family in new[] { KernelFamily.Vector512, KernelFamily.Vector256, KernelFamily.Reference }.Where(KernelFamilies.IsSupported))
        {
            using var store = Store(width, hidden, offsets.Length - 1);
            var x = TestData.Uniform(new Rng(8), offsets[^1] * width);
            Tolerance.AssertBitwiseEqual(Chained(store, x, offsets, width, hidden, family), TwoMultiplies(store, x, offsets, width, hidden, family), $"{family} width {width} hidden {hidden}");
        }
    }

    [Fact]
    public void Chained_groups_read_pre_packed_weights_as_the_two_multiplies_do()
    {
        int width = 24, hidden = 96;
        int[] offsets = [0, 30, 30, 301];
        using var store = Store(width, hidden, offsets.Length - 1);
        var x = TestData.Uniform(new Rng(9), offsets[^1] * width);
        var unpacked = Chained(store, x, offsets, width, hidden, KernelFamily.Auto);
        using var packs = WeightPacks.Create(store, WeightFormat.BFloat16);
        using (packs.Activate())
        {
            var actual = Chained(store, x, offsets, width, hidden, KernelFamily.Auto);
            Tolerance.AssertBitwiseEqual(actual, TwoMultiplies(store, x, offsets, width, hidden, KernelFamily.Auto), "bfloat16 packs");
            if (KernelFamilies.Best != KernelFamily.Reference)
            {
                Assert.NotEqual(unpacked, actual); // the packs were read
            }
        }
    }

    [Fact]
    public void Bad_offsets_and_short_outputs_are_refused()
    {
        using var store = Store(8, 16, 2);
        var x = new float[80];
        Assert.Throws<ArgumentException>(() => Chained(store, x, [0, 6, 4], 8, 16, KernelFamily.Auto));
        Assert.Throws<ArgumentException>(() => Chained(store, x, [0, 4, 11], 8, 16, KernelFamily.Auto));
    }

    // Each group's fc1.weight [H, W], fc1.bias [H], fc2.weight [W, H], fc2.bias [W], declared consecutively: one stride.
    private static ParameterStore<float> Store(int width, int hidden, int groups)
    {
        var store = new ParameterStore<float>();
        for (int g = 0; g < groups; g++)
        {
            store.Declare($"e{g}.fc1.weight", [hidden, width], ParameterInit.LinearDefault(width));
            store.Declare($"e{g}.fc1.bias", [hidden], ParameterInit.LinearDefault(width), weightDecay: false);
            store.Declare($"e{g}.fc2.weight", [width, hidden], ParameterInit.LinearDefault(hidden));
            store.Declare($"e{g}.fc2.bias", [width], ParameterInit.LinearDefault(hidden), weightDecay: false);
        }

        store.Allocate(5);
        return store;
    }

    private static long Stride(ParameterStore<float> store) => store.Parameters.Count > 4 ? store.Parameters[4].Offset - store.Parameters[0].Offset : 0;

    // The operands are views into the store, where weight packs find them.
    private static Span<float> From(ParameterStore<float> store, int index) => store.Values.Span[(int)store.Parameters[index].Offset..];

    private static float[] Chained(ParameterStore<float> store, float[] x, int[] offsets, int width, int hidden, KernelFamily family)
    {
        var y = new float[offsets[^1] * width];
        GroupedGemm.FeedForwardRowGroups<float>(x, offsets, From(store, 0), From(store, 1), Activation.GeluErf, From(store, 2), From(store, 3), Stride(store), y, width, hidden, family);
        return y;
    }

    private static float[] TwoMultiplies(ParameterStore<float> store, float[] x, int[] offsets, int width, int hidden, KernelFamily family)
    {
        int rows = offsets[^1];
        long stride = Stride(store);
        var h = new float[rows * hidden];
        var y = new float[rows * width];
        GroupedGemm.MultiplyRowGroups<float>(x, width, From(store, 0), width, stride, true, h, hidden, offsets, hidden, width, epilogue: GemmEpilogue<float>.BiasActivation(From(store, 1), Activation.GeluErf, default, stride), family: family);
        GroupedGemm.MultiplyRowGroups<float>(h, hidden, From(store, 2), hidden, stride, true, y, width, offsets, width, hidden, epilogue: GemmEpilogue<float>.BiasActivation(From(store, 3), Activation.None, default, stride), family: family);
        return y;
    }
}
