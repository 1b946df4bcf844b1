using System.Globalization;
using SliceMoE.Evaluation;

namespace SliceMoE.Reproduction.Report;

/// <summary>A metric over seeds: mean, sample standard deviation (with 2 or more), and the values.</summary>
/// <param name="Values">One value per seed that finished (NaN values left out).</param>
public readonly record struct Stat(IReadOnlyList<double> Values)
{
    /// <summary>No value.</summary>
    public static Stat Empty { get; } = new([]);

    /// <summary>Seeds with a value.</summary>
    public int N => Values.Count;

    /// <summary>Mean (NaN without values).</summary>
    public double Mean => N == 0 ? double.NaN : Statistics.Mean([.. Values]);

    /// <summary>Sample standard deviation (NaN with fewer than 2 values).</summary>
    public double Sd => N < 2 ? double.NaN : Statistics.StandardDeviation([.. Values]);

    /// <summary>"mean" (one seed), "mean ± sd" (several), or "—" (none), with <paramref name="format"/>, scaled by <paramref name="scale"/>.</summary>
    public string Text(string format, double scale = 1) => N switch
    {
        0 => "—",
        1 => (scale * Mean).ToString(format, CultureInfo.InvariantCulture),
        _ => $"{(scale * Mean).ToString(format, CultureInfo.InvariantCulture)} ± {(scale * Sd).ToString(format, CultureInfo.InvariantCulture)}",
    };

    /// <summary>Welch's t-test of this against <paramref name="other"/> when both have at least 2 values, else null.</summary>
    public TTestResult? WelchAgainst(Stat other) => N >= 2 && other.N >= 2 ? Statistics.WelchTTest([.. Values], [.. other.Values]) : null;
}
