using SliceMoE.Reproduction.Data;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Tests.Support;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Reproduction;

[Collection(SerialCollection.Name)]
public class ResumeTests
{
    [Fact]
    public void An_interrupted_reproduction_resumes_the_half_finished_run_from_its_checkpoint_to_the_same_result()
    {
        using var dir = new TempDirectory();
        var plan = ReproductionPlan.Create(ReproductionProfile.Micro with { Seeds = 1 }, ReproductionData.SampleOnly());
        var victim = plan.Runs[2];
        using var cancel = new CancellationTokenSource();
        var first = new Reproducer(plan, TaskDatasets.WithoutCache, dir.Path, new RecordingProgress((i, _) =>
        {
            if (i == 2)
            {
                cancel.Cancel(); // the training loop stops before its first step and saves a checkpoint
            }
        })).Run("test", cancellation: cancel.Token);

        Assert.True(first.Interrupted);
        Assert.False(first.Complete);
        Assert.Equal(2, first.Executed);
        string folder = Path.Combine(dir.Path, "runs", victim.Id);
        Assert.False(File.Exists(Path.Combine(folder, RunExecutor.ResultFile)));
        Assert.Equal(0, RunExecutor.ResumeStep(folder));
        Assert.Contains("INCOMPLETE", File.ReadAllText(Path.Combine(dir.Path, "report.md")), StringComparison.Ordinal);

        var progress = new RecordingProgress();
        var second = new Reproducer(plan, TaskDatasets.WithoutCache, dir.Path, progress).Run("test");
        Assert.True(second.Complete);
        Assert.Equal(2, progress.Skipped.Count);
        Assert.Equal((victim, (int?)0), progress.Started[0]);
        Assert.Equal(0, second.Results[victim.Id].ResumedFromStep);

        // The resumed run ends exactly where an uninterrupted one does.
        using var fresh = new TempDirectory();
        var uninterrupted = new RunExecutor(plan, TaskDatasets.WithoutCache).Execute(victim, Path.Combine(fresh.Path, victim.Id))!;
        Assert.Equal(uninterrupted.Validation, second.Results[victim.Id].Validation, new MetricsComparer());
        Assert.Equal(uninterrupted.TestPredictions, second.Results[victim.Id].TestPredictions);
    }

    [Fact]
    public void A_run_folder_made_with_another_configuration_is_refused()
    {
        using var dir = new TempDirectory();
        var plan = ReproductionPlan.Create(ReproductionProfile.Micro with { Seeds = 1 }, ReproductionData.SampleOnly());
        var run = plan.Runs.First(r => r.Variant == Variant.Synthetic);
        string folder = Path.Combine(dir.Path, run.Id);
        var result = new RunExecutor(plan, TaskDatasets.WithoutCache).Execute(run, folder)!;
        Assert.Equal(result.Synthetic!.Epochs, RunExecutor.Finished(run, folder)!.Synthetic!.Epochs);

        var other = plan.Runs.First(r => r.Variant == Variants.Slice("agnews"));
        var e = Assert.Throws<InvalidOperationException>(() => RunExecutor.Finished(other, folder));
        Assert.Contains("different configuration", e.Message, StringComparison.Ordinal);
    }

    private sealed class MetricsComparer : IEqualityComparer<SplitMetrics?>
    {
        public bool Equals(SplitMetrics? x, SplitMetrics? y) =>
            (x!.Loss, x.Accuracy, x.Ele, x.Count) == (y!.Loss, y.Accuracy, y.Ele, y.Count) && x.Load.Zip(y.Load).All(p => p.First.SequenceEqual(p.Second));

        public int GetHashCode(SplitMetrics? obj) => 0;
    }
}
