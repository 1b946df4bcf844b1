namespace SliceMoE.Models;

/// <summary>
/// The parts a model's step reports to its <c>Timer</c> (a <see cref="Diagnostics.PhaseTimer"/>), forward and backward of
/// a part under the same name. MoE layers in the FFN slot report their own phases ("router", "dispatch", "expert GEMMs",
/// "combine", "aux", "all-to-all") instead of <see cref="Ffn"/>.
/// </summary>
public static class ModelPhases
{
    /// <summary>Token and position lookups (and the embedding projection, where there is one), and their backward.</summary>
    public const string Embedding = "embedding";

    /// <summary>Self- and cross-attention: q/k/v/out projections, the batched score and value GEMMs, the softmax.</summary>
    public const string Attention = "attention";

    /// <summary>Every layer norm (before each branch, and the final one).</summary>
    public const string LayerNorm = "layer norm";

    /// <summary>Residual adds, gradient copies and dropout.</summary>
    public const string ResidualDropout = "residual+dropout";

    /// <summary>A dense FFN in the FFN slot.</summary>
    public const string Ffn = "ffn";

    /// <summary>The output layer: the tied logits GEMMs (language model, translator), or pooling and the head (classifier).</summary>
    public const string Output = "output";

    /// <summary>Cross-entropy (forward and its gradient, in one pass) and the argmax for accuracy.</summary>
    public const string Loss = "loss";
}
