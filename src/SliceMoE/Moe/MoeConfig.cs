using SliceMoE.Kernels.Activations;

namespace SliceMoE.Moe;

/// <summary>How (row, expert) assignments are chosen from the router's scores.</summary>
public enum RoutingMethod
{
    /// <summary>The k most probable experts of every slice (or token, when S = 1).</summary>
    TopK,

    /// <summary>SeqTopK: within each sequence of T tokens, the T·S·k most probable (token, slice, expert) triples.</summary>
    SeqTopK,

    /// <summary>Expert Choice: each expert takes its top-capacity rows (per sequence); rows may get 0..E experts. Encoder only: it looks at the whole sequence.</summary>
    ExpertChoice,

    /// <summary>USMoE: the blended score (1 − r)·softmax + r·sigmoid·2/E, selected at sequence level like SeqTopK; the gate is the blended score.</summary>
    Usmoe,
}

/// <summary>Which coordinates form a slice.</summary>
public enum SliceLayout
{
    /// <summary>Slice s is coordinates [s·d/S, (s+1)·d/S), as in the paper.</summary>
    Contiguous,

    /// <summary>A fixed random permutation of the d coordinates, then contiguous slices (the paper's Figure 3 ablation).</summary>
    Shuffled,
}

/// <summary>When Gaussian noise is added to the router logits.</summary>
public enum RouterNoiseMode
{
    /// <summary>Only while training (the usual noisy-gating regularizer).</summary>
    TrainingOnly,

    /// <summary>Also at evaluation (the paper's Figure 4 robustness study).</summary>
    Always,
}

/// <summary>
/// Configuration of a SliceMoE layer (TokenMoE is the same layer with <see cref="Slices"/> = 1). Defaults follow the
/// paper: S = 8, k = 2, E = 16, router hidden 256, exact GELU, temperature 1, dropless top-k routing.
/// </summary>
public sealed record MoeConfig
{
    /// <summary>d: the width of the token vectors.</summary>
    public required int ModelDim { get; init; }

    /// <summary>S: slices per token (1 = TokenMoE). d must be divisible by S.</summary>
    public int Slices { get; init; } = 8;

    /// <summary>E: number of experts.</summary>
    public int Experts { get; init; } = 16;

    /// <summary>k: experts per slice (top-k); also sets the budget of SeqTopK/USMoE and Expert Choice's capacity.</summary>
    public int TopK { get; init; } = 2;

    /// <summary>He: expert hidden width. Default 4d/k, which matches a dense FFN of hidden 4d in active FLOPs for any S.</summary>
    public int? ExpertHidden { get; init; }

    /// <summary>Hr: router MLP hidden width (the paper's 256).</summary>
    public int RouterHidden { get; init; } = 256;

    /// <summary>Expert nonlinearity.</summary>
    public Activation Activation { get; init; } = Activation.GeluErf;

    /// <summary>Softmax temperature τ of the router (probabilities = softmax(logits / τ)).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>σ of Gaussian noise added to the router logits (0: none).</summary>
    public double RouterNoiseStd { get; init; }

    /// <summary>When the router noise applies.</summary>
    public RouterNoiseMode RouterNoiseMode { get; init; } = RouterNoiseMode.TrainingOnly;

    /// <summary>Contiguous or shuffled slices.</summary>
    public SliceLayout SliceLayout { get; init; } = SliceLayout.Contiguous;

    /// <summary>Seed of the fixed coordinate permutation of <see cref="SliceLayout.Shuffled"/>.</summary>
    public ulong ShuffleSeed { get; init; } = 20251004;

    /// <summary>Selection method.</summary>
    public RoutingMethod Routing { get; init; } = RoutingMethod.TopK;

    /// <summary>Divide each row's selected gates by their sum (off: the gate is the softmax probability itself, as in the paper's Eq. 1).</summary>
    public bool NormalizeTopK { get; init; }

    /// <summary>Cross-slice dropout rate while training: each assignment of a slice is dropped with this probability, never all of them; survivors are renormalised to sum 1.</summary>
    public double SliceDropout { get; init; }

    /// <summary>SeqTopK/USMoE floor: every row first gets its best this-many experts (default 0, as the public SeqTopK port: a slice may get no expert and then outputs zeros).</summary>
    public int SeqMinPerRow { get; init; }

    /// <summary>SeqTopK/USMoE cap on experts per row (default E: unbounded).</summary>
    public int? SeqMaxPerRow { get; init; }

