using System.Numerics;
using SliceMoE.Diagnostics;
using SliceMoE.Kernels.Activations;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe.Routing;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Moe;

/// <summary>
/// The SliceMoE layer (and TokenMoE, its S = 1 case). Each token's vector h ∈ ℝᵈ is cut into S slices of d/S
/// coordinates (contiguous, or after a fixed permutation); one router MLP (d/S → Hr → E, ReLU) shared by all slices
/// scores the experts; a selector picks (slice, expert) assignments; expert e receives p_e · slice (the gate multiplies
/// the expert's input, the paper's Eq. 1); a slice's expert outputs are summed and the slices concatenated back.
/// Dispatch is a counting sort by expert, a gather, two grouped GEMMs per direction and a deterministic combine
/// (each row sums its own assignments in rank order), so results are bit-identical at any thread count.
/// Parameters (PyTorch names): router.fc1.weight [Hr, d/S], router.fc1.bias [Hr], router.fc2.weight [E, Hr],
/// router.fc2.bias [E], experts.{e}.fc1.weight [He, d/S], experts.{e}.fc1.bias [He], experts.{e}.fc2.weight [d/S, He],
/// experts.{e}.fc2.bias [d/S].
/// </summary>
/// <typeparam name="T">float for training, double for gradient checks.</typeparam>
public sealed class MoeLayer<T> : IFeedForward<T>, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[]? _permutation;
    private readonly GrowableBuffer<T> _xs = new();
    private readonly GrowableBuffer<T> _routerHidden = new();
    private readonly GrowableBuffer<T> _logits = new();
    private readonly GrowableBuffer<T> _probs = new();
    private readonly GrowableBuffer<T> _scores = new();
    private readonly GrowableBuffer<T> _gathered = new();
    private readonly GrowableBuffer<T> _hiddenDerivative = new();
    private readonly GrowableBuffer<T> _hiddenAct = new();
    private readonly GrowableBuffer<T> _expertOut = new();
    private readonly GrowableBuffer<T> _rowsOut = new();
    private readonly GrowableBuffer<T> _gradA = new();
    private readonly GrowableBuffer<T> _gradB = new();
    private readonly GrowableBuffer<T> _gradRows = new();
    private int _tokens;
    private bool _canBackward;
    private AuxiliaryLosses? _aux;
    private int[] _counts = [];
    private double[] _logSumExp = [];
    private double _auxScale = 1;

    /// <summary>Declares the layer's parameters in <paramref name="store"/> under <paramref name="prefix"/> (e.g. "layers.0.ffn.").</summary>
    /// <exception cref="ArgumentException">When the configuration is invalid.</exception>
    public MoeLayer(MoeConfig config, ParameterStore<T> store, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(store);
        config.Validate();
        Config = config;
        Router1 = new Linear<T>(store, prefix + "router.fc1.", config.SliceDim, config.RouterHidden);
        Router2 = new Linear<T>(store, prefix + "router.fc2.", config.RouterHidden, config.Experts);
        Experts = new ExpertBank<T>(store, Enumerable.Range(0, config.Experts).Select(e => $"{prefix}experts.{e}.").ToArray(), config.SliceDim, config.ResolvedExpertHidden, config.Activation);
        if (config.SliceLayout == SliceLayout.Shuffled)
        {
            _permutation = Enumerable.Range(0, config.ModelDim).ToArray();
            new Rng(config.ShuffleSeed).Shuffle<int>(_permutation);
        }
    }

    /// <summary>The configuration.</summary>
    public MoeConfig Config { get; }

    /// <summary>Router fc1 (d/S → Hr, ReLU).</summary>
    public Linear<T> Router1 { get; }

    /// <summary>Router fc2 (Hr → E).</summary>
    public Linear<T> Router2 { get; }

    /// <summary>The E expert FFNs.</summary>
    public ExpertBank<T> Experts { get; }

    /// <summary>When set, forward and backward report their time per phase (router, dispatch, expert GEMMs, combine) into it.</summary>
    public PhaseTimer? Timer { get; set; }

    /// <summary>The last forward's routing decision (for inspection, e.g. the Expert Specialisation Score).</summary>
    public RoutingPlan<T> Plan { get; } = new();

    /// <summary>The last forward's router probabilities [N·S, E].</summary>
    public ReadOnlySpan<T> RouterProbabilities => _probs.Span;

    /// <summary>The last forward's slices [N·S, d/S] as the router and experts saw them (after the permutation of shuffled slices, before gating): row n·S + s is slice s of token n.</summary>
    public ReadOnlySpan<T> SliceInputs => _xs.Span;

    /// <summary>The coordinate permutation of shuffled slices (slice coordinate c reads input coordinate Permutation[c]), or null.</summary>
    public IReadOnlyList<int>? Permutation => _permutation;

    /// <inheritdoc />
    public int ModelDim => Config.ModelDim;

    /// <inheritdoc />
    public double FlopsPerToken
    {
        get
        {
            var c = Config;
            double expert = 4.0 * c.Slices * c.TopK * c.SliceDim * c.ResolvedExpertHidden;
            double router = 2.0 * c.Slices * ((c.SliceDim * c.RouterHidden) + (c.RouterHidden * c.Experts));
            return expert + router;
        }
    }

    /// <inheritdoc />
    public MoeForwardReport Forward(Tensor<T> x, Tensor<T> y, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(context);
        var c = Config;
        int n = CheckInput(x, nameof(x));
        if (!y.HasShape(n, c.ModelDim))
        {
            throw new ArgumentException($"The output must have shape [{n}, {c.ModelDim}] but has {y.ShapeText}.", nameof(y));
        }

        _tokens = n;
        _auxScale = context.AuxLossScale;
        int rows = n * c.Slices, e = c.Experts, ds = c.SliceDim;
        Timer?.Start();

        // 1. Slices: [N, d] viewed as [N·S, d/S] (after the fixed permutation for shuffled slices).
        var xs = _xs.Ensure(rows * ds);
        Permute(x.Span, xs, n, forward: true);

        // 2. Router: logits = fc2(ReLU(fc1(slice))), noise, softmax with temperature.
        var hidden = _routerHidden.Ensure(rows * c.RouterHidden);
        var logits = _logits.Ensure(rows * e);
        Router1.Forward(xs, hidden, rows, Activation.Relu);
        Router2.Forward(hidden, logits, rows);
        AddNoise(logits, context);
        var probs = _probs.Ensure(rows * e);
        Softmax.Forward<T>(logits, probs, rows, e, c.Temperature);
        Timer?.Lap("router");

        // 3. Selection, cross-slice dropout, gates, capacity, dispatch order.
        Select(probs, logits, rows, n, context);
        bool dropout = ApplyDropout(rows, context);
        Plan.ComputeGates(c.NormalizeTopK || dropout);
        if (c.CapacityFactor is double factor && c.Routing != RoutingMethod.ExpertChoice)
        {
            int active = Plan.CandidateCount - Plan.DroppedByDropout;
            Plan.ApplyCapacity((int)Math.Ceiling(factor * active / e));
        }

        Plan.BuildDispatch();
        int a = Plan.ActiveCount;

        // 4. Gather the gated slices (Eq. 1: the gate scales the expert's input) and run the experts.
        var gathered = _gathered.Ensure(a * ds);
        GatherGated(xs, gathered, ds);
        Timer?.Lap("dispatch");
        var hiddenDerivative = context.GradEnabled ? _hiddenDerivative.Ensure(a * Experts.Hidden) : [];
        var hiddenAct = _hiddenAct.Ensure(a * Experts.Hidden);
        var expertOut = _expertOut.Ensure(a * ds);
        Experts.Forward(gathered, Plan.ExpertOffsets, hiddenDerivative, hiddenAct, expertOut);
        Timer?.Lap("expert GEMMs");

        // 5. Combine: each row sums its own assignments in rank order (deterministic, no shared accumulation).
        var rowsOut = _rowsOut.Ensure(rows * ds);
        Combine(expertOut, rowsOut, ds);
        Permute(rowsOut, y.Span, n, forward: false);
        Timer?.Lap("combine");

        _counts = Plan.Counts();
        if (_logSumExp.Length < rows)
        {
            _logSumExp = new double[rows];
        }

        _aux = AuxiliaryLossMath.Compute<T>(probs, logits, c.Temperature, rows, e, _counts, c.CapacityAlpha, _logSumExp);
        _canBackward = context.GradEnabled;
        Timer?.Lap("dispatch");
        var stats = RoutingStatistics.FromCounts(_counts, c.CapacityAlpha, Plan.CandidateCount, Plan.DroppedByDropout, Plan.DroppedByCapacity, Plan.EmptyRows);
        return new MoeForwardReport(stats, _aux, _aux.Objective(AuxLossWeights.From(c)));
    }

    /// <summary>Backward with the configured auxiliary-loss weights, scaled by the forward context's <see cref="ForwardContext.AuxLossScale"/>.</summary>
    public void Backward(Tensor<T> dy, Tensor<T> dx, bool accumulate)
    {
        var w = AuxLossWeights.From(Config);
        Backward(dy, dx, accumulate, new AuxLossWeights(w.Importance * _auxScale, w.Switch * _auxScale, w.ZLoss * _auxScale));
    }

    /// <summary>Backward with explicit auxiliary-loss weights (<see cref="AuxLossWeights.None"/>: the output's gradient alone).</summary>
    /// <exception cref="InvalidOperationException">Without a preceding forward (one backward per forward).</exception>
    public void Backward(Tensor<T> dy, Tensor<T> dx, bool accumulate, AuxLossWeights weights)
    {
        ArgumentNullException.ThrowIfNull(dy);
        ArgumentNullException.ThrowIfNull(dx);
        if (!_canBackward)
        {
            throw new InvalidOperationException("Backward needs a forward pass with GradEnabled first (and runs once per forward: it reuses the forward's buffers).");
        }

        _canBackward = false;
        var c = Config;
        int n = _tokens, rows = n * c.Slices, e = c.Experts, ds = c.SliceDim, a = Plan.ActiveCount;
        dy.RequireShape("dy", n, c.ModelDim);
        dx.RequireShape("dx", n, c.ModelDim);
        Timer?.Start();

        // Upstream gradient per row, then per assignment (the combine is a plain sum: no scaling).
        var dRows = _gradRows.Ensure(rows * ds);
        Permute(dy.Span, dRows, n, forward: true);
        var dExpertOut = _gradA.Ensure(a * ds);
        RowGather.Gather<T>(dRows, ds, Plan.SortedRow, dExpertOut);
        Timer?.Lap("combine");

        // Experts: parameter gradients and the gradient of their (gated) inputs.
        var dGathered = _gradB.Ensure(a * ds);
        Experts.Backward(dExpertOut, _gathered.Span, Plan.ExpertOffsets, _hiddenDerivative.Span, _hiddenAct.Span, dGathered);
        Timer?.Lap("expert GEMMs");

        // Gates and slices: input_a = g_a · x_row  ⇒  dg_a = <d input_a, x_row>, dx_row = Σ_a g_a · d input_a.
        var xs = _xs.Span;
        var dxs = dRows; // the upstream row gradient is no longer needed
        var dGate = GateAndSliceGradients(xs, dGathered, dxs, ds);

        // Through the gate normalisation to the scores, then to probabilities and logits, plus auxiliary losses.
        var probs = _probs.Span;
        var dScores = _gradA.Ensure(rows * e, clear: true);
        ScoreGradients(dGate, dScores);
        var dLogits = _gradB.Ensure(rows * e, clear: true);
        if (c.Routing == RoutingMethod.Usmoe)
        {
            UsmoeScoreBackward(dScores, dLogits, rows);
        }

        AuxiliaryLossMath.AddProbabilityGradients(dScores, _aux!, rows, e, _counts, c.CapacityAlpha, weights);
        Softmax.Backward<T>(probs, dScores, dLogits, rows, e, c.Temperature, accumulate: true);
        AuxiliaryLossMath.AddZLossGradient<T>(dLogits, probs, _logSumExp, rows, e, c.Temperature, weights.ZLoss);
        Timer?.Lap("dispatch");

        // Router MLP: fc2 then ReLU then fc1; its input gradient adds to the slices'.
        var hidden = _routerHidden.Span;
        var dHidden = _expertOut.Ensure(rows * c.RouterHidden);
        Router2.Backward(hidden, dLogits, dHidden, rows, accumulateDx: false);
        Activations.Backward<T>(Activation.Relu, hidden, dHidden, dHidden);
        Router1.Backward(xs, dHidden, dxs, rows, accumulateDx: true);

        var dxSpan = dx.Span;
        if (accumulate)
        {
            var tmp = _gradA.Ensure(n * c.ModelDim);
            Permute(dxs, tmp, n, forward: false);
            System.Numerics.Tensors.TensorPrimitives.Add<T>(dxSpan, tmp, dxSpan);
        }
        else
        {
            Permute(dxs, dxSpan, n, forward: false);
        }

        Timer?.Lap("router");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in new[] { _xs, _routerHidden, _logits, _probs, _scores, _gathered, _hiddenDerivative, _hiddenAct, _expertOut, _rowsOut, _gradA, _gradB, _gradRows })
        {
            b.Dispose();
        }
    }

    MoeForwardReport? IFeedForward<T>.Forward(Tensor<T> x, Tensor<T> y, ForwardContext context) => Forward(x, y, context);

    private int CheckInput(Tensor<T> x, string name)
    {
        if (x.Rank != 2 || x.Dim(1) != Config.ModelDim)
        {
            throw new ArgumentException($"{name} must have shape [N, {Config.ModelDim}] but has {x.ShapeText}.", name);
        }

        return x.Dim(0);
    }

    /// <summary>forward: dst (slice order) = src (model order) permuted; backward: the inverse. A plain copy for contiguous slices.</summary>
    private void Permute(ReadOnlySpan<T> src, Span<T> dst, int n, bool forward)
    {
        if (_permutation is null)
        {
            src[..(n * Config.ModelDim)].CopyTo(dst);
            return;
        }

        int d = Config.ModelDim;
        for (int t = 0; t < n; t++)
        {
            var s = src.Slice(t * d, d);
            var o = dst.Slice(t * d, d);
            for (int j = 0; j < d; j++)
            {
                if (forward)
                {
                    o[j] = s[_permutation[j]];
                }
                else
                {
                    o[_permutation[j]] = s[j];
                }
            }
        }
    }

    private void AddNoise(Span<T> logits, ForwardContext context)
    {
        var c = Config;
        double sigma = context.RouterNoiseStd ?? c.RouterNoiseStd;
        bool apply = sigma > 0 && (context.RouterNoiseStd is not null || context.Training || c.RouterNoiseMode == RouterNoiseMode.Always);
        if (!apply)
        {
            return;
        }

        var rng = context.Rng ?? throw new ArgumentException("Router noise is enabled: the forward context needs an Rng.", nameof(context));
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] += T.CreateTruncating(sigma * rng.NextGaussian());
        }
    }

    private void Select(ReadOnlySpan<T> probs, ReadOnlySpan<T> logits, int rows, int tokens, ForwardContext context)
    {
        var c = Config;
        if (c.Routing == RoutingMethod.TopK)
        {
            Selectors.TopK(probs, rows, c.Experts, c.TopK, Plan);
            return;
        }

        int seq = context.SequenceLength ?? c.SequenceLength ?? tokens;
        if (seq <= 0 || tokens % seq != 0)
        {
            throw new ArgumentException($"{c.Routing} routing groups tokens by sequence: N = {tokens} is not a multiple of the sequence length {seq}.", nameof(context));
        }

        int rowsPerSeq = seq * c.Slices;
        int budget = rowsPerSeq * c.TopK;
        switch (c.Routing)
        {
            case RoutingMethod.SeqTopK:
                Selectors.SequenceTopK(probs, rows, c.Experts, rowsPerSeq, budget, c.SeqMinPerRow, c.SeqMaxPerRow ?? c.Experts, Plan);
                break;
            case RoutingMethod.Usmoe:
                var scores = _scores.Ensure(rows * c.Experts);
                UsmoeScores(probs, logits, scores);
                Selectors.SequenceTopK<T>(scores, rows, c.Experts, rowsPerSeq, budget, c.SeqMinPerRow, c.SeqMaxPerRow ?? c.Experts, Plan);
                break;
            case RoutingMethod.ExpertChoice:
                int capacity = Math.Max(1, (int)Math.Round((c.CapacityFactor ?? 1.0) * budget / c.Experts));
                Selectors.ExpertChoice(probs, rows, c.Experts, rowsPerSeq, capacity, Plan);
                break;
            default:
                throw new InvalidOperationException($"Unknown routing {c.Routing}.");
        }
    }

    /// <summary>USMoE: s = (1 − r)·softmax(z) + r·(2/E)·sigmoid(z), z = logits / τ.</summary>
    private void UsmoeScores(ReadOnlySpan<T> probs, ReadOnlySpan<T> logits, Span<T> scores)
    {
        double r = Config.UsmoeBlend, invT = 1 / Config.Temperature, k = 2.0 / Config.Experts;
        for (int i = 0; i < scores.Length; i++)
        {
            double z = double.CreateTruncating(logits[i]) * invT;
            scores[i] = T.CreateTruncating(((1 - r) * double.CreateTruncating(probs[i])) + (r * k / (1 + Math.Exp(-z))));
        }
    }

    /// <summary>dScores holds ∂L/∂s; splits it into the softmax part (left in dScores for the softmax backward) and the sigmoid part (added to dLogits).</summary>
    private void UsmoeScoreBackward(Span<T> dScores, Span<T> dLogits, int rows)
    {
        double r = Config.UsmoeBlend, invT = 1 / Config.Temperature, k = 2.0 / Config.Experts;
        var logits = _logits.Span;
        for (int i = 0; i < rows * Config.Experts; i++)
        {
            double ds = double.CreateTruncating(dScores[i]);
            double sig = 1 / (1 + Math.Exp(-double.CreateTruncating(logits[i]) * invT));
            dLogits[i] += T.CreateTruncating(ds * r * k * sig * (1 - sig) * invT);
            dScores[i] = T.CreateTruncating(ds * (1 - r));
        }
    }

    private bool ApplyDropout(int rows, ForwardContext context)
    {
        var c = Config;
        if (!context.Training || (c.SliceDropout <= 0 && context.KeepMask is null))
        {
            return false;
        }

        if (context.KeepMask is { } mask)
        {
            int k = c.TopK;
            if (mask.Count != rows * k)
            {
                throw new ArgumentException($"The keep mask has {mask.Count} entries but N·S·k = {rows * k} are needed ([N, S, k]).", nameof(context));
            }

            Plan.ApplyDropout((_, row, rank) => rank >= k
                ? throw new ArgumentException($"Row {row} has more than k = {k} candidates; an explicit keep mask needs top-k routing.", nameof(context))
                : mask[(row * k) + rank]);
            return true;
        }

        var rng = context.Rng ?? throw new ArgumentException("Cross-slice dropout is enabled: the forward context needs an Rng.", nameof(context));
        double rate = c.SliceDropout;
        Plan.ApplyDropout((_, _, _) => rng.NextDouble() >= rate);
        return true;
    }

    private void GatherGated(ReadOnlySpan<T> xs, Span<T> gathered, int ds)
    {
        var gate = Plan.Gate;
        var sortedCandidate = Plan.SortedCandidate;
        var scale = _gradRows.Ensure(Plan.ActiveCount);
        for (int p = 0; p < scale.Length; p++)
        {
            scale[p] = gate[sortedCandidate[p]];
        }

        RowGather.Gather<T>(xs, ds, Plan.SortedRow, gathered, scale);
    }

    private unsafe void Combine(ReadOnlySpan<T> expertOut, Span<T> rowsOut, int ds)
    {
        var plan = Plan;
        fixed (T* pe = expertOut, po = rowsOut)
        {
            T* e = pe, o = po;
            RowParallel.For(plan.Rows, 2 * ds, (r0, r1) =>
            {
                var starts = plan.RowStart;
                var toSorted = plan.CandidateToSorted;
                for (int r = r0; r < r1; r++)
                {
                    var row = new Span<T>(o + ((long)r * ds), ds);
                    row.Clear();
                    for (int i = starts[r]; i < starts[r + 1]; i++)
                    {
                        int p = toSorted[i];
                        if (p >= 0)
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add<T>(row, new ReadOnlySpan<T>(e + ((long)p * ds), ds), row);
                        }
                    }
                }
            });
        }
    }

    /// <summary>Per candidate: dg = &lt;d input, x_row&gt; (0 when inactive); dxs[row] = Σ g · d input over the row's active candidates, in rank order.</summary>
    private unsafe T[] GateAndSliceGradients(ReadOnlySpan<T> xs, ReadOnlySpan<T> dGathered, Span<T> dxs, int ds)
    {
        var plan = Plan;
        var dGate = new T[plan.CandidateCount];
        fixed (T* px = xs, pdg = dGathered, pdx = dxs)
        {
            T* x = px, dg = pdg, dx = pdx;
            RowParallel.For(plan.Rows, 4 * ds, (r0, r1) =>
            {
                var starts = plan.RowStart;
                var toSorted = plan.CandidateToSorted;
                var gate = plan.Gate;
                for (int r = r0; r < r1; r++)
                {
                    var xr = new ReadOnlySpan<T>(x + ((long)r * ds), ds);
                    var o = new Span<T>(dx + ((long)r * ds), ds);
                    o.Clear();
                    for (int i = starts[r]; i < starts[r + 1]; i++)
                    {
                        int p = toSorted[i];
                        if (p < 0)
                        {
                            continue;
                        }

                        var dIn = new ReadOnlySpan<T>(dg + ((long)p * ds), ds);
                        dGate[i] = System.Numerics.Tensors.TensorPrimitives.Dot<T>(dIn, xr);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<T>(dIn, gate[i], o, o);
                    }
                }
            });
        }

        return dGate;
    }

    /// <summary>
    /// Gate → score gradients. Without renormalisation g_a = s_a. With it, g_a = s_a / Z over the row's dropout survivors N,
    /// so for b ∈ N: ∂L/∂s_b = (dg_b·[b active] − Σ_{a active} dg_a g_a) / Z. Straight-through: only selected scores get gradient.
    /// </summary>
    private void ScoreGradients(ReadOnlySpan<T> dGate, Span<T> dScores)
    {
        int e = Config.Experts;
        var starts = Plan.RowStart;
        var expert = Plan.Expert;
        var active = Plan.Active;
        var kept = Plan.KeptByDropout;
        var gate = Plan.Gate;
        var norm = Plan.RowNorm;
        for (int r = 0; r < Plan.Rows; r++)
        {
            int s0 = starts[r], s1 = starts[r + 1];
            if (norm[r] == T.Zero)
            {
                for (int i = s0; i < s1; i++)
                {
                    if (active[i])
                    {
                        dScores[(r * e) + expert[i]] += dGate[i];
                    }
                }

                continue;
            }

            T dot = T.Zero;
            for (int i = s0; i < s1; i++)
            {
                if (active[i])
                {
                    dot += dGate[i] * gate[i];
                }
            }

            for (int i = s0; i < s1; i++)
            {
                if (kept[i])
                {
                    dScores[(r * e) + expert[i]] += ((active[i] ? dGate[i] : T.Zero) - dot) / norm[r];
                }
            }
        }
    }
}
