using SliceMoE.Compute;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Moe;

[Collection(SerialCollection.Name)]
public class MoeEquivalenceTests
{
    public static TheoryData<string> Routers => new() { "topk", "seq-topk", "expert-choice", "usmoe", "capacity", "dropout", "shuffled" };

    private static (MoeConfig, ForwardContext) Setup(string name)
    {
        var c = new MoeConfig { ModelDim = 48, Slices = 4, Experts = 6, TopK = 2, ExpertHidden = 20, RouterHidden = 16 };
        return name switch
        {
            "topk" => (c, ForwardContext.Evaluation),
            "seq-topk" => (c with { Routing = RoutingMethod.SeqTopK, SequenceLength = 5 }, ForwardContext.Evaluation),
            "expert-choice" => (c with { Routing = RoutingMethod.ExpertChoice, SequenceLength = 10 }, ForwardContext.Evaluation),
            "usmoe" => (c with { Routing = RoutingMethod.Usmoe, SequenceLength = 5 }, ForwardContext.Evaluation),
            "capacity" => (c with { CapacityFactor = 0.7 }, ForwardContext.Evaluation),
            "dropout" => (c with { SliceDropout = 0.4 }, MoeTestLayers.Training(5)),
            "shuffled" => (c with { SliceLayout = SliceLayout.Shuffled }, ForwardContext.Evaluation),
            _ => throw new ArgumentException(name),
        };
    }

    /// <summary>
    /// Grouped dispatch against a double loop over every (row, expert) pair with the same routing decision.
    /// float32: the grouped GEMMs accumulate 20-40 products per value, so 2e-5 relative + 1e-6 absolute.
    /// </summary>
    [Theory]
    [MemberData(nameof(Routers))]
    public void Grouped_dispatch_equals_a_naive_loop_over_every_row_and_expert(string router)
    {
        var (config, context) = Setup(router);
        var (store, layer) = MoeTestLayers.Create<float>(config, seed: 4);
        using (store)
        using (layer)
        {
            using var x = MoeTestLayers.Random<float>(new Rng(1), 2, 20, config.ModelDim);
            using var y = new Tensor<float>(20, config.ModelDim);
            var report = layer.Forward(x, y, context);
            var expected = NaiveMoe.Forward(layer, x.Span, layer.Plan);
            Tolerance.AssertClose(y.Span, expected, 2e-5, 1e-6, router);
            Assert.Equal(report.Statistics.Active, report.Statistics.Counts.Sum());
        }
    }

    [Fact]
    public void One_expert_with_k_1_and_gate_1_equals_the_dense_ffn_bit_for_bit()
    {
        var config = new MoeConfig { ModelDim = 32, Slices = 1, Experts = 1, TopK = 1, ExpertHidden = 64, RouterHidden = 8 };
        var (moeStore, moe) = MoeTestLayers.Create<float>(config, 5);
        using var denseStore = new ParameterStore<float>();
        using var dense = new DenseFfn<float>(denseStore, 32, 64);
        denseStore.Allocate(6);
        MoeTestLayers.CopyParameters(moeStore, denseStore, n => n.StartsWith("experts.0.", StringComparison.Ordinal) ? n["experts.0.".Length..] : null);
        using (moeStore)
        using (moe)
        {
            var rng = new Rng(2);
            using var x = MoeTestLayers.Random<float>(rng, 1, 40, 32);
            using var g = MoeTestLayers.Random<float>(rng, 1, 40, 32);
            using var y1 = new Tensor<float>(40, 32);
            using var y2 = new Tensor<float>(40, 32);
            moe.Forward(x, y1, ForwardContext.Evaluation);
            dense.Forward(x, y2, ForwardContext.Evaluation);
            Tolerance.AssertBitwiseEqual(y1.Span, y2.Span, "output");
            using var dx1 = new Tensor<float>(40, 32);
            using var dx2 = new Tensor<float>(40, 32);
            moe.Backward(g, dx1, false, AuxLossWeights.None);
            dense.Backward(g, dx2, false);
            Tolerance.AssertBitwiseEqual(dx1.Span, dx2.Span, "input gradient");
            foreach (var p in denseStore.Parameters)
            {
                Tolerance.AssertBitwiseEqual(moeStore["experts.0." + p.Name].Grad.Span, p.Grad.Span, p.Name);
            }
        }
    }