    /// <summary>r of USMoE's blended score.</summary>
    public double UsmoeBlend { get; init; } = 0.5;

    /// <summary>
    /// Capacity factor c: each expert processes at most ⌈c · A / E⌉ assignments (A = assignments before the limit);
    /// overflow is dropped in priority order (lower rank first, then earlier rows) and counted. null = dropless (default).
    /// For Expert Choice it sets each expert's capacity c · T·S·k / E per sequence (default 1).
    /// </summary>
    public double? CapacityFactor { get; init; }

    /// <summary>α: weight of the differentiable slice-level capacity loss α·CV²(importance), and of the reported paper metric α·CV²(counts). The paper uses 0.05 (classification) and 0.1 (LM/MT).</summary>
    public double CapacityAlpha { get; init; } = 0.01;

    /// <summary>Weight of the Switch load-balancing loss E·Σ f_e P_e in the training objective (0: reported only).</summary>
    public double SwitchLossWeight { get; init; }

    /// <summary>Weight of the router z-loss mean(logsumexp(z)²) in the training objective (0: reported only).</summary>
    public double ZLossWeight { get; init; }

    /// <summary>Tokens per sequence for sequence-level routers; may also come with each forward call.</summary>
    public int? SequenceLength { get; init; }

    /// <summary>d / S.</summary>
    public int SliceDim => ModelDim / Slices;

    /// <summary>He, resolved.</summary>
    public int ResolvedExpertHidden => ExpertHidden ?? Math.Max(1, 4 * ModelDim / TopK);

    /// <summary>The TokenMoE baseline: the same layer with one slice.</summary>
    public MoeConfig AsTokenMoe() => this with { Slices = 1 };

    /// <summary>Throws a clear error for an impossible configuration.</summary>
    /// <exception cref="ArgumentException">Naming the field, the value and the fix.</exception>
    public void Validate()
    {
        Require(ModelDim > 0, nameof(ModelDim), $"must be positive, not {ModelDim}");
        Require(Slices > 0, nameof(Slices), $"must be positive, not {Slices}");
        Require(ModelDim % Slices == 0, nameof(Slices), $"must divide the model dimension: d = {ModelDim} is not divisible by S = {Slices} (choose S among the divisors of d)");
        Require(Experts > 0, nameof(Experts), $"must be positive, not {Experts}");
        Require(TopK >= 1 && TopK <= Experts, nameof(TopK), $"must be in [1, E = {Experts}], not {TopK}");
        Require(ResolvedExpertHidden > 0, nameof(ExpertHidden), $"must be positive, not {ResolvedExpertHidden}");
        Require(RouterHidden > 0, nameof(RouterHidden), $"must be positive, not {RouterHidden}");
        Require(Temperature > 0 && double.IsFinite(Temperature), nameof(Temperature), $"must be positive and finite, not {Temperature}");
        Require(RouterNoiseStd >= 0 && double.IsFinite(RouterNoiseStd), nameof(RouterNoiseStd), $"must be ≥ 0, not {RouterNoiseStd}");
        Require(SliceDropout >= 0 && SliceDropout < 1, nameof(SliceDropout), $"must be in [0, 1), not {SliceDropout}");
        Require(SeqMinPerRow >= 0 && SeqMinPerRow <= TopK, nameof(SeqMinPerRow), $"must be in [0, k = {TopK}] so the budget T·S·k can be met, not {SeqMinPerRow}");
        Require(SeqMaxPerRow is null || (SeqMaxPerRow >= Math.Max(TopK, 1) && SeqMaxPerRow <= Experts), nameof(SeqMaxPerRow), $"must be in [k = {TopK}, E = {Experts}], not {SeqMaxPerRow}");
        Require(UsmoeBlend >= 0 && UsmoeBlend <= 1, nameof(UsmoeBlend), $"must be in [0, 1], not {UsmoeBlend}");
        Require(CapacityFactor is null || CapacityFactor > 0, nameof(CapacityFactor), $"must be positive (or null for dropless), not {CapacityFactor}");
        Require(CapacityAlpha >= 0, nameof(CapacityAlpha), $"must be ≥ 0, not {CapacityAlpha}");
        Require(SequenceLength is null || SequenceLength > 0, nameof(SequenceLength), $"must be positive, not {SequenceLength}");
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"MoE configuration: {field} {message}.", field);
        }
    }
}
