using System.Text.Json;
using System.Text.Json.Nodes;

namespace SliceMoE.Training;

/// <summary>
/// metrics.jsonl: one JSON object per log step (split "train") and per evaluation (split "validation"/"test"):
/// step, split, loss, accuracy or perplexity, ELE, per-layer per-expert load, learning rate, tokens/s. On resume, lines
/// after the checkpoint's step are dropped so the file matches an uninterrupted run.
/// </summary>
public sealed class MetricsLog
{
    private readonly string _path;

    /// <summary>Opens (creating) the log; lines with step &gt; <paramref name="keepUpToStep"/> are removed when resuming.</summary>
    public MetricsLog(string path, int? keepUpToStep)
    {
        _path = path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (keepUpToStep is int keep && File.Exists(path))
        {
            var kept = File.ReadLines(path).Where(l => StepOf(l) is int step && step <= keep).ToList();
            File.WriteAllLines(path, kept);
        }
        else if (keepUpToStep is null)
        {
            File.WriteAllText(path, string.Empty);
        }
    }

    /// <summary>Appends a training interval.</summary>
    public void Write(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        Append(new JsonObject
        {
            ["step"] = p.Step,
            ["split"] = "train",
            ["loss"] = Number(p.Loss),
            ["accuracy"] = Number(p.Accuracy),
            ["aux"] = Number(p.AuxObjective),
            ["ele"] = Number(p.Ele),
            ["load"] = Load(p.Load),
            ["lr"] = p.LearningRate,
            ["grad_norm"] = Number(p.GradientNorm),
            ["tokens_per_s"] = Number(p.TokensPerSecond),
            ["elapsed_s"] = Math.Round(p.Elapsed.TotalSeconds, 3),
        });
    }

    /// <summary>Appends an evaluation.</summary>
    public void Write(int step, EvaluationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        Append(new JsonObject
        {
            ["step"] = step,
            ["split"] = r.Split,
            ["loss"] = Number(r.Loss),
            ["accuracy"] = Number(r.Accuracy),
            ["perplexity"] = r.Perplexity is double ppl ? Number(ppl) : null,
            ["bleu"] = r.Bleu is double b ? Number(b) : null,
            ["ele"] = Number(r.Ele),
            ["cv2_counts"] = Number(r.Cv2Counts),
            ["load"] = Load(r.Load),
            ["count"] = r.Count,
        });
    }

    /// <summary>A line's step; null for a blank line or one torn by a kill in the middle of its write (it is dropped).</summary>
    private static int? StepOf(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(line)?["step"]?.GetValue<int>() ?? 0;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static JsonArray Load(IReadOnlyList<double[]> load) =>
        new(load.Select(layer => (JsonNode?)new JsonArray(layer.Select(v => (JsonNode?)JsonValue.Create(Math.Round(v, 6))).ToArray())).ToArray());

    private void Append(JsonObject line) => File.AppendAllText(_path, line.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n");
}