    /// <summary>S slices of width d/S are S tokens of a TokenMoE of width d/S: the same layer, reshaped.</summary>
    [Fact]
    public void A_slice_moe_equals_a_token_moe_over_the_reshaped_slices()
    {
        var slice = new MoeConfig { ModelDim = 48, Slices = 4, Experts = 6, TopK = 2, ExpertHidden = 20, RouterHidden = 16 };
        var token = slice with { ModelDim = 12, Slices = 1 };
        var (sStore, sLayer) = MoeTestLayers.Create<float>(slice, 7);
        var (tStore, tLayer) = MoeTestLayers.Create<float>(token, 8);
        MoeTestLayers.CopyParameters(sStore, tStore);
        using (sStore)
        using (sLayer)
        using (tStore)
        using (tLayer)
        {
            using var x = MoeTestLayers.Random<float>(new Rng(3), 1, 30, 48);
            using var g = MoeTestLayers.Random<float>(new Rng(4), 1, 30, 48);
            using var y = new Tensor<float>(30, 48);
            using var yt = new Tensor<float>(120, 12);
            var sReport = sLayer.Forward(x, y, ForwardContext.Evaluation);
            var tReport = tLayer.Forward(x.Reshape(120, 12), yt, ForwardContext.Evaluation);
            Tolerance.AssertBitwiseEqual(y.Span, yt.Span, "output");
            Assert.Equal(sReport.Statistics.Counts, tReport.Statistics.Counts);
            using var dx = new Tensor<float>(30, 48);
            using var dxt = new Tensor<float>(120, 12);
            sLayer.Backward(g, dx, false);
            tLayer.Backward(g.Reshape(120, 12), dxt, false);
            Tolerance.AssertBitwiseEqual(dx.Span, dxt.Span, "input gradient");
            Tolerance.AssertBitwiseEqual(sStore.Gradients.Span, tStore.Gradients.Span, "parameter gradients");
        }
    }

    [Fact]
    public void Dropless_equals_a_capacity_that_drops_nothing()
    {
        var config = new MoeConfig { ModelDim = 48, Slices = 4, Experts = 6, TopK = 2, ExpertHidden = 20, RouterHidden = 16 };
        float[] Run(MoeConfig c, out int dropped)
        {
            var (store, layer) = MoeTestLayers.Create<float>(c, 9);
            using (store)
            using (layer)
            {
                using var x = MoeTestLayers.Random<float>(new Rng(5), 1, 25, 48);
                using var g = MoeTestLayers.Random<float>(new Rng(6), 1, 25, 48);
                using var y = new Tensor<float>(25, 48);
                using var dx = new Tensor<float>(25, 48);
                dropped = layer.Forward(x, y, ForwardContext.Evaluation).Statistics.DroppedByCapacity;
                layer.Backward(g, dx, false);
                return [.. y.ToArray(), .. dx.ToArray(), .. store.Gradients.ToArray()];
            }
        }

        var dropless = Run(config, out _);
        var roomy = Run(config with { CapacityFactor = config.Experts }, out int none);
        Assert.Equal(0, none);
        Tolerance.AssertBitwiseEqual(roomy, dropless, "capacity factor E vs dropless");
        Run(config with { CapacityFactor = 0.5 }, out int some);
        Assert.True(some > 0, "a capacity factor of 0.5 must drop assignments");
    }

    [Fact]
    public void Float_and_double_layers_agree()
    {
        var config = new MoeConfig { ModelDim = 64, Slices = 8, Experts = 8, TopK = 2, ExpertHidden = 32, RouterHidden = 32 };
        var (fStore, fLayer) = MoeTestLayers.Create<float>(config, 10);
        var (dStore, dLayer) = MoeTestLayers.Create<double>(config, 10);
        MoeTestLayers.CopyParameters(fStore, dStore);
        using (fStore)
        using (fLayer)
        using (dStore)
        using (dLayer)
        {
            using var xf = MoeTestLayers.Random<float>(new Rng(7), 1, 16, 64);
            using var xd = new Tensor<double>(16, 64);
            for (int i = 0; i < xf.Length; i++)
            {
                xd.Span[i] = xf.Span[i];
            }

            using var yf = new Tensor<float>(16, 64);
            using var yd = new Tensor<double>(16, 64);
            fLayer.Forward(xf, yf, ForwardContext.Evaluation);
            dLayer.Forward(xd, yd, ForwardContext.Evaluation);
            Tolerance.AssertClose(yf.Span, yd.ToArray(), 1e-5, 1e-6, "float vs double");
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_bits_at_one_and_two_threads()
    {
        var config = new MoeConfig
        {
            ModelDim = 128, Slices = 8, Experts = 8, TopK = 2, ExpertHidden = 64, RouterHidden = 64,
            SliceDropout = 0.2, RouterNoiseStd = 0.1, SwitchLossWeight = 0.01, ZLossWeight = 0.001,
        };
        float[] Run(int threads)
        {
            int saved = ComputeThreads.Count;
            ComputeThreads.Count = threads;
            try
            {
                var (store, layer) = MoeTestLayers.Create<float>(config, 11);
                using (store)
                using (layer)
                {
                    using var x = MoeTestLayers.Random<float>(new Rng(8), 1, 600, 128);
                    using var g = MoeTestLayers.Random<float>(new Rng(9), 1, 600, 128);
                    using var y = new Tensor<float>(600, 128);
                    using var dx = new Tensor<float>(600, 128);
                    layer.Forward(x, y, MoeTestLayers.Training(12));
                    layer.Backward(g, dx, false);
                    return [.. y.ToArray(), .. dx.ToArray(), .. store.Gradients.ToArray()];
                }
            }
            finally
            {
                ComputeThreads.Count = saved;
            }
        }

        Tolerance.AssertBitwiseEqual(Run(2), Run(1), "two threads vs one");
    }
}
