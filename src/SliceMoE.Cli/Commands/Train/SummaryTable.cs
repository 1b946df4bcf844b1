using System.Globalization;
using SliceMoE.Training;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>The final summary of one run: how it ended, its metrics, where its files are.</summary>
internal static class SummaryTable
{
    public static Table Build(TrainingRun run, TrainingSummary s, double tokensPerSecond)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(s);
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]training summary[/]");
        table.AddColumn("");
        table.AddColumn("");
        table.HideHeaders();
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));

        var c = run.Config;
        Row("run", $"{c.Task} on {c.Dataset}, layer {c.Layer}, d={c.Dim}, {c.Layers} layer(s), E={c.Experts}, k={c.TopK}" + (c.Layer == "slicemoe" ? $", S={c.Slices}" : string.Empty));
        Row("outcome", $"{s.Stopped} after {s.Steps}/{run.TotalSteps} steps");
        Row("final train loss", Format(s.FinalTrainLoss, "F4"));
        foreach (var r in new[] { s.Validation, s.Test })
        {
            if (r is not null)
            {
                Row(r.Split, Metric(r));
            }
        }

        if (s.Test is { } test && !double.IsNaN(test.Ele))
        {
            Row("test ELE / CV² of counts", $"{Format(test.Ele, "F3")} / {Format(test.Cv2Counts, "F3")}");
        }

        Row("tokens/s (median)", ProgressText.Rate(tokensPerSecond));
        Row("wall time (this process)", ProgressText.Duration(TimeSpan.FromSeconds(s.WallSeconds)));
        Row("checkpoint", s.Checkpoint);
        Row("metrics", Path.Combine(c.Out, "metrics.jsonl"));
        Row("summary", Path.Combine(c.Out, "summary.json"));
        return table;
    }

    /// <summary>"accuracy 0.6214 (loss 1.2345)" or "perplexity 123.45 (loss 4.8158)".</summary>
    public static string Metric(EvaluationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        string main = r.Perplexity is double ppl ? $"perplexity {Format(ppl, "F2")}" : $"accuracy {Format(r.Accuracy, "F4")}";
        return $"{main} (loss {Format(r.Loss, "F4")}, {r.Count:N0} {(r.Perplexity is null ? "examples" : "tokens")})" + (r.Bleu is double b ? $", BLEU {Format(b, "F2")}" : string.Empty);
    }

    public static string Format(double v, string format) => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);
}
