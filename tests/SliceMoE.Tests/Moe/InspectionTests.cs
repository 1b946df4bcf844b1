using SliceMoE.Layers;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Tests.Moe;

/// <summary>What the reproduction's analyses read from a layer: per-pass router noise and the slices as routed.</summary>
public class InspectionTests
{
    [Fact]
    public void A_per_pass_noise_override_applies_at_evaluation_and_matches_the_configured_noise()
    {
        var config = MoeTestLayers.Small();
        var (store, layer) = MoeTestLayers.Create<double>(config);
        var (noisyStore, noisy) = MoeTestLayers.Create<double>(config with { RouterNoiseStd = 0.7, RouterNoiseMode = RouterNoiseMode.Always });
        using var x = MoeTestLayers.Random<double>(new Rng(3), 1.0, 10, 12);
        using var clean = new Tensor<double>(10, 12);
        using var overridden = new Tensor<double>(10, 12);
        using var configured = new Tensor<double>(10, 12);

        layer.Forward(x, clean, ForwardContext.Evaluation);
        var cleanProbs = layer.RouterProbabilities.ToArray();
        layer.Forward(x, overridden, new MoeForwardContext(false, new Rng(5)) { RouterNoiseStd = 0.7 });
        noisy.Forward(x, configured, new ForwardContext(false, new Rng(5)));

        Assert.NotEqual(cleanProbs, layer.RouterProbabilities.ToArray());
        Assert.Equal(configured.ToArray(), overridden.ToArray());

        // σ = 0 turns the configured noise off for the pass.
        using var silenced = new Tensor<double>(10, 12);
        noisy.Forward(x, silenced, new MoeForwardContext(true, new Rng(5)) { RouterNoiseStd = 0 });
        Assert.Equal(cleanProbs, noisy.RouterProbabilities.ToArray());
        store.Dispose();
        noisyStore.Dispose();
    }

    [Fact]
    public void Slice_inputs_are_the_rows_the_router_saw_in_the_permuted_order()
    {
        var config = MoeTestLayers.Small(c => c with { SliceLayout = SliceLayout.Shuffled });
        var (store, layer) = MoeTestLayers.Create<double>(config);
        using var x = MoeTestLayers.Random<double>(new Rng(4), 1.0, 2, 12);
        using var y = new Tensor<double>(2, 12);
        layer.Forward(x, y, ForwardContext.Evaluation);
        var slices = layer.SliceInputs.ToArray();
        Assert.Equal(2 * 12, slices.Length);
        var perm = layer.Permutation!;
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 12; c++)
            {
                // Row n·S + s holds coordinates s·d/S .. of token n after the permutation.
                Assert.Equal(x.Span[(n * 12) + perm[c]], slices[(n * 12) + c]);
            }
        }

        store.Dispose();
    }
}
