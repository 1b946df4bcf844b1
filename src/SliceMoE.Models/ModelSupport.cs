using System.Numerics;
using SliceMoE.Layers;
using SliceMoE.Moe;

namespace SliceMoE.Models;

/// <summary>Small helpers shared by the models.</summary>
internal static class ModelSupport
{
    /// <summary>The context a model's step runs its layers with: without gradients when no backward follows.</summary>
    public static ForwardContext ForStep(ForwardContext context, bool backward)
    {
        ArgumentNullException.ThrowIfNull(context);
        return backward ? context : context with { GradEnabled = false };
    }

    public static List<MoeForwardReport> Collect(params MoeForwardReport?[][] reports) =>
        reports.SelectMany(r => r).Where(r => r is not null).Select(r => r!).ToList();

    /// <summary>Index of the largest value of each row (ties: lower index).</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> row) where T : IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
        {
            if (row[j] > row[best])
            {
                best = j;
            }
        }

        return best;
    }

    public static void CheckBatch(int idsLength, int batch, int length, int lengthsLength, string what)
    {
        if (idsLength != batch * length || lengthsLength != batch)
        {
            throw new ArgumentException($"{what}: {idsLength} ids and {lengthsLength} lengths do not form a batch of {batch} x {length}.");
        }
    }
}
