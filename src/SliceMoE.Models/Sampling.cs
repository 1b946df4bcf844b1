using System.Numerics;
using SliceMoE.Numerics;

namespace SliceMoE.Models;

/// <summary>Choosing a token from logits: greedy, or sampling with temperature and top-k.</summary>
public static class Sampling
{
    /// <summary>Argmax when <paramref name="temperature"/> is 0; otherwise a sample from softmax(logits / temperature), restricted to the top-k when k &gt; 0.</summary>
    public static int Sample<T>(ReadOnlySpan<T> logits, double temperature, int topK, Rng rng) where T : IFloatingPointIeee754<T>
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
        if (keep < n)
        {
            Array.Sort(order, (a, b) => values[b] != values[a] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        }

        double max = order.Take(keep).Max(i => values[i]);
        double total = order.Take(keep).Sum(i => Math.Exp(values[i] - max));
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
