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
    public static TimingResult Measure(Action action, int warmup = 2, int minRuns = 5, double minSeconds = 0.5) =>
        Summarize(Collect(action, warmup, minRuns, minSeconds));

    /// <summary>
    /// Times several actions under the same conditions: <paramref name="rounds"/> rounds, each timing every action in turn
    /// for about <paramref name="minSeconds"/>/<paramref name="rounds"/> with a pause between them, so that a slow spell of
    /// this shared machine falls on all of them rather than on whichever ran then. Returns one result per action, over
    /// all its rounds.
    /// </summary>
    /// <param name="actions">The actions to compare.</param>
    /// <param name="rounds">Rounds of timing.</param>
    /// <param name="minSeconds">Minimum timed seconds per action over all rounds.</param>
    /// <param name="pause">Idle time after each action's block: lets one library's spinning worker threads go to sleep before the next is timed.</param>
    /// <param name="helpers">Per action, the process that does its work (e.g. a PyTorch worker the action sends a request to), or null: its CPU time is the action's own, not another process's contention.</param>
    public static IReadOnlyList<TimingResult> MeasureInterleaved(IReadOnlyList<Action> actions, int rounds, double minSeconds, TimeSpan pause, IReadOnlyList<Process?>? helpers = null)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var samples = actions.Select(_ => new Samples()).ToArray();
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < actions.Count; i++)
            {
                WarmUp(actions[i], WarmUpSeconds);
                samples[i].Add(Collect(actions[i], warmup: 0, minRuns: 2, minSeconds / rounds, helpers?[i]));
                Thread.Sleep(pause);
            }
        }

        return samples.Select(Summarize).ToArray();
    }

    /// <summary>Each block of <see cref="MeasureInterleaved"/> first runs its action this long: after a pause, both cores need a moment to come back to full speed.</summary>
    private const double WarmUpSeconds = 0.1;

    private static void WarmUp(Action action, double seconds)
    {
        long t0 = Stopwatch.GetTimestamp();
        do
        {
            action();
        }
        while (Stopwatch.GetElapsedTime(t0).TotalSeconds < seconds);
    }

    private static Samples Collect(Action action, int warmup, int minRuns, double minSeconds, Process? helper = null)
    {
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        var samples = new Samples();
        double total = 0;
        while ((samples.Clean.Count < minRuns || total < minSeconds) && samples.All.Count < 200 && samples.All.Count < Math.Max(3 * minRuns, 30))
        {
            var load = ForeignLoad.Start(helper);
            long t0 = Stopwatch.GetTimestamp();
            action();
            double dt = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            samples.All.Add(dt);
            total += dt;

            // /proc/stat counts in 10 ms ticks: allow for that granularity on short runs.
            if (load.Cores() <= 0.1 + (0.03 / Math.Max(dt, 1e-3)))
            {
                samples.Clean.Add(dt);
            }
        }

        return samples;
    }

    private static TimingResult Summarize(Samples samples)
    {
        var use = samples.Clean.Count >= 3 ? samples.Clean : samples.All;
        use.Sort();
        return new TimingResult(use[use.Count / 2], samples.All.Min(), samples.All.Count, samples.All.Count - samples.Clean.Count);
    }

    /// <summary>Timed runs: all of them, and those no other process disturbed.</summary>
    private sealed class Samples
    {
        public List<double> All { get; } = [];

        public List<double> Clean { get; } = [];

        public void Add(Samples other)
        {
            All.AddRange(other.All);
            Clean.AddRange(other.Clean);
        }
    }
}
