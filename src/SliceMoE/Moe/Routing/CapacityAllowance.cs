using SliceMoE.Distributed;

namespace SliceMoE.Moe.Routing;

/// <summary>
/// The capacity rule of <see cref="RoutingPlan{T}.ApplyCapacity"/> over a batch that may be shared by several ranks:
/// each expert takes up to C assignments, first choices before second choices, and among equals earlier rows first. The
/// batch's rows are the ranks' shares in rank order, so a rank needs only how many active candidates every rank has at
/// each level for each expert (an all-gather of levels · E counts), not the rows themselves, to know which of its own stay.
/// </summary>
internal static class CapacityAllowance
{
    /// <summary>
    /// [levels · E]: how many of this rank's active candidates at each level each expert keeps, from its own counts
    /// <paramref name="local"/> [levels · E] (<see cref="RoutingPlan{T}.CountActiveByLevel"/>).
    /// </summary>
    public static int[] Of(int[] local, int experts, int capacity, ICommunicator? group)
    {
        int levels = local.Length / experts;
        int ranks = group?.Size ?? 1, me = group?.Rank ?? 0;
        var all = local;
        if (ranks > 1)
        {
            all = new int[ranks * local.Length];
            group!.AllGather<int>(local, all);
        }

        var allowance = new int[local.Length];
        var used = new int[experts];
        for (int level = 0; level < levels; level++)
        {
            for (int e = 0; e < experts; e++)
            {
                int slot = (level * experts) + e, left = capacity - used[e];
                for (int q = 0; q < ranks; q++)
                {
                    int take = Math.Min(all[(q * local.Length) + slot], Math.Max(left, 0));
                    if (q == me)
                    {
                        allowance[slot] = take;
                    }

                    left -= take;
                }

                used[e] = capacity - left;
            }
        }

        return allowance;
    }
}
