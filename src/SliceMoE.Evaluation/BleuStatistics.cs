namespace SliceMoE.Evaluation;

/// <summary>
/// BLEU's sufficient statistics: hypothesis length, (closest) reference length, and per n-gram order the clipped
/// matches and the hypothesis n-gram count. Corpus BLEU sums these over segments before scoring, which is
/// not the mean of sentence BLEUs.
/// </summary>
public sealed class BleuStatistics
{
    /// <summary>Creates statistics from their parts (copies the arrays).</summary>
    /// <exception cref="ArgumentException">When the two arrays differ in length or are empty.</exception>
    public BleuStatistics(long hypothesisLength, long referenceLength, IReadOnlyList<long> matches, IReadOnlyList<long> totals)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(totals);
        if (matches.Count != totals.Count || matches.Count == 0)
        {
            throw new ArgumentException($"Need one match count and one total per order (got {matches.Count} and {totals.Count}).", nameof(totals));
        }

        HypothesisLength = hypothesisLength;
        ReferenceLength = referenceLength;
        Matches = [.. matches];
        Totals = [.. totals];
    }

    /// <summary>Number of hypothesis tokens.</summary>
    public long HypothesisLength { get; }

    /// <summary>Number of reference tokens (per segment: of the reference closest in length, the shorter on a tie).</summary>
    public long ReferenceLength { get; }

    /// <summary>Clipped n-gram matches, index n - 1.</summary>
    public IReadOnlyList<long> Matches { get; }

    /// <summary>Hypothesis n-gram counts, index n - 1.</summary>
    public IReadOnlyList<long> Totals { get; }

    /// <summary>The element-wise sum of two sets of statistics.</summary>
    /// <exception cref="ArgumentException">When the orders differ.</exception>
    public BleuStatistics Add(BleuStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Matches.Count != Matches.Count)
        {
            throw new ArgumentException("Cannot add statistics of different n-gram orders.", nameof(other));
        }

        return new BleuStatistics(
            HypothesisLength + other.HypothesisLength,
            ReferenceLength + other.ReferenceLength,
            Matches.Zip(other.Matches, (a, b) => a + b).ToArray(),
            Totals.Zip(other.Totals, (a, b) => a + b).ToArray());
    }
}
