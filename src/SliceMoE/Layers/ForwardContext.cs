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
