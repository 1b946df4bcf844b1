using System.Diagnostics;
using System.Globalization;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Cli.Commands.Reproduce;

/// <summary>One line per run start, finish or skip, with the elapsed time and the estimated time left.</summary>
internal sealed class ConsoleProgress(TextWriter output, bool verbose) : IReproductionProgress
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void RunStarted(int index, int total, RunSpec run, int? resumeStep, TimeSpan? eta) =>
        Line(index, total, $"{run.Id} {(resumeStep is int s ? $"resumes at step {s}" : "starts")}{Eta(eta)}");

    public void RunFinished(int index, int total, RunSpec run, RunResult result, TimeSpan? eta) =>
        Line(index, total, $"{run.Id} done in {result.WallSeconds:0.0} s: {Summary(result)}{Eta(eta)}");

    public void RunSkipped(int index, int total, RunSpec run) => Line(index, total, $"{run.Id} already done");

    public void Log(string message)
    {
        if (verbose)
        {
            output.WriteLine($"           {message}");
        }
    }

    private static string Summary(RunResult r) => r switch
    {
        { Synthetic: { } s } => string.Create(CultureInfo.InvariantCulture, $"final ELE {s.Epochs[^1].Ele:0.000}, accuracy {s.Epochs[^1].TestAccuracy:0.000}"),
        { Translation: { } t } => string.Create(CultureInfo.InvariantCulture, $"BLEU {t.Bleu:0.00}, validation perplexity {r.Validation?.Perplexity:0.0}"),
        { Validation.Perplexity: double p } => string.Create(CultureInfo.InvariantCulture, $"validation perplexity {p:0.0}"),
        { Validation.Ele: double e } when double.IsFinite(e) => string.Create(CultureInfo.InvariantCulture, $"validation accuracy {r.Validation.Accuracy:0.000}, ELE {e:0.000}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"validation accuracy {r.Validation?.Accuracy:0.000}"),
    };

    private static string Eta(TimeSpan? eta) => eta is TimeSpan t ? $" (about {Minutes(t)} left)" : string.Empty;

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds:00} s" : $"{t.Seconds} s";

    private void Line(int index, int total, string text) =>
        output.WriteLine($"[{Minutes(_clock.Elapsed),12}] {index + 1,3}/{total} {text}");
}
