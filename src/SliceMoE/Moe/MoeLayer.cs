using System.Numerics;
using SliceMoE.Diagnostics;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe.Parallel;
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
    private readonly AssignmentSelection<T> _selection;

    // Saved by the forward ([shape], R = N·S rows, A = active assignments, C = candidates, M = rows this process's
    // experts compute: M = A in one process; under expert parallelism, the rows every rank of the group sent here).
    private readonly GrowableBuffer<T> _slices = new();                  // [R, d/S]
    private readonly GrowableBuffer<T> _expertIn = new();                // [M, d/S]: gated slices, expert by expert
    private readonly GrowableBuffer<T> _expertHiddenDerivative = new();  // [M, He]: f'(pre-activation), with gradients only
    private readonly GrowableBuffer<T> _expertHidden = new();            // [M, He]
    private readonly GrowableBuffer<T> _expertOut = new();               // [M, d/S]
    private readonly GrowableBuffer<T> _sentIn = new();                  // [A, d/S]: expert parallel only, this rank's gated slices
    private readonly GrowableBuffer<T> _returnedOut = new();             // [A, d/S]: expert parallel only, their outputs, back
    private readonly GrowableBuffer<T> _sliceOut = new();                // [R, d/S]: combined expert outputs
    private double[] _logSumExp = [];                                    // [R]: for the z-loss gradient

    // Written by the backward.
    private readonly GrowableBuffer<T> _dSliceOut = new();               // [R, d/S]
    private readonly GrowableBuffer<T> _dExpertOut = new();              // [A, d/S]
    private readonly GrowableBuffer<T> _dExpertIn = new();               // [A, d/S]
    private readonly GrowableBuffer<T> _ownDExpertOut = new();           // [M, d/S]: expert parallel only, dExpertOut of the rows computed here
    private readonly GrowableBuffer<T> _ownDExpertIn = new();            // [M, d/S]: expert parallel only, their dExpertIn
    private readonly GrowableBuffer<T> _dGate = new();                   // [C]
    private readonly GrowableBuffer<T> _dSlices = new();                 // [R, d/S]
    private readonly GrowableBuffer<T> _dScores = new();                 // [R, E]: the selector's scores (probabilities)
    private readonly GrowableBuffer<T> _dLogits = new();                 // [R, E]
    private readonly GrowableBuffer<T> _dInput = new();                  // [N, d]: only when the backward accumulates into dx

    private int _tokens;
    private bool _canBackward;
    private AuxiliaryLosses? _aux;
    private int[] _counts = [];
    private long _batchRows;
    private double _auxScale = 1;
    private ExpertExchange<T>? _exchange; // made by the first forward under expert parallelism
    private bool _expertParallelPass;     // whether the last forward used it (so its backward does)

    /// <summary>Declares the layer's parameters in <paramref name="store"/> under <paramref name="prefix"/> (e.g. "layers.0.ffn.").</summary>
    /// <exception cref="ArgumentException">When the configuration is invalid.</exception>
    public MoeLayer(MoeConfig config, ParameterStore<T> store, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(store);
        config.Validate();
        Config = config;
        Router = new RouterNetwork<T>(store, prefix, config);
        Experts = new FeedForwardBank<T>(store, Enumerable.Range(0, config.Experts).Select(e => $"{prefix}experts.{e}.").ToArray(), config.SliceDim, config.ResolvedExpertHidden, config.Activation);
        _selection = new AssignmentSelection<T>(config);
        if (config.SliceLayout == SliceLayout.Shuffled)
        {
            _permutation = Enumerable.Range(0, config.ModelDim).ToArray();
            new Rng(config.ShuffleSeed).Shuffle<int>(_permutation);
        }
    }

    /// <summary>The configuration.</summary>
    public MoeConfig Config { get; }

    /// <summary>The router MLP (d/S → Hr → E) shared by every slice.</summary>
    public RouterNetwork<T> Router { get; }

    /// <summary>Router fc1 (d/S → Hr, ReLU).</summary>
    public Linear<T> Router1 => Router.Fc1;

    /// <summary>Router fc2 (Hr → E).</summary>
    public Linear<T> Router2 => Router.Fc2;

    /// <summary>The E expert FFNs (d/S → He → d/S).</summary>
    public FeedForwardBank<T> Experts { get; }

    /// <summary>When set, forward and backward report their time per phase (router, dispatch, expert GEMMs, combine, aux) into it.</summary>
    public PhaseTimer? Timer { get; set; }

    /// <summary>The last forward's routing decision (for inspection, e.g. the Expert Specialisation Score).</summary>
    public RoutingPlan<T> Plan { get; } = new();

    /// <summary>The last forward's router probabilities [N·S, E].</summary>
    public ReadOnlySpan<T> RouterProbabilities => Router.Probabilities;

    /// <summary>The last forward's slices [N·S, d/S] as the router and experts saw them (after the permutation of shuffled slices, before gating): row n·S + s is slice s of token n.</summary>
    public ReadOnlySpan<T> SliceInputs => _slices.Span;

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

    /// <summary>y [N, d] from x [N, d]. <paramref name="context"/> may be a <see cref="MoeForwardContext"/> with per-pass options.</summary>
    /// <exception cref="ArgumentException">When a shape does not match, or the pass needs an Rng or a sequence length it lacks.</exception>
    public MoeForwardReport Forward(Tensor<T> x, Tensor<T> y, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var options = MoeForwardContext.Of(context);
        var c = Config;
        int n = CheckInput(x, nameof(x));
        if (!y.HasShape(n, c.ModelDim))
        {
            throw new ArgumentException($"The output must have shape [{n}, {c.ModelDim}] but has {y.ShapeText}.", nameof(y));
        }

        _tokens = n;
        _auxScale = options.AuxLossScale;
        int rows = n * c.Slices, ds = c.SliceDim;
        Timer?.Start();

        // 1. Slices: [N, d] viewed as [N·S, d/S] (after the fixed permutation for shuffled slices).
        var slices = _slices.Ensure(rows * ds);
        Permute(x.Span, slices, n, forward: true);

        // 2. Router: logits = fc2(ReLU(fc1(slice))), noise, softmax with temperature.
        Router.Forward(slices, rows, options);
        Timer?.Lap("router");

        // 3. Selection: candidates, cross-slice dropout, gates, capacity, dispatch order.
        _selection.Forward(Router.Probabilities, Router.Logits, n, options, Plan);
        int a = Plan.ActiveCount;

        // 4. Dispatch the gated slices (Eq. 1: the gate scales the expert's input) and run the experts: here, or under
        //    expert parallelism on the ranks that hold them (all-to-all there and back, ExpertExchange).
        var exchange = options.ExpertGroup is { Size: > 1 } ? _exchange ??= new ExpertExchange<T>() : null;
        _expertParallelPass = exchange is not null;
        var gated = exchange is null ? _expertIn.Ensure(a * ds) : _sentIn.Ensure(a * ds);
        SegmentedRows.Scatter<T>(slices, ds, Plan.RowStart, Plan.CandidateToSorted, Plan.Gate, gated);
        Timer?.Lap("dispatch");
        int m = a;
        var offsets = Plan.ExpertOffsets;
        if (exchange is not null)
        {
            exchange.Plan(options.ExpertGroup!, offsets, c.Experts);
            m = exchange.ReceivedRows;
            exchange.Send(gated, _expertIn.Ensure(m * ds), ds);
            offsets = exchange.ReceivedOffsets;
            Timer?.Lap("all-to-all");
        }

        var hiddenDerivative = options.GradEnabled ? _expertHiddenDerivative.Ensure(m * Experts.Hidden) : [];
        var expertOut = _expertOut.Ensure(m * ds);
        Experts.Forward(_expertIn.Span, offsets, hiddenDerivative, options.GradEnabled ? _expertHidden.Ensure(m * Experts.Hidden) : [], expertOut);
        Timer?.Lap("expert GEMMs");
        if (exchange is not null)
        {
            var returned = _returnedOut.Ensure(a * ds);
            exchange.Return(expertOut, returned, ds);
            expertOut = returned;
            Timer?.Lap("all-to-all");
        }

        // 5. Combine: each row sums its own assignments in rank order (deterministic, no shared accumulation).
        var sliceOut = _sliceOut.Ensure(rows * ds);
        SegmentedRows.GatherSum<T>(expertOut, ds, Plan.RowStart, Plan.CandidateToSorted, sliceOut);
        Permute(sliceOut, y.Span, n, forward: false);
        Timer?.Lap("combine");

        // Auxiliary losses and routing statistics: sums over this pass's rows, over every rank's when the batch is shared.
        if (_logSumExp.Length < rows)
        {
            _logSumExp = new double[rows];
        }

        var sums = new RoutingSums(c.Experts)
        {
            Candidates = Plan.CandidateCount, DroppedByDropout = Plan.DroppedByDropout, DroppedByCapacity = Plan.DroppedByCapacity, EmptyRows = Plan.EmptyRows,
        };
        AuxiliaryLossMath.Sum<T>(Router.Probabilities, Router.Logits, c.Temperature, rows, c.Experts, Plan.Counts(), _logSumExp, sums);
        if (options.Group is { Size: > 1 } group)
        {
            sums.Reduce(group, new double[sums.Length]);
        }

        _counts = sums.Counts;
        _batchRows = sums.Rows;
        _aux = AuxiliaryLossMath.Losses(sums, c.CapacityAlpha);
        _canBackward = options.GradEnabled;
        var stats = RoutingStatistics.FromCounts(_counts, c.CapacityAlpha, (int)sums.Candidates, (int)sums.DroppedByDropout, (int)sums.DroppedByCapacity, (int)sums.EmptyRows);
        Timer?.Lap("aux");
        return new MoeForwardReport(stats, _aux, _aux.Objective(AuxLossWeights.From(c)));
    }

    /// <summary>Backward with the configured auxiliary-loss weights, scaled by the forward context's <see cref="MoeForwardContext.AuxLossScale"/>.</summary>
    public void Backward(Tensor<T> dy, Tensor<T> dx, bool accumulate)
    {
        var w = AuxLossWeights.From(Config);
        Backward(dy, dx, accumulate, new AuxLossWeights(w.Importance * _auxScale, w.Switch * _auxScale, w.ZLoss * _auxScale));
    }

    /// <summary>
    /// dx (+)= ∂L/∂x from dy = ∂L/∂y, with explicit auxiliary-loss weights (<see cref="AuxLossWeights.None"/>: the
    /// output's gradient alone). The forward's five steps in reverse; parameter gradients are added to the store.
    /// </summary>
    /// <exception cref="InvalidOperationException">Without a preceding forward with gradients (one backward per forward).</exception>
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

        // 5. Combine ←: the combine is a plain sum, so each assignment's output gradient is its row's.
        var dSliceOut = _dSliceOut.Ensure(rows * ds);
        Permute(dy.Span, dSliceOut, n, forward: true);
        var dExpertOut = _dExpertOut.Ensure(a * ds);
        SegmentedRows.Scatter<T>(dSliceOut, ds, Plan.RowStart, Plan.CandidateToSorted, [], dExpertOut);
        Timer?.Lap("combine");

        // 4. Experts ←: parameter gradients and the gradient of their gated inputs; then the dispatch's backward,
        //    expertIn_a = g_a · slice_row ⇒ dg_a = ⟨dExpertIn_a, slice_row⟩ and dSlice_row = Σ_a g_a · dExpertIn_a.
        //    Under expert parallelism the gradients travel as the rows did: to the experts' ranks and back.
        var dExpertIn = _dExpertIn.Ensure(a * ds);
        if (!_expertParallelPass)
        {
            Experts.Backward(dExpertOut, _expertIn.Span, Plan.ExpertOffsets, _expertHiddenDerivative.Span, _expertHidden.Span, dExpertIn);
            Timer?.Lap("expert GEMMs");
        }
        else
        {
            var exchange = _exchange!;
            int m = exchange.ReceivedRows;
            var ownDOut = _ownDExpertOut.Ensure(m * ds);
            exchange.Send(dExpertOut, ownDOut, ds);
            Timer?.Lap("all-to-all");
            var ownDIn = _ownDExpertIn.Ensure(m * ds);
            Experts.Backward(ownDOut, _expertIn.Span, exchange.ReceivedOffsets, _expertHiddenDerivative.Span, _expertHidden.Span, ownDIn);
            Timer?.Lap("expert GEMMs");
            exchange.Return(ownDIn, dExpertIn, ds);
            Timer?.Lap("all-to-all");
        }

        var slices = _slices.Span;
        var dGate = _dGate.Ensure(Plan.CandidateCount);
        var dSlices = _dSlices.Ensure(rows * ds);
        SegmentedRows.ScatterBackward<T>(slices, dExpertIn, ds, Plan.RowStart, Plan.CandidateToSorted, Plan.Gate, dGate, dSlices);

        // 3. Selection ←: through the gate normalisation to the scores (straight-through on the selected ones).
        var dScores = _dScores.Ensure(rows * e);
        var dLogits = _dLogits.Ensure(rows * e, clear: true);
        _selection.Backward(dGate, Plan, Router.Logits, dScores, dLogits);
        Timer?.Lap("dispatch");

        // 2. Router ←: the auxiliary losses' gradients join at the probabilities (importance, Switch) and at the logits
        //    (z-loss), around the softmax; the router MLP's input gradient adds to the slices'.
        AuxiliaryLossMath.AddProbabilityGradients(dScores, _aux!, rows, _batchRows, e, _counts, c.CapacityAlpha, weights);
        Timer?.Lap("aux");
        Router.SoftmaxBackward(dScores, dLogits, rows);
        Timer?.Lap("router");
        AuxiliaryLossMath.AddZLossGradient<T>(dLogits, Router.Probabilities, _logSumExp, rows, _batchRows, e, c.Temperature, weights.ZLoss);
        Timer?.Lap("aux");
        Router.NetworkBackward(slices, dLogits, dSlices, rows);

        // 1. Slices ←: back to model order.
        var dxSpan = dx.Span;
        if (accumulate)
        {
            var dInput = _dInput.Ensure(n * c.ModelDim);
            Permute(dSlices, dInput, n, forward: false);
            System.Numerics.Tensors.TensorPrimitives.Add<T>(dxSpan, dInput, dxSpan);
        }
        else
        {
            Permute(dSlices, dxSpan, n, forward: false);
        }

        Timer?.Lap("router");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in new[] { _slices, _expertIn, _expertHiddenDerivative, _expertHidden, _expertOut, _sentIn, _returnedOut, _sliceOut, _dSliceOut, _dExpertOut, _dExpertIn, _ownDExpertOut, _ownDExpertIn, _dGate, _dSlices, _dScores, _dLogits, _dInput })
        {
            b.Dispose();
        }

        _exchange?.Dispose();
        Router.Dispose();
        _selection.Dispose();
    }

    FeedForwardReport? IFeedForward<T>.Forward(Tensor<T> x, Tensor<T> y, ForwardContext context) => Forward(x, y, context);

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
}
