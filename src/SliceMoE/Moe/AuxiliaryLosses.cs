using System.Numerics;

namespace SliceMoE.Moe;

/// <summary>The MoE layer's auxiliary losses for one forward pass (values; their weights in the objective come from the config).</summary>
/// <param name="ImportanceLoss">α·CV²(importance), importance_e = Σ over rows of the softmax probability of e: the differentiable slice-level capacity loss.</param>
/// <param name="SwitchLoss">E·Σ_e f_e P_e with f_e the (detached) load fraction and P_e the mean probability (Switch Transformer).</param>
/// <param name="ZLoss">mean over rows of logsumexp(z)², z the scaled logits the softmax sees (ST-MoE router z-loss).</param>
/// <param name="Importance">importance_e per expert.</param>
public sealed record AuxiliaryLosses(double ImportanceLoss, double SwitchLoss, double ZLoss, double[] Importance)
{
    /// <summary>What these losses add to the training objective with the given weights.</summary>
    public double Objective(AuxLossWeights weights) =>
        (weights.Importance * ImportanceLoss) + (weights.Switch * SwitchLoss) + (weights.ZLoss * ZLoss);
}

/// <summary>Multipliers of the auxiliary losses in the objective (the importance loss already carries α).</summary>
/// <param name="Importance">Multiplier of <see cref="AuxiliaryLosses.ImportanceLoss"/> (1 by default).</param>
/// <param name="Switch">Multiplier of the Switch loss.</param>
/// <param name="ZLoss">Multiplier of the z-loss.</param>
public readonly record struct AuxLossWeights(double Importance, double Switch, double ZLoss)
{
    /// <summary>No auxiliary gradient (e.g. the gradient of the output alone).</summary>
    public static AuxLossWeights None => default;

    /// <summary>The weights a config puts in the training objective.</summary>
    public static AuxLossWeights From(MoeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new AuxLossWeights(1, config.SwitchLossWeight, config.ZLossWeight);
    }
}

/// <summary>
/// The sums over one pass's rows that the auxiliary losses and the routing statistics are made of. Under data or expert
/// parallelism every rank holds its share of the batch's rows, and these sums, added over the ranks, are the sums of the
/// whole batch, so the losses, their gradients and the statistics are the single-process ones.
/// </summary>
internal sealed class RoutingSums
{
    public RoutingSums(int experts)
    {
        Importance = new double[experts];
        Counts = new int[experts];
    }

    /// <summary>Σ over rows of each expert's probability.</summary>
    public double[] Importance { get; }

    /// <summary>Assignments each expert computed.</summary>
    public int[] Counts { get; }

    /// <summary>Rows routed.</summary>
    public long Rows { get; set; }

    /// <summary>Σ over rows of logsumexp(z)².</summary>
    public double ZSum { get; set; }

    /// <summary>Selected candidates, and those dropped by dropout and by capacity; rows with no assignment.</summary>
    public long Candidates { get; set; }

    public long DroppedByDropout { get; set; }

    public long DroppedByCapacity { get; set; }

    public long EmptyRows { get; set; }

    /// <summary>Adds the other ranks' sums (in place, the same on every rank afterwards).</summary>
    public void Reduce(Distributed.ICommunicator group, Span<double> scratch)
    {
        int e = Importance.Length;
        Importance.CopyTo(scratch);
        for (int i = 0; i < e; i++)
        {
            scratch[e + i] = Counts[i];
        }

        scratch[2 * e] = Rows;
        scratch[(2 * e) + 1] = ZSum;
        scratch[(2 * e) + 2] = Candidates;
        scratch[(2 * e) + 3] = DroppedByDropout;
        scratch[(2 * e) + 4] = DroppedByCapacity;
        scratch[(2 * e) + 5] = EmptyRows;
        group.AllReduce(scratch[..Length]);
        scratch[..e].CopyTo(Importance);
        for (int i = 0; i < e; i++)
        {
            Counts[i] = (int)scratch[e + i]; // integers below 2^53 add exactly in double
        }

        Rows = (long)scratch[2 * e];
        ZSum = scratch[(2 * e) + 1];
        Candidates = (long)scratch[(2 * e) + 2];
        DroppedByDropout = (long)scratch[(2 * e) + 3];
        DroppedByCapacity = (long)scratch[(2 * e) + 4];
        EmptyRows = (long)scratch[(2 * e) + 5];
    }

    /// <summary>Doubles <see cref="Reduce"/> needs.</summary>
    public int Length => (2 * Importance.Length) + 6;
}

