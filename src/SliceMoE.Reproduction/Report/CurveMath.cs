using SliceMoE.Evaluation;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Execution;

namespace SliceMoE.Reproduction.Report;

/// <summary>Learning curves averaged over seeds, ready for a line chart.</summary>
internal static class CurveMath
{
    /// <summary>Steps present in every seed's curve, with the mean and standard deviation (0 with one seed) of a metric there.</summary>
    public static (double[] Steps, double[] Mean, double[] Sd) Mean(IReadOnlyList<RunResult> runs, string split, Func<CurvePoint, double> metric)
    {
        if (runs.Count == 0)
        {
            return ([], [], []);
        }

        var perRun = runs.Select(r => r.Curve.Where(p => p.Split == split).GroupBy(p => p.Step).ToDictionary(g => g.Key, g => metric(g.Last()))).ToArray();
        var steps = perRun[0].Keys.Where(s => perRun.All(d => d.ContainsKey(s))).Order().ToArray();
        var mean = steps.Select(s => Statistics.Mean(perRun.Select(d => d[s]).ToArray())).ToArray();
        var sd = steps.Select(s => perRun.Length > 1 ? Statistics.StandardDeviation(perRun.Select(d => d[s]).ToArray()) : 0).ToArray();
        return (steps.Select(s => (double)s).ToArray(), mean, sd);
    }

    /// <summary>Adds a mean curve (with a ±sd band when there are several seeds) to a chart; null when there is nothing to draw.</summary>
    public static LineSeries? Add(LineChart chart, string name, IReadOnlyList<RunResult> runs, string split, Func<CurvePoint, double> metric)
    {
        var (steps, mean, sd) = Mean(runs, split, metric);
        if (steps.Length == 0)
        {
            return null;
        }

        var series = chart.Add(name, steps, mean);
        if (runs.Count > 1)
        {
            series.WithSpread(sd);
        }

        return series;
    }
}
