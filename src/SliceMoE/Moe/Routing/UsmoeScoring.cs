using System.Numerics;

namespace SliceMoE.Moe.Routing;

/// <summary>
/// USMoE's blended score, s = (1 − r)·softmax(z) + r·(2/E)·sigmoid(z) with z = logits / τ, on which its sequence-level
/// selection runs, and the score's backward.
/// </summary>
internal static class UsmoeScoring
{
    /// <summary>scores [R, E] from the router's probabilities and logits.</summary>
    public static void Forward<T>(ReadOnlySpan<T> probabilities, ReadOnlySpan<T> logits, Span<T> scores, MoeConfig config)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double r = config.UsmoeBlend, invT = 1 / config.Temperature, k = 2.0 / config.Experts;
        for (int i = 0; i < scores.Length; i++)
        {
            double z = double.CreateTruncating(logits[i]) * invT;
            scores[i] = T.CreateTruncating(((1 - r) * double.CreateTruncating(probabilities[i])) + (r * k / (1 + Math.Exp(-z))));
        }
    }

    /// <summary>
    /// Splits ∂L/∂s: <paramref name="dScores"/> becomes the softmax part, ∂L/∂p = (1 − r)·∂L/∂s (for the softmax backward),
    /// and the sigmoid part, r·(2/E)·σ'(z)/τ·∂L/∂s, is added to <paramref name="dLogits"/>.
    /// </summary>
    public static void Backward<T>(Span<T> dScores, ReadOnlySpan<T> logits, Span<T> dLogits, MoeConfig config)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double r = config.UsmoeBlend, invT = 1 / config.Temperature, k = 2.0 / config.Experts;
        for (int i = 0; i < dScores.Length; i++)
        {
            double ds = double.CreateTruncating(dScores[i]);
            double sig = 1 / (1 + Math.Exp(-double.CreateTruncating(logits[i]) * invT));
            dLogits[i] += T.CreateTruncating(ds * r * k * sig * (1 - sig) * invT);
            dScores[i] = T.CreateTruncating(ds * (1 - r));
        }
    }
}
