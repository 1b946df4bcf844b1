using System.Diagnostics;
using SliceMoE.Reporting;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Reproduction.Report;

using SliceMoE.Training.Data;

namespace SliceMoE.Reproduction.Execution;

/// <summary>
/// Runs a reproduction into an output folder: every run of the plan not done yet (in plan order, skipping finished ones,
/// resuming an interrupted one from its checkpoint), then the raw metrics and the report. Cancelling stops after the
/// current run saves a checkpoint; the report is still written (marked incomplete), and the same call finishes the job.
/// </summary>
public sealed class Reproducer
{
    private readonly string _out;
    private readonly IReproductionProgress? _progress;
    private readonly RunExecutor _executor;
    private readonly ITaskDataSource _data;

    /// <summary>A reproduction of <paramref name="plan"/> into <paramref name="outDirectory"/>, on the data <paramref name="data"/> resolves.</summary>
    public Reproducer(ReproductionPlan plan, ITaskDataSource data, string outDirectory, IReproductionProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrEmpty(outDirectory);
        Plan = plan;
        _out = outDirectory;
        _progress = progress;
        _data = data;
        _executor = new RunExecutor(plan, data, progress is null ? null : progress.Log);
    }

    /// <summary>The plan, with the learning rates its sweep has chosen so far (it grows as <see cref="Run"/> finishes the sweep).</summary>
    public ReproductionPlan Plan { get; private set; }

    /// <summary>The folder of one run.</summary>
    public string RunFolder(RunSpec run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Path.Combine(_out, "runs", run.Id);
    }

    /// <summary>Runs what is not done (unless <paramref name="reportOnly"/>), then writes metrics and the report.</summary>
    public ReproductionOutcome Run(string command, bool reportOnly = false, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(_out);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var results = new Dictionary<string, RunResult>();
        int executed = 0;
        bool interrupted = false;
        double executedCost = 0;
        var baselines = Baselines(reportOnly);
        while (true)
        {
            double totalCost = Plan.Runs.Sum(r => r.Cost), doneCost = 0;
            for (int i = 0; i < Plan.Runs.Count && !interrupted; i++)
            {
                var run = Plan.Runs[i];
                string folder = RunFolder(run);
                if (results.ContainsKey(run.Id))
                {
                    doneCost += run.Cost; // done in an earlier pass of this loop
                    continue;
                }

                if (RunExecutor.Finished(run, folder) is { } finished)
                {
                    results[run.Id] = finished;
                    doneCost += run.Cost;
                    _progress?.RunSkipped(i, Plan.Runs.Count, run);
                    continue;
                }

                if (reportOnly)
                {
                    continue;
                }

                if (cancellation.IsCancellationRequested)
                {
                    interrupted = true;
                    break;
                }

                _progress?.RunStarted(i, Plan.Runs.Count, run, RunExecutor.ResumeStep(folder), Eta(totalCost - doneCost, executedCost, clock.Elapsed));
                var result = _executor.Execute(run, folder, cancellation);
                if (result is null)
                {
                    interrupted = true;
                    break;
                }

                results[run.Id] = result;
                executed++;
                doneCost += run.Cost;
                executedCost += run.Cost;
                _progress?.RunFinished(i, Plan.Runs.Count, run, result, Eta(totalCost - doneCost, executedCost, clock.Elapsed));
            }

            // A finished sweep chooses rates, which turns pending variants into runs: plan again and go on.
            var rates = LearningRateChoice.Choose(Plan, results);
            if (interrupted || Plan.Pending.Count == 0 || rates.Count == Plan.LearningRates.Count)
            {
                break;
            }

            Plan = ReproductionPlan.Create(Plan.Profile, Plan.Data, rates);
            _progress?.Log("learning rates chosen: " + string.Join(", ", rates.Select(r => $"{r.Key.Task} {r.Key.Model} {r.Value:g3}")));
        }

        bool complete = Plan.Pending.Count == 0 && Plan.Runs.All(r => results.ContainsKey(r.Id));
        var log = InvocationLog.Read(_out).With(new Invocation(started, clock.Elapsed.TotalSeconds, executed, complete, command));
        if (!reportOnly)
        {
            log.Write(_out);
        }

        MetricsExport.Write(_out, Plan, results);
        var (document, claims) = ReproductionReport.Build(Plan, results, new ReproductionEnvironment(command, MachineInfo.Current(), reportOnly ? InvocationLog.Read(_out) : log, reportOnly), baselines);
        var files = document.Write(_out);
        _progress?.Log($"report: {files.Markdown}, {files.Html} ({files.Figures.Count} figures)");
        return new ReproductionOutcome(results, claims, files, executed, complete, interrupted);
    }

    // The classical baselines of a profile that asks for them: computed once (they do not depend on a seed) and kept in the folder.
    private BaselineResults? Baselines(bool reportOnly)
    {
        string path = Path.Combine(_out, BaselineExecutor.FileName);
        if (!Plan.Profile.Baselines)
        {
            return null;
        }

        if (File.Exists(path))
        {
            return ResultJson.Read<BaselineResults>(path);
        }

        if (reportOnly)
        {
            return null;
        }

        _progress?.Log("classical baselines: bag-of-words logistic regression, Kneser-Ney n-grams, copy and word-by-word translation");
        var baselines = BaselineExecutor.Run(Plan, _data, _progress is null ? null : _progress.Log);
        ResultJson.Write(path, baselines);
        return baselines;
    }

    // Remaining cost at the rate measured in this invocation (null before any run finished here).
    private static TimeSpan? Eta(double remainingCost, double executedCost, TimeSpan elapsed) =>
        executedCost > 0 ? TimeSpan.FromSeconds(remainingCost * elapsed.TotalSeconds / executedCost) : null;
}

/// <summary>What a reproduction did.</summary>
/// <param name="Results">Every finished run, by id.</param>
/// <param name="Claims">The claims judged in the report.</param>
/// <param name="Files">The report's files.</param>
/// <param name="Executed">Runs trained in this invocation.</param>
/// <param name="Complete">Whether every run of the plan is done.</param>
/// <param name="Interrupted">Whether this invocation was cancelled.</param>
public sealed record ReproductionOutcome(IReadOnlyDictionary<string, RunResult> Results, IReadOnlyList<Claim> Claims, ReportFiles Files, int Executed, bool Complete, bool Interrupted);
