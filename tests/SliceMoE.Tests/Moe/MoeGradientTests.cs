using SliceMoE.Diagnostics;
using SliceMoE.Kernels.Activations;
using SliceMoE.Layers;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Tests.Moe;

/// <summary>
/// Finite differences in float64 against the layer's backward, for every router and option. The loss is
/// Σ y ⊙ g plus the auxiliary objective with non-zero weights, so the auxiliary gradients are checked too.
/// Routing is piecewise constant; with h = 1e-6 and random inputs no decision flips (a flip would show as a huge error).
/// </summary>
public class MoeGradientTests
{
    public static TheoryData<string> Variants => new()
    {
        "topk", "topk-normalized", "topk-dropout-mask", "topk-random-dropout", "seq-topk", "seq-topk-floor-cap",
        "expert-choice", "usmoe", "capacity", "shuffled", "temperature-noise", "token-moe", "relu", "gelu-tanh",
    };

    private static (MoeConfig Config, Func<ForwardContext> Context) Variant(string name, int tokens)
    {
        var c = MoeTestLayers.Small(c => c with { SwitchLossWeight = 0.3, ZLossWeight = 0.2 });
        var eval = () => ForwardContext.Evaluation;
        return name switch
        {
            "topk" => (c, eval),
            "topk-normalized" => (c with { NormalizeTopK = true }, eval),
            "topk-dropout-mask" => (c, () => new MoeForwardContext(true) { KeepMask = Enumerable.Range(0, tokens * 3 * 2).Select(i => i % 3 != 1).ToArray() }),
            "topk-random-dropout" => (c with { SliceDropout = 0.5 }, () => MoeTestLayers.Training(7)),
            "seq-topk" => (c with { Routing = RoutingMethod.SeqTopK, SequenceLength = 3 }, eval),
            "seq-topk-floor-cap" => (c with { Routing = RoutingMethod.SeqTopK, SequenceLength = 3, SeqMinPerRow = 1, SeqMaxPerRow = 3 }, eval),
            "expert-choice" => (c with { Routing = RoutingMethod.ExpertChoice, SequenceLength = 6 }, eval),
            "usmoe" => (c with { Routing = RoutingMethod.Usmoe, SequenceLength = 3, UsmoeBlend = 0.4 }, eval),
            "capacity" => (c with { CapacityFactor = 0.6 }, eval),
            "shuffled" => (c with { SliceLayout = SliceLayout.Shuffled }, eval),
            "temperature-noise" => (c with { Temperature = 0.5, RouterNoiseStd = 0.3, RouterNoiseMode = RouterNoiseMode.Always }, () => MoeTestLayers.Training(9)),
            "token-moe" => (c with { Slices = 1, ExpertHidden = 7 }, eval),
            "relu" => (c with { Activation = Activation.Relu }, eval),
            "gelu-tanh" => (c with { Activation = Activation.GeluTanh }, eval),
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Backward_passes_finite_differences(string variant)
    {
        const int Tokens = 6;
        var (config, context) = Variant(variant, Tokens);
        var (store, layer) = MoeTestLayers.Create<double>(config, seed: 3);
        using (store)
        using (layer)
        {
            var rng = new Rng(11);
            using var x = MoeTestLayers.Random<double>(rng, 1.5, Tokens, config.ModelDim);
            using var g = MoeTestLayers.Random<double>(rng, 1.0, Tokens, config.ModelDim);
            using var y = new Tensor<double>(Tokens, config.ModelDim);
            var weights = AuxLossWeights.From(config);

            double Loss()
            {
                var report = layer.Forward(x, y, context());
                double s = 0;
                var ys = y.Span;
                var gs = g.Span;
                for (int i = 0; i < ys.Length; i++)
                {
                    s += ys[i] * gs[i];
                }

                return s + report.Aux.Objective(weights);
            }

            Loss();
            using var dx = new Tensor<double>(Tokens, config.ModelDim);
            store.ZeroGradients();
            layer.Backward(g, dx, accumulate: false);
            var analyticDx = dx.ToArray();
            var analytic = store.Gradients.ToArray();

            var results = new List<GradientCheckResult>
            {
                GradientCheck.Compare($"{variant} input", x.Span, analyticDx, Loss, 1e-6, 1e-8),
            };
            foreach (var p in store.Parameters)
            {
                results.Add(GradientCheck.Compare($"{variant} {p.Name}", p.Value.Span, analytic.AsSpan((int)p.Offset, (int)p.Length), Loss, 1e-6, 1e-8, new GradientCheckOptions(MaxCoordinates: 12)));
            }

            var failed = results.Where(r => !r.Passed).ToList();
            Assert.True(failed.Count == 0, string.Join("\n", failed));
        }
    }
}