/// <summary>Computes the auxiliary losses and their gradients with respect to the router's probabilities and logits.</summary>
internal static class AuxiliaryLossMath
{
    /// <summary>
    /// This pass's sums; <paramref name="logSumExp"/> receives logsumexp(logits_r / τ) per row for the z-loss gradient.
    /// It is read off the softmax the router already took: at the row's largest logit z* the probability is
    /// p* = exp(z*/τ − lse), so lse = z*/τ − log p*, one log per row instead of E exps. p* ≥ 1/E, so its rounding
    /// (one float ulp) moves lse by at most ~6e-8 in absolute terms.
    /// </summary>
    public static void Sum<T>(ReadOnlySpan<T> probs, ReadOnlySpan<T> logits, double temperature, int rows, int experts, ReadOnlySpan<int> counts, Span<double> logSumExp, RoutingSums sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var importance = sums.Importance;
        Array.Clear(importance);
        double z = 0;
        for (int r = 0; r < rows; r++)
        {
            var p = probs.Slice(r * experts, experts);
            var l = logits.Slice(r * experts, experts);
            int top = 0;
            for (int c = 0; c < experts; c++)
            {
                importance[c] += double.CreateTruncating(p[c]);
                if (l[c] > l[top])
                {
                    top = c;
                }
            }

            double lse = (double.CreateTruncating(l[top]) / temperature) - Math.Log(double.CreateTruncating(p[top]));
            logSumExp[r] = lse;
            z += lse * lse;
        }

        counts.CopyTo(sums.Counts);
        sums.Rows = rows;
        sums.ZSum = z;
    }

    /// <summary>The losses from the (possibly reduced) sums.</summary>
    public static AuxiliaryLosses Losses(RoutingSums sums, double alpha)
    {
        var importance = (double[])sums.Importance.Clone();
        int experts = importance.Length;
        double importanceLoss = alpha * RoutingStatistics.CvSquared(importance);
        double total = sums.Counts.Sum(c => (double)c);
        double switchLoss = 0;
        for (int e = 0; e < experts; e++)
        {
            double f = total > 0 ? sums.Counts[e] / total : 0;
            switchLoss += f * importance[e] / Math.Max(sums.Rows, 1);
        }

        return new AuxiliaryLosses(importanceLoss, experts * switchLoss, sums.Rows > 0 ? sums.ZSum / sums.Rows : 0, importance);
    }

    /// <summary>
    /// dprobs[r, e] += weights · (∂importance loss + ∂Switch loss)/∂probs[r, e] (both the same for every row), with the
    /// batch's counts and row count <paramref name="totalRows"/> (all ranks' rows when the sums were reduced).
    /// </summary>
    public static void AddProbabilityGradients<T>(Span<T> dprobs, AuxiliaryLosses aux, int rows, long totalRows, int experts, int[] counts, double alpha, AuxLossWeights weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((weights.Importance == 0 && weights.Switch == 0) || rows == 0)
        {
            return;
        }

        var imp = aux.Importance;
        double mean = imp.Average();
        double var = imp.Sum(v => (v - mean) * (v - mean)) / experts;
        double denom = (mean * mean) + RoutingStatistics.CvEpsilon;
        double total = counts.Sum(c => (double)c);
        var perExpert = new T[experts];
        for (int e = 0; e < experts; e++)
        {
            // d CV² / d imp_e = (2/E)(imp_e − mean) / denom − var · 2 mean (1/E) / denom².
            double dcv2 = (2.0 / experts * (imp[e] - mean) / denom) - (var * 2 * mean / experts / (denom * denom));
            double f = total > 0 ? counts[e] / total : 0;
            perExpert[e] = T.CreateTruncating((weights.Importance * alpha * dcv2) + (weights.Switch * experts * f / totalRows));
        }

        for (int r = 0; r < rows; r++)
        {
            var row = dprobs.Slice(r * experts, experts);
            System.Numerics.Tensors.TensorPrimitives.Add<T>(row, perExpert, row);
        }
    }

    /// <summary>dlogits += weight · ∂ mean(lse(z)²)/∂logits = weight · 2 lse(z_r) softmax(z_r) / (R τ), R the batch's rows (<paramref name="totalRows"/>).</summary>
    public static void AddZLossGradient<T>(Span<T> dlogits, ReadOnlySpan<T> probs, ReadOnlySpan<double> logSumExp, int rows, long totalRows, int experts, double temperature, double weight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weight == 0 || rows == 0)
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            double lse = logSumExp[r];
            double c = weight * 2 * lse / (totalRows * temperature);
            for (int e = 0; e < experts; e++)
            {
                dlogits[(r * experts) + e] += T.CreateTruncating(c * double.CreateTruncating(probs[(r * experts) + e]));
            }
        }
    }
}
