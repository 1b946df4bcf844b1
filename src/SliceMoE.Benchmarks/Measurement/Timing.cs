using System.Diagnostics;

namespace SliceMoE.Benchmarks.Measurement;

/// <summary>How long an action takes: median and best of several timed runs after warm-up.</summary>
/// <param name="MedianSeconds">Median of the timed runs.</param>
/// <param name="BestSeconds">Fastest timed run.</param>
/// <param name="Runs">Number of timed runs.</param>
/// <param name="Contended">Runs during which other processes used more than 0.1 core.</param>
public sealed record TimingResult(double MedianSeconds, double BestSeconds, int Runs, int Contended);

/// <summary>Runs an action until enough clean timings exist.</summary>
public static class Timing
{
    /// <summary>
    /// Warms up, then times <paramref name="action"/> at least <paramref name="minRuns"/> times and for at least
    /// <paramref name="minSeconds"/> in total (at most 200 runs). Runs disturbed by other processes are repeated
    /// (up to three times the runs) and reported.
    /// </summary>
    public static TimingResult Measure(Action action, int warmup = 2, int minRuns = 5, double minSeconds = 0.5)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        var clean = new List<double>();
        var all = new List<double>();
        int contended = 0;
        double total = 0;
        while ((clean.Count < minRuns || total < minSeconds) && all.Count < 200 && all.Count < Math.Max(3 * minRuns, 30))
        {
            var load = ForeignLoad.Start();
            long t0 = Stopwatch.GetTimestamp();
            action();
            double dt = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            all.Add(dt);
            total += dt;

            // /proc/stat counts in 10 ms ticks: allow for that granularity on short runs.
            if (load.Cores() <= 0.1 + (0.03 / Math.Max(dt, 1e-3)))
            {
                clean.Add(dt);
            }
            else
            {
                contended++;
            }
        }

        var use = clean.Count >= 3 ? clean : all;
        use.Sort();
        return new TimingResult(use[use.Count / 2], all.Min(), all.Count, contended);
    }
}
