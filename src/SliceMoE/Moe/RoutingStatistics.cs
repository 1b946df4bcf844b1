namespace SliceMoE.Moe;

/// <summary>Load statistics of one routing decision (counts are assignments actually computed).</summary>
/// <param name="Counts">Assignments per expert.</param>
/// <param name="Load">Counts / total.</param>
/// <param name="Ele">Entropy of the load estimate, −Σ load log load / log E: 1 = perfectly balanced, 0 = one expert.</param>
/// <param name="DeadExperts">Experts that received nothing.</param>
/// <param name="MaxOverMeanLoad">Largest count / mean count.</param>
/// <param name="Cv2Counts">The paper's CV² of the counts (population variance / mean², + 1e-10).</param>
/// <param name="CapacityLoss">The paper's slice-level capacity loss α·CV²(counts) (a metric: counts have no gradient).</param>
/// <param name="Candidates">Assignments the router selected.</param>
/// <param name="Active">Assignments computed.</param>
/// <param name="DroppedByDropout">Assignments removed by cross-slice dropout.</param>
/// <param name="DroppedByCapacity">Assignments removed by the capacity limit.</param>
/// <param name="EmptyRows">Rows (slices) that no expert processed.</param>
public sealed record RoutingStatistics(
    int[] Counts, double[] Load, double Ele, int DeadExperts, double MaxOverMeanLoad, double Cv2Counts, double CapacityLoss,
    int Candidates, int Active, int DroppedByDropout, int DroppedByCapacity, int EmptyRows)
{
    /// <summary>ε in CV² = var / (mean² + ε): keeps an all-zero vector finite (as tensor2tensor's cv_squared).</summary>
    public const double CvEpsilon = 1e-10;

    /// <summary>Computes the statistics of expert counts.</summary>
    public static RoutingStatistics FromCounts(int[] counts, double alpha, int candidates, int droppedByDropout, int droppedByCapacity, int emptyRows)
    {
        ArgumentNullException.ThrowIfNull(counts);
        double total = counts.Sum(c => (double)c);
        var load = counts.Select(c => total > 0 ? c / total : 0).ToArray();
        double mean = total / counts.Length;
        double cv2 = CvSquared(counts.Select(c => (double)c).ToArray());
        return new RoutingStatistics(
            counts, load, ExpertLoadEntropy(counts), counts.Count(c => c == 0), mean > 0 ? counts.Max() / mean : 0, cv2, alpha * cv2,
            candidates, (int)total, droppedByDropout, droppedByCapacity, emptyRows);
    }

    /// <summary>ELE = −Σ load log load / log E (0 log 0 = 0); 0 when nothing was routed; 1 for a single expert.</summary>
    public static double ExpertLoadEntropy(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        double total = counts.Sum(c => (double)c);
        if (total <= 0)
        {
            return 0;
        }

        if (counts.Count == 1)
        {
            return 1;
        }

        double h = 0;
        foreach (int c in counts)
        {
            if (c > 0)
            {
                double p = c / total;
                h -= p * Math.Log(p);
            }
        }

        return h / Math.Log(counts.Count);
    }

    /// <summary>CV² = population variance / (mean² + <see cref="CvEpsilon"/>), computed directly (not through a square root, whose gradient is NaN at perfect balance).</summary>
    public static double CvSquared(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        double mean = values.Average();
        double var = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return var / ((mean * mean) + CvEpsilon);
    }
}
