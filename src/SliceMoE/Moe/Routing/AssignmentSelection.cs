using System.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Moe.Routing;

/// <summary>
/// The layer's selection step. Forward: from the router's probabilities to the routing plan, i.e. the configured
/// selector (top-k per slice, SeqTopK, USMoE on its blended score, Expert Choice), cross-slice dropout, the gates, the
/// capacity limit and the expert-sorted dispatch order. Backward: from the gates' gradient to the scores' (and, for
/// USMoE, the part of the logits' gradient that comes through its sigmoid term).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
internal sealed class AssignmentSelection<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MoeConfig _config;
    private readonly GrowableBuffer<T> _usmoeScores = new();
    private readonly SelectorWorkspace<T> _workspace = new();

    public AssignmentSelection(MoeConfig config) => _config = config;

    /// <summary>Fills <paramref name="plan"/> for R = tokens · S rows of router output [R, E].</summary>
    public void Forward(ReadOnlySpan<T> probabilities, ReadOnlySpan<T> logits, int tokens, MoeForwardContext context, RoutingPlan<T> plan)
    {
        var c = _config;
        int rows = tokens * c.Slices;
        Select(probabilities, logits, rows, tokens, context, plan);
        bool dropout = ApplyDropout(rows, context, plan);
        plan.ComputeGates(c.NormalizeTopK || dropout);
        if (c.CapacityFactor is double factor && c.Routing != RoutingMethod.ExpertChoice)
        {
            // C = ⌈factor · active / E⌉ over the whole batch, every rank's share of it included.
            var active = new long[] { plan.CandidateCount - plan.DroppedByDropout };
            var group = context.Group is { Size: > 1 } g ? g : null;
            group?.AllReduce<long>(active);
            var counts = new int[c.Experts * c.Experts]; // a row's candidates are distinct experts: at most E levels
            plan.CountActiveByLevel(counts, c.Experts);
            plan.ApplyCapacity(CapacityAllowance.Of(counts, c.Experts, (int)Math.Ceiling(factor * active[0] / c.Experts), group));
        }

        plan.BuildDispatch();
    }

    /// <summary>
    /// dScores [R, E] (cleared first) from dGate, the gradient of each candidate's gate. Without renormalisation
    /// g_a = s_a. With it, g_a = s_a / Z over the row's dropout survivors N, so for b ∈ N:
    /// ∂L/∂s_b = (dg_b·[b active] − Σ_{a active} dg_a g_a) / Z. Straight-through: only selected scores get gradient.
    /// For USMoE, dScores then holds the softmax part and the sigmoid part is added to <paramref name="dLogits"/>.
    /// </summary>
    public void Backward(ReadOnlySpan<T> dGate, RoutingPlan<T> plan, ReadOnlySpan<T> logits, Span<T> dScores, Span<T> dLogits)
    {
        int e = _config.Experts;
        dScores.Clear();
        var starts = plan.RowStart;
        var expert = plan.Expert;
        var active = plan.Active;
        var kept = plan.KeptByDropout;
        var gate = plan.Gate;
        var norm = plan.RowNorm;
        for (int r = 0; r < plan.Rows; r++)
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

        if (_config.Routing == RoutingMethod.Usmoe)
        {
            UsmoeScoring.Backward(dScores, logits, dLogits, _config);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _usmoeScores.Dispose();

    private static void Skip(SliceMoE.Numerics.Rng rng, long draws)
    {
        for (long i = 0; i < draws; i++)
        {
            rng.NextUInt64();
        }
    }

    private void Select(ReadOnlySpan<T> probabilities, ReadOnlySpan<T> logits, int rows, int tokens, MoeForwardContext context, RoutingPlan<T> plan)
    {
        var c = _config;
        if (c.Routing == RoutingMethod.TopK)
        {
            Selectors.TopK(probabilities, rows, c.Experts, c.TopK, plan);
            return;
        }

        int seq = context.SequenceLength ?? c.SequenceLength ?? tokens;
        if (seq <= 0 || tokens % seq != 0)
        {
            throw new ArgumentException($"{c.Routing} routing groups tokens by sequence: N = {tokens} is not a multiple of the sequence length {seq}.", nameof(context));
        }

        int rowsPerSeq = seq * c.Slices;
        int budget = rowsPerSeq * c.TopK;
        int cap = c.SeqMaxPerRow ?? c.Experts;
        switch (c.Routing)
        {
            case RoutingMethod.SeqTopK:
                Selectors.SequenceTopK(probabilities, rows, c.Experts, rowsPerSeq, budget, c.SeqMinPerRow, cap, plan, _workspace);
                break;
            case RoutingMethod.Usmoe:
                var scores = _usmoeScores.Ensure(rows * c.Experts);
                UsmoeScoring.Forward(probabilities, logits, scores, c);
                Selectors.SequenceTopK<T>(scores, rows, c.Experts, rowsPerSeq, budget, c.SeqMinPerRow, cap, plan, _workspace);
                break;
            case RoutingMethod.ExpertChoice:
                int capacity = Math.Max(1, (int)Math.Round((c.CapacityFactor ?? 1.0) * budget / c.Experts));
                Selectors.ExpertChoice(probabilities, rows, c.Experts, rowsPerSeq, capacity, plan, _workspace);
                break;
            default:
                throw new InvalidOperationException($"Unknown routing {c.Routing}.");
        }
    }

    /// <summary>Cross-slice dropout while training: an explicit keep mask, or each candidate kept with probability 1 − rate. Returns whether it applied.</summary>
    private bool ApplyDropout(int rows, MoeForwardContext context, RoutingPlan<T> plan)
    {
        var c = _config;
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

            plan.ApplyDropout((_, row, rank) => rank >= k
                ? throw new ArgumentException($"Row {row} has more than k = {k} candidates; an explicit keep mask needs top-k routing.", nameof(context))
                : mask[(row * k) + rank]);
            return true;
        }

        var rng = context.Rng ?? throw new ArgumentException("Cross-slice dropout is enabled: the forward context needs an Rng.", nameof(context));
        double rate = c.SliceDropout;

        // One draw per candidate, in the batch's row order. When ranks share the batch (and the stream), each skips the
        // draws of the ranks before it and after it, so that it draws what one process would for its rows and all end
        // in the same state.
        var (before, after) = (0L, 0L);
        if (context.Group is { Size: > 1 } group)
        {
            var counts = new int[group.Size];
            group.AllGather<int>([plan.CandidateCount], counts);
            before = counts.Take(group.Rank).Sum(x => (long)x);
            after = counts.Skip(group.Rank + 1).Sum(x => (long)x);
        }

        Skip(rng, before);
        plan.ApplyDropout((_, _, _) => rng.NextDouble() >= rate);
        Skip(rng, after);
        return true;
    }
}
