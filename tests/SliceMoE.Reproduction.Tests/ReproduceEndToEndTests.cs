using System.Text.RegularExpressions;
using SliceMoE.Reproduction.Data;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Tests.Support;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Reproduction;

/// <summary>The micro profile on the shipped sample, end to end: every run, the metrics and the report with every figure.</summary>
[Collection(SerialCollection.Name)]
public class ReproduceEndToEndTests
{
    /// <summary>Every figure the report draws (one or more per table and figure of the paper).</summary>
    private static readonly string[] Figures =
    [
        "figure1a-accuracy", "figure1b-accuracy-vs-ele", "routers-accuracy", "figure2-loss", "figure2-accuracy", "figure2-ele", "table2-accuracy",
        "table2-perplexity", "figure3-shuffled", "figure4-noise", "figure5-temperature", "figure6-confusion", "figure7-synthetic-ele",
        "figure7-segment-experts", "lm-perplexity", "mt-bleu", "specialisation-load", "specialisation-pca-slicemoe", "specialisation-pca-tokenmoe",
    ];

    [Fact]
    public void The_micro_profile_writes_a_report_with_every_figure_and_skips_finished_runs_when_run_again()
    {
        using var dir = new TempDirectory();
        var plan = ReproductionPlan.Create(ReproductionProfile.Micro, ReproductionData.SampleOnly());
        var progress = new RecordingProgress();
        var outcome = new Reproducer(plan, TaskDatasets.WithoutCache, dir.Path, progress).Run("test");

        Assert.True(outcome.Complete);
        Assert.Equal(plan.Runs.Count, outcome.Executed);
        Assert.Equal(plan.Runs.Count, progress.Finished.Count);
        Assert.All(plan.Runs, r => Assert.True(File.Exists(Path.Combine(dir.Path, "runs", r.Id, RunExecutor.ResultFile)), r.Id));

        string md = File.ReadAllText(Path.Combine(dir.Path, "report.md"));
        string html = File.ReadAllText(Path.Combine(dir.Path, "report.html"));
        foreach (string figure in Figures)
        {
            Assert.True(File.Exists(Path.Combine(dir.Path, "figures", figure + ".svg")), figure);
            Assert.Contains($"figures/{figure}.svg", md, StringComparison.Ordinal);
        }

        Assert.Equal(Figures.Length, Regex.Count(html, "<figure class=\"chart\""));
        Assert.Contains($"data-figures=\"{Figures.Length}\"", html, StringComparison.Ordinal);
        foreach (string section in new[] { "Paper Table 1", "Paper Table 2", "Paper Figure 1", "Paper Figure 7", "Language modelling", "Translation", "Expert Specialisation Score", "Verdict rules" })
        {
            Assert.Contains(section, md, StringComparison.Ordinal);
        }

        // Every claim has a verdict, and the paper's numbers stand beside ours.
        Assert.True(outcome.Claims.Count >= 15, $"{outcome.Claims.Count} claims");
        Assert.Contains("| AG NEWS (sample) | 0.", md, StringComparison.Ordinal);
        Assert.Contains("| 0.88 |", md, StringComparison.Ordinal);
        Assert.Contains("25.4 vs 29.1 vs 31", md, StringComparison.Ordinal);
        Assert.Contains("Welch p = ", md, StringComparison.Ordinal); // micro has 2 seeds: the t-tests run

        foreach (string file in new[] { "metrics.jsonl", "metrics.csv", "curves.jsonl", "curves.csv", InvocationLog.FileName })
        {
            Assert.True(new FileInfo(Path.Combine(dir.Path, file)).Length > 0, file);
        }

        Assert.Equal(File.ReadAllLines(Path.Combine(dir.Path, "metrics.jsonl")).Length + 1, File.ReadAllLines(Path.Combine(dir.Path, "metrics.csv")).Length);

        // Again: nothing to train, the same report except the wall time.
        var again = new RecordingProgress();
        var second = new Reproducer(plan, TaskDatasets.WithoutCache, dir.Path, again).Run("test");
        Assert.Equal(0, second.Executed);
        Assert.Equal(plan.Runs.Count, again.Skipped.Count);
        Assert.Empty(again.Started);
        Assert.Equal(2, InvocationLog.Read(dir.Path).Invocations.Count);
        Assert.Equal(outcome.Claims, second.Claims);
    }
}

/// <summary>A report over runs that have not run: every section says what is missing instead of failing.</summary>
public class ReportWithoutRunsTests
{
    [Fact]
    public void Report_only_on_an_empty_folder_writes_a_report_that_says_nothing_ran()
    {
        using var dir = new TempDirectory();
        var plan = ReproductionPlan.Create(ReproductionProfile.Micro, ReproductionData.SampleOnly());
        var outcome = new Reproducer(plan, TaskDatasets.WithoutCache, dir.Path).Run("test", reportOnly: true);
        Assert.Equal(0, outcome.Executed);
        Assert.False(outcome.Complete);
        Assert.All(outcome.Claims, c => Assert.Equal(SliceMoE.Reporting.Verdict.NotApplicable, c.Verdict));
        string md = File.ReadAllText(outcome.Files.Markdown);
        Assert.Contains("INCOMPLETE", md, StringComparison.Ordinal);
        Assert.Contains("Not run yet", md, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, InvocationLog.FileName)), "a report-only call trains nothing and logs no invocation");
    }
}

internal sealed class RecordingProgress(Action<int, RunSpec>? onStart = null) : IReproductionProgress
{
    public List<(RunSpec Run, int? ResumeStep)> Started { get; } = [];

    public List<RunSpec> Finished { get; } = [];

    public List<RunSpec> Skipped { get; } = [];

    public void RunStarted(int index, int total, RunSpec run, int? resumeStep, TimeSpan? eta)
    {
        Started.Add((run, resumeStep));
        onStart?.Invoke(index, run);
    }

    public void RunFinished(int index, int total, RunSpec run, RunResult result, TimeSpan? eta) => Finished.Add(run);

    public void RunSkipped(int index, int total, RunSpec run) => Skipped.Add(run);

    public void Log(string message)
    {
    }
}
