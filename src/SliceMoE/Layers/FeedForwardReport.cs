namespace SliceMoE.Layers;

/// <summary>
/// What a feed-forward layer's forward pass returns besides its output, for layers that have more to say than y (the
/// MoE family's routing statistics and auxiliary losses). Dense layers return null.
/// </summary>
/// <param name="AuxObjective">What the layer's auxiliary losses add to the training objective (0 if none).</param>
public abstract record FeedForwardReport(double AuxObjective);
