using SliceMoE.Layers;
using SliceMoE.Numerics;

namespace SliceMoE.Moe;

/// <summary>
/// A forward context with the MoE layers' per-pass options. A plain <see cref="ForwardContext"/> means every option
/// at its default; <see cref="Of"/> turns one into the other.
/// </summary>
/// <param name="Training">Training mode: dropout, cross-slice dropout and training-only router noise apply.</param>
/// <param name="Rng">Random stream for dropout and noise (required when either applies).</param>
/// <param name="SequenceLength">Tokens per sequence, for sequence-level routers (N must be a multiple).</param>
public sealed record MoeForwardContext(bool Training = false, Rng? Rng = null, int? SequenceLength = null) : ForwardContext(Training, Rng)
{
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
    /// evaluates one trained model under several σ this way. Needs <see cref="ForwardContext.Rng"/> when positive.
    /// </summary>
    public double? RouterNoiseStd { get; init; }

    /// <summary>
    /// The ranks that share this pass's batch (data or expert parallelism), or null for one process: the routing
    /// statistics and the auxiliary losses are then sums over all of them, so that the losses, their gradients, ELE and
    /// CV² are those of the whole batch, as one process would compute them.
    /// </summary>
    public Distributed.ICommunicator? Group { get; init; }

    /// <summary>
    /// Expert parallelism: the P ranks among which every MoE layer's experts are split (rank p of this group computes
    /// experts [p·E/P, (p+1)·E/P) for the whole group's tokens, which reach it by all-to-all), or null to compute every
    /// expert here. Its ranks must lie in <see cref="Group"/>, each with its own share of the batch; E must be a multiple of P.
    /// </summary>
    public Distributed.ICommunicator? ExpertGroup { get; init; }

    /// <summary><paramref name="context"/> itself if it is an MoE context, else the same pass with every MoE option at its default.</summary>
    public static MoeForwardContext Of(ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context as MoeForwardContext ?? new MoeForwardContext(context.Training, context.Rng) { GradEnabled = context.GradEnabled };
    }
}
