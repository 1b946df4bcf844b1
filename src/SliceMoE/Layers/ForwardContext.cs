using SliceMoE.Numerics;

namespace SliceMoE.Layers;

/// <summary>What a forward pass needs besides its input.</summary>
/// <param name="Training">Training mode: dropout and training-only router noise apply.</param>
/// <param name="Rng">Random stream for dropout and noise (required when either applies).</param>
/// <param name="SequenceLength">Tokens per sequence, for sequence-level routers (N must be a multiple).</param>
public sealed record ForwardContext(bool Training = false, Rng? Rng = null, int? SequenceLength = null)
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

    /// <summary>
    /// An explicit cross-slice dropout pattern: KeepMask[(n·S + s)·k + j] keeps the j-th ranked choice of slice s of
    /// token n (rows with more than k candidates are not supported with an explicit mask). Implies dropout is applied.
    /// </summary>
    public IReadOnlyList<bool>? KeepMask { get; init; }

    /// <summary>
    /// Multiplier of the auxiliary losses' gradients in this pass's backward (gradient accumulation over m micro-batches
    /// scales every loss, the auxiliary ones included, by 1/m).
    /// </summary>
    public double AuxLossScale { get; init; } = 1.0;

    /// <summary>
    /// When set, every MoE layer adds Gaussian noise of this σ to its router logits in this pass, in training and
    /// evaluation alike, instead of its configured noise (0 turns noise off). The robustness study (the paper's Figure 4)
    /// evaluates one trained model under several σ this way. Needs <see cref="Rng"/> when positive.
    /// </summary>
    public double? RouterNoiseStd { get; init; }
}
