using System.Numerics;
using SliceMoE.Numerics;

namespace SliceMoE.Models;

/// <summary>Choosing a token from logits: greedy, or sampling with temperature, top-k and top-p (nucleus).</summary>
public static class Sampling
{
    /// <summary>
    /// Argmax when <paramref name="temperature"/> is 0; otherwise a sample from softmax(logits / temperature), restricted
    /// to the top-k when k &gt; 0, then to the smallest set of likeliest tokens whose probability reaches
    /// <paramref name="topP"/> when it is below 1 (ties broken by the lower id).
    /// </summary>
    public static int Sample<T>(ReadOnlySpan<T> logits, double temperature, int topK, Rng rng, double topP = 1.0) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (temperature <= 0)
        {
            return ModelSupport.ArgMax(logits);
        }

        int n = logits.Length;
        var order = Enumerable.Range(0, n).ToArray();
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = double.CreateTruncating(logits[i]) / temperature;
        }

        int keep = topK > 0 ? Math.Min(topK, n) : n;
        if (keep < n || topP < 1)
        {
            Array.Sort(order, (a, b) => values[b] != values[a] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        }

        double max = order.Take(keep).Max(i => values[i]);
        double total = order.Take(keep).Sum(i => Math.Exp(values[i] - max));
        if (topP < 1)
        {
            // The nucleus: the likeliest tokens (in order) until their share of the top-k's mass reaches p.
            double mass = 0;
            int nucleus = 0;
            while (nucleus < keep && mass < topP * total)
            {
                mass += Math.Exp(values[order[nucleus++]] - max);
            }

            (keep, total) = (Math.Max(1, nucleus), mass);
        }

        double u = rng.NextDouble() * total;
        for (int j = 0; j < keep; j++)
        {
            u -= Math.Exp(values[order[j]] - max);
            if (u <= 0)
            {
                return order[j];
            }
        }

        return order[keep - 1];
    }
}
