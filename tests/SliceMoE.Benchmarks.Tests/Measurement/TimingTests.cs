using SliceMoE.Benchmarks.Measurement;

namespace SliceMoE.Tests.Benchmarks.Measurement;

/// <summary>The timing harness's bookkeeping (never a timing: what ran, how often, in which order).</summary>
public class TimingTests
{
    [Fact]
    public void Interleaved_rounds_time_every_action_in_turn_in_every_round()
    {
        var calls = new List<int>();
        var actions = Enumerable.Range(0, 3).Select(i => (Action)(() => calls.Add(i))).ToArray();
        var results = Timing.MeasureInterleaved(actions, rounds: 4, minSeconds: 0, pause: TimeSpan.Zero);

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.True(r.Runs >= 4 * 2, $"{r.Runs} timed runs over 4 rounds of at least 2"));

        // Action i's calls come in one block per round, and the blocks go 0, 1, 2, 0, 1, 2, ...
        var blocks = new List<int>();
        foreach (int i in calls)
        {
            if (blocks.Count == 0 || blocks[^1] != i)
            {
                blocks.Add(i);
            }
        }

        Assert.Equal(Enumerable.Range(0, 4 * 3).Select(b => b % 3), blocks);
    }

    [Fact]
    public void Measure_times_at_least_the_runs_asked_for_after_the_warm_up()
    {
        int calls = 0;
        var result = Timing.Measure(() => calls++, warmup: 3, minRuns: 7, minSeconds: 0);
        Assert.True(result.Runs >= 7);
        Assert.Equal(3 + result.Runs, calls);
        Assert.True(result.BestSeconds <= result.MedianSeconds);
    }
}
