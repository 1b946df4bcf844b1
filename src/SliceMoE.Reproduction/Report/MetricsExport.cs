using SliceMoE.Reporting;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>The raw numbers beside the report: metrics.jsonl/csv (one row per run and split, noise level or synthetic epoch) and curves.jsonl/csv.</summary>
public static class MetricsExport
{
    private static readonly string[] MetricColumns =
    [
        "run", "variant", "label", "task", "role", "seed", "split", "sigma", "epoch", "loss", "accuracy", "perplexity", "bleu", "ele", "cv2_counts",
        "count", "steps", "ffn_parameters", "ffn_flops_per_token", "model_parameters", "trainable_parameters", "wall_s",
    ];

    private static readonly string[] CurveColumns = ["run", "variant", "seed", "step", "split", "loss", "accuracy", "perplexity", "ele"];

    /// <summary>Writes both pairs of files into <paramref name="directory"/> (replacing them), runs in plan order.</summary>
    public static void Write(string directory, ReproductionPlan plan, IReadOnlyDictionary<string, RunResult> results)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        var done = plan.Runs.Select(r => results.GetValueOrDefault(r.Id)).OfType<RunResult>().ToArray();
        using (var metrics = new MetricsWriter(Path.Combine(directory, "metrics.jsonl"), Path.Combine(directory, "metrics.csv"), MetricColumns))
        {
            foreach (var r in done)
            {
                WriteRun(metrics, r);
            }
        }

        using var curves = new MetricsWriter(Path.Combine(directory, "curves.jsonl"), Path.Combine(directory, "curves.csv"), CurveColumns);
        foreach (var r in done)
        {
            foreach (var p in r.Curve)
            {
                curves.Write(r.Id, r.Variant, r.Seed, p.Step, p.Split, p.Loss, p.Accuracy, p.Perplexity, p.Ele);
            }
        }
    }

    private static void WriteRun(MetricsWriter w, RunResult r)
    {
        Dictionary<string, object?> Row(string split) => new()
        {
            ["run"] = r.Id,
            ["variant"] = r.Variant,
            ["label"] = r.Label,
            ["task"] = r.Task,
            ["role"] = r.Role,
            ["seed"] = r.Seed,
            ["split"] = split,
            ["steps"] = r.Steps,
            ["ffn_parameters"] = r.FeedForwardParameters,
            ["ffn_flops_per_token"] = r.FeedForwardFlops,
            ["model_parameters"] = r.ModelParameters,
            ["trainable_parameters"] = r.TrainableParameters,
            ["wall_s"] = r.WallSeconds,
        };

        foreach (var (split, m) in new[] { ("validation", r.Validation), ("test", r.Test) })
        {
            if (m is null)
            {
                continue;
            }

            var row = Row(split);
            row["loss"] = m.Loss;
            row["accuracy"] = m.Accuracy;
            row["perplexity"] = m.Perplexity;
            row["bleu"] = split == "test" ? r.Translation?.Bleu : null;
            row["ele"] = m.Ele;
            row["cv2_counts"] = m.Cv2Counts;
            row["count"] = m.Count;
            w.Write(row);
        }

        foreach (var n in r.Noise ?? [])
        {
            var row = Row("validation-noise");
            row["sigma"] = n.Sigma;
            row["loss"] = n.Loss;
            row["accuracy"] = n.Accuracy;
            row["ele"] = n.Ele;
            w.Write(row);
        }

        foreach (var e in r.Synthetic?.Epochs ?? [])
        {
            var row = Row("synthetic-epoch");
            row["epoch"] = e.Epoch;
            row["loss"] = e.TrainLoss;
            row["accuracy"] = e.TestAccuracy;
            row["ele"] = e.Ele;
            w.Write(row);
        }

        if (r.Specialisation is { } s)
        {
            var row = Row("specialisation");
            row["label"] = $"{r.Label}: ESS {s.MeanEss:0.000} (baseline {s.BaselineEss:0.000})";
            w.Write(row);
        }
    }
}
