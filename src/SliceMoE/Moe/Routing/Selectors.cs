using System.Numerics;
using SliceMoE.Kernels.RowOps;

namespace SliceMoE.Moe.Routing;

/// <summary>
/// The selection rules: which (row, expert) pairs become candidates, from a score matrix [R, E]. Every rule breaks ties
/// toward the lower expert (or row, or flat) index, so a decision is a pure function of the scores.
/// </summary>
internal static class Selectors
{
    /// <summary>Top-k per row: each row's k highest scores, in descending order.</summary>
    public static void TopK<T>(ReadOnlySpan<T> scores, int rows, int experts, int k, RoutingPlan<T> plan)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        plan.BeginUniform(rows, experts, k);
        var slotsE = plan.ExpertSlots;
        var slotsG = plan.RawGateSlots;
        for (int r = 0; r < rows; r++)
        {
            TopKRow(scores.Slice(r * experts, experts), slotsE.Slice(r * k, k), slotsG.Slice(r * k, k));
        }
    }

    /// <summary>
    /// Sequence-level top-k (SeqTopK, and USMoE on its blended score): in each block of <paramref name="rowsPerSequence"/>
    /// rows, the <paramref name="budget"/> highest entries of the flattened [rows, E] scores, after first giving every row
    /// its best <paramref name="floor"/> experts, and never more than <paramref name="cap"/> per row.
    /// </summary>
    public static void SequenceTopK<T>(ReadOnlySpan<T> scores, int rows, int experts, int rowsPerSequence, int budget, int floor, int cap, RoutingPlan<T> plan, SelectorWorkspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var selected = workspace.Selected(rows * experts);
        var perRow = workspace.PerRow(rows);
        var top = workspace.Indices(Math.Max(floor, 1));
        var topValues = workspace.Values(Math.Max(floor, 1));
        var order = workspace.Order(rowsPerSequence * experts);
        var flat = workspace.Scores(scores);
        for (int q0 = 0; q0 < rows; q0 += rowsPerSequence)
        {
            int taken = 0;
            if (floor > 0)
            {
                for (int r = q0; r < q0 + rowsPerSequence; r++)
                {
                    TopKRow(scores.Slice(r * experts, experts), top[..floor], topValues[..floor]);
                    for (int j = 0; j < floor; j++)
                    {
                        selected[(r * experts) + top[j]] = true;
                    }

                    perRow[r] = floor;
                    taken += floor;
                }
            }

            int baseIndex = q0 * experts;
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = baseIndex + i;
            }

            order.Sort((a, b) =>
            {
                int c = flat[b].CompareTo(flat[a]);
                return c != 0 ? c : a.CompareTo(b);
            });
            foreach (int f in order)
            {
                if (taken >= budget)
                {
                    break;
                }

                int r = f / experts;
                if (selected[f] || perRow[r] >= cap)
                {
                    continue;
                }

                selected[f] = true;
                perRow[r]++;
                taken++;
            }
        }

        FillRowsInRankOrder(scores, rows, experts, selected, perRow, plan);
    }

    /// <summary>Expert Choice: in each block of <paramref name="rowsPerSequence"/> rows, every expert takes its <paramref name="capacity"/> highest-scoring rows.</summary>
    public static void ExpertChoice<T>(ReadOnlySpan<T> scores, int rows, int experts, int rowsPerSequence, int capacity, RoutingPlan<T> plan, SelectorWorkspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var selected = workspace.Selected(rows * experts);
        var perRow = workspace.PerRow(rows);
        int c = Math.Min(capacity, rowsPerSequence);
        var column = workspace.Column(rowsPerSequence);
        var idx = workspace.Indices(c);
        var val = workspace.Values(c);
        for (int q0 = 0; q0 < rows; q0 += rowsPerSequence)
        {
            for (int e = 0; e < experts; e++)
            {
                for (int r = 0; r < rowsPerSequence; r++)
                {
                    column[r] = scores[((q0 + r) * experts) + e];
                }

                TopKRow<T>(column, idx, val);
                foreach (int r in idx)
                {
                    selected[((q0 + r) * experts) + e] = true;
                    perRow[q0 + r]++;
                }
            }
        }

        FillRowsInRankOrder(scores, rows, experts, selected, perRow, plan);
    }

    private static void TopKRow<T>(ReadOnlySpan<T> row, Span<int> indices, Span<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        Kernels.RowOps.TopK.Row(row, indices, values);

    /// <summary>Writes each row's selected experts into the plan, ordered by descending score (ties: lower expert).</summary>
    private static void FillRowsInRankOrder<T>(ReadOnlySpan<T> scores, int rows, int experts, ReadOnlySpan<bool> selected, ReadOnlySpan<int> perRow, RoutingPlan<T> plan)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        plan.Begin(rows, experts, perRow);
        var slotsE = plan.ExpertSlots;
        var slotsG = plan.RawGateSlots;
        var starts = plan.RowStart;
        for (int r = 0; r < rows; r++)
        {
            int n = 0, s0 = starts[r];
            for (int e = 0; e < experts; e++)
            {
                if (!selected[(r * experts) + e])
                {
                    continue;
                }

                // Insertion into the row's slots, keeping descending score and ascending expert among ties.
                T v = scores[(r * experts) + e];
                int pos = n;
                while (pos > 0 && Kernels.RowOps.TopK.RanksAbove(v, slotsG[s0 + pos - 1]))
                {
                    slotsG[s0 + pos] = slotsG[s0 + pos - 1];
                    slotsE[s0 + pos] = slotsE[s0 + pos - 1];
                    pos--;
                }

                slotsG[s0 + pos] = v;
                slotsE[s0 + pos] = e;
                n++;
            }
        }
    }
}
