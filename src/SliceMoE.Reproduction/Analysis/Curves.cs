using System.Text.Json.Nodes;
using SliceMoE.Reproduction.Execution;

namespace SliceMoE.Reproduction.Analysis;

/// <summary>Reads a run's learning curve back from the <c>metrics.jsonl</c> the training loop wrote.</summary>
public static class Curves
{
    /// <summary>The training intervals and validation evaluations, in file order (the final test line is left out).</summary>
    /// <exception cref="FormatException">When a line is not a JSON object with a step.</exception>
    public static IReadOnlyList<CurvePoint> Read(string metricsPath)
    {
        var points = new List<CurvePoint>();
        foreach (string line in File.ReadLines(metricsPath))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var o = JsonNode.Parse(line) as JsonObject ?? throw new FormatException($"{metricsPath}: a line is not a JSON object.");
            string split = o["split"]?.GetValue<string>() ?? "train";
            if (split is not ("train" or "validation"))
            {
                continue;
            }

            int step = o["step"]?.GetValue<int>() ?? throw new FormatException($"{metricsPath}: a line has no step.");
            points.Add(new CurvePoint(step, split, Number(o["loss"]), Number(o["accuracy"]), Optional(o["perplexity"]), Number(o["ele"]), Optional(o["bleu"])));
        }

        return points;
    }

    private static double Number(JsonNode? node) => node is null ? double.NaN : node.GetValue<double>();

    private static double? Optional(JsonNode? node) => node?.GetValue<double>();
}
