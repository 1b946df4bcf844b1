using SliceMoE.Kernels.Activations;
using SliceMoE.Models;
using SliceMoE.Moe;

namespace SliceMoE.Tests.Onnx;

/// <summary>Every router the MoE layer has, with the settings and edge cases that change what it computes at inference.</summary>
internal static class RouterCases
{
    public const int Dim = 8;

    public static readonly Dictionary<string, FeedForwardSpec> All = new(StringComparer.Ordinal)
    {
        ["dense"] = FeedForwardSpec.Dense(12),
        ["dense-relu"] = new FeedForwardSpec(null, 12, Activation.Relu),
        ["topk"] = Moe(new() { ModelDim = Dim }),
        ["topk-shuffled"] = Moe(new() { ModelDim = Dim, SliceLayout = SliceLayout.Shuffled }),
        ["topk-normalized"] = Moe(new() { ModelDim = Dim, NormalizeTopK = true }),
        ["topk-k-equals-e"] = Moe(new() { ModelDim = Dim, TopK = 4 }),
        ["topk-temperature-tanh"] = Moe(new() { ModelDim = Dim, Temperature = 0.7, Activation = Activation.GeluTanh }),
        ["tokenmoe"] = Moe(new() { ModelDim = Dim, Slices = 1 }),
        ["one-expert"] = Moe(new() { ModelDim = Dim, Experts = 1, TopK = 1 }),
        ["s-equals-d"] = Moe(new() { ModelDim = Dim, Slices = 8, TopK = 1 }),
        ["topk-capacity"] = Moe(new() { ModelDim = Dim, CapacityFactor = 0.5 }),
        ["topk-capacity-1.1"] = Moe(new() { ModelDim = Dim, CapacityFactor = 1.1, NormalizeTopK = true }),
        ["seqtopk"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.SeqTopK }),
        ["seqtopk-floor-cap"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.SeqTopK, SeqMinPerRow = 1, SeqMaxPerRow = 3, NormalizeTopK = true }),
        ["seqtopk-floor-k"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.SeqTopK, SeqMinPerRow = 2 }),
        ["seqtopk-capacity"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.SeqTopK, CapacityFactor = 0.75 }),
        ["usmoe"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.Usmoe }),
        ["usmoe-floor-cap-blend"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.Usmoe, SeqMinPerRow = 1, SeqMaxPerRow = 2, UsmoeBlend = 0.8, Temperature = 1.5 }),
        ["expert-choice"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.ExpertChoice }),
        ["expert-choice-small"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.ExpertChoice, CapacityFactor = 0.1, NormalizeTopK = true }),
        ["expert-choice-large"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.ExpertChoice, CapacityFactor = 9 }),
        ["expert-choice-half"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.ExpertChoice, CapacityFactor = 0.625 }),

        // c·T·S·k/E = 2.5 at T = 5 and 0.5 at T = 1: Math.Round's half-to-even gives 2 and 0 (then the floor of 1), as ONNX's Round.
        ["expert-choice-round-half-even"] = Moe(new() { ModelDim = Dim, Routing = RoutingMethod.ExpertChoice, CapacityFactor = 0.25 }),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>The per-row routers (what cached decoding allows).</summary>
    public static TheoryData<string> RowWise()
    {
        var data = new TheoryData<string>();
        foreach (var (name, spec) in All)
        {
            if (spec.RoutesEachRowAlone)
            {
                data.Add(name);
            }
        }

        return data;
    }

    private static FeedForwardSpec Moe(MoeConfig c) =>
        FeedForwardSpec.Mixture(c with { Slices = c.Slices == 8 && c.TopK != 1 ? 4 : c.Slices, Experts = c.Experts == 16 ? 4 : c.Experts, ExpertHidden = 6, RouterHidden = 8 });
}
