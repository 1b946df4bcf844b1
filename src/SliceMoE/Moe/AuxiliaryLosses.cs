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

/// <summary>Computes the auxiliary losses and their gradients with respect to the router's probabilities and logits.</summary>
internal static class AuxiliaryLossMath
{
    /// <summary>The losses; <paramref name="logSumExp"/> receives logsumexp(logits_r / τ) per row for the z-loss gradient.</summary>
    public static AuxiliaryLosses Compute<T>(ReadOnlySpan<T> probs, ReadOnlySpan<T> logits, double temperature, int rows, int experts, int[] counts, double alpha, Span<double> logSumExp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var importance = ColumnSums(probs, rows, experts);
        double importanceLoss = alpha * RoutingStatistics.CvSquared(importance);
        double total = counts.Sum(c => (double)c);
        double switchLoss = 0;
        for (int e = 0; e < experts; e++)
        {
            double f = total > 0 ? counts[e] / total : 0;
            switchLoss += f * importance[e] / Math.Max(rows, 1);
        }

        double z = 0;
        for (int r = 0; r < rows; r++)
        {
            double lse = Kernels.RowOps.RowOpsReference.LogSumExp(logits.Slice(r * experts, experts), temperature);
            logSumExp[r] = lse;
            z += lse * lse;
        }

        return new AuxiliaryLosses(importanceLoss, experts * switchLoss, rows > 0 ? z / rows : 0, importance);
    }

    /// <summary>dprobs[r, e] += weights · (∂importance loss + ∂Switch loss)/∂probs[r, e] (both the same for every row).</summary>
    public static void AddProbabilityGradients<T>(Span<T> dprobs, AuxiliaryLosses aux, int rows, int experts, int[] counts, double alpha, AuxLossWeights weights)
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
        var perExpert = new double[experts];
        for (int e = 0; e < experts; e++)
        {
            // d CV² / d imp_e = (2/E)(imp_e − mean) / denom − var · 2 mean (1/E) / denom².
            double dcv2 = (2.0 / experts * (imp[e] - mean) / denom) - (var * 2 * mean / experts / (denom * denom));
            double f = total > 0 ? counts[e] / total : 0;
            perExpert[e] = (weights.Importance * alpha * dcv2) + (weights.Switch * experts * f / rows);
        }

        for (int r = 0; r < rows; r++)
        {
            for (int e = 0; e < experts; e++)
            {
                dprobs[(r * experts) + e] += T.CreateTruncating(perExpert[e]);
            }
        }
    }

    /// <summary>dlogits += weight · ∂ mean(lse(z)²)/∂logits = weight · 2 lse(z_r) softmax(z_r) / (R τ).</summary>
    public static void AddZLossGradient<T>(Span<T> dlogits, ReadOnlySpan<T> probs, ReadOnlySpan<double> logSumExp, int rows, int experts, double temperature, double weight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weight == 0 || rows == 0)
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            double lse = logSumExp[r];
            double c = weight * 2 * lse / (rows * temperature);
            for (int e = 0; e < experts; e++)
            {
                dlogits[(r * experts) + e] += T.CreateTruncating(c * double.CreateTruncating(probs[(r * experts) + e]));
            }
        }
    }

    private static double[] ColumnSums<T>(ReadOnlySpan<T> m, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = new double[cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                s[c] += double.CreateTruncating(m[(r * cols) + c]);
            }
        }

        return s;
    }
}
