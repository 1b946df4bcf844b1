using SliceMoE.Layers;

namespace SliceMoE.Moe;

/// <summary>What an MoE layer's forward pass returns besides its output: load statistics and auxiliary losses (never global state).</summary>
/// <param name="Statistics">Routing statistics of this call.</param>
/// <param name="Aux">Auxiliary loss values of this call.</param>
/// <param name="AuxObjective">What the auxiliary losses add to the training objective with the layer's weights.</param>
public sealed record MoeForwardReport(RoutingStatistics Statistics, AuxiliaryLosses Aux, double AuxObjective) : FeedForwardReport(AuxObjective);
