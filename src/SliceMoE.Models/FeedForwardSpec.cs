using System.Numerics;
using SliceMoE.Kernels.Activations;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe;

namespace SliceMoE.Models;

/// <summary>What goes in every block's FFN slot: a dense FFN, or an MoE layer (SliceMoE, TokenMoE when S = 1, any router).</summary>
/// <param name="Moe">The MoE configuration; null for a dense FFN.</param>
/// <param name="DenseHidden">Hidden width of a dense FFN (default 4d).</param>
/// <param name="Activation">Dense FFN nonlinearity.</param>
public sealed record FeedForwardSpec(MoeConfig? Moe = null, int? DenseHidden = null, Activation Activation = Activation.GeluErf)
{
    /// <summary>A dense FFN of hidden width <paramref name="hidden"/>.</summary>
    public static FeedForwardSpec Dense(int hidden) => new(null, hidden);

    /// <summary>An MoE layer.</summary>
    public static FeedForwardSpec Mixture(MoeConfig config) => new(config);

    /// <summary>"SliceMoE", "TokenMoE" or "Dense".</summary>
    public string Kind => Moe is null ? "Dense" : Moe.Slices == 1 ? "TokenMoE" : "SliceMoE";

    /// <summary>
    /// Whether each row's output depends on that row alone (a dense FFN, or top-k routing without capacity limits), so that
    /// incremental decoding, which sees one new token at a time, computes what a run over the whole sequence computes.
    /// SeqTopK, Expert Choice and USMoE rank rows against each other, and capacity drops depend on the other rows.
    /// </summary>
    public bool RoutesEachRowAlone => Moe is null || (Moe.Routing == RoutingMethod.TopK && Moe.CapacityFactor is null);

    /// <summary>Builds the layer for a model of width <paramref name="dim"/> under <paramref name="prefix"/>.</summary>
    public IFeedForward<T> Create<T>(ParameterStore<T> store, string prefix, int dim) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Moe is null)
        {
            return new DenseFfn<T>(store, dim, DenseHidden ?? (4 * dim), Activation, prefix);
        }

        if (Moe.ModelDim != dim)
        {
            throw new ArgumentException($"The MoE layer is configured for d = {Moe.ModelDim} but the model width is {dim}.");
        }

        return new MoeLayer<T>(Moe, store, prefix);
    }
}
