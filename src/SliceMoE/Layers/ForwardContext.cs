using SliceMoE.Numerics;

namespace SliceMoE.Layers;

/// <summary>
/// What a forward pass needs besides its input. Layer families with options of their own extend it (the MoE layers'
/// <c>MoeForwardContext</c>); a layer that does not know an extension ignores it, and <c>with</c> keeps it.
/// </summary>
/// <param name="Training">Training mode: dropout and training-only noise apply.</param>
/// <param name="Rng">Random stream for dropout and noise (required when either applies).</param>
public record ForwardContext(bool Training = false, Rng? Rng = null)
{
    /// <summary>Evaluation mode, no randomness.</summary>
    public static ForwardContext Evaluation { get; } = new();

    /// <summary>
    /// Evaluation mode with <see cref="GradEnabled"/> off, as under PyTorch's <c>torch.no_grad()</c>: for inference and
    /// validation, where no backward follows.
    /// </summary>
    public static ForwardContext NoGrad { get; } = new() { GradEnabled = false };

    /// <summary>
    /// Whether a backward may follow this forward (default). When false, layers skip what only the backward reads (the
    /// feed-forward layers' saved activation derivative, f'(x W1ᵀ + b1), as large as the hidden layer: 8x the dense
    /// layer's per token in SliceMoE with S = 8, k = 2) and a backward after the pass throws. The outputs are the same bits.
    /// </summary>
    public bool GradEnabled { get; init; } = true;
}
