using SliceMoE.Moe;

namespace SliceMoE.Training;

/// <summary>Sums expert counts per MoE layer over many batches, to report load and ELE over an interval or a whole split.</summary>
public sealed class LoadAccumulator
{
    private readonly List<long[]> _counts = [];

    /// <summary>Adds one batch's reports (bottom to top).</summary>
    public void Add(IReadOnlyList<MoeForwardReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        for (int i = 0; i < reports.Count; i++)
        {
            var c = reports[i].Statistics.Counts;
            if (_counts.Count <= i)
            {
                _counts.Add(new long[c.Length]);
            }

            for (int e = 0; e < c.Length; e++)
            {
                _counts[i][e] += c[e];
            }
        }
    }

    /// <summary>Per layer, the load fractions.</summary>
    public IReadOnlyList<double[]> Load => _counts.Select(c =>
    {
        double total = c.Sum();
        return c.Select(v => total > 0 ? v / total : 0).ToArray();
    }).ToList();

    /// <summary>Mean ELE over layers (NaN without MoE layers).</summary>
    public double Ele => _counts.Count == 0 ? double.NaN : _counts.Average(c => RoutingStatistics.ExpertLoadEntropy(c.Select(v => (int)Math.Min(v, int.MaxValue)).ToArray()));

    /// <summary>Mean CV² of counts over layers (NaN without MoE layers).</summary>
    public double Cv2 => _counts.Count == 0 ? double.NaN : _counts.Average(c => RoutingStatistics.CvSquared(c.Select(v => (double)v).ToArray()));

    /// <summary>Forgets everything.</summary>
    public void Clear() => _counts.Clear();
}
