using System.Globalization;
using SliceMoE.Cli.Commands.Train;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Eval;

/// <summary><c>slicemoe eval</c>'s report as tables: metrics, the confusion matrix, and per-layer expert load.</summary>
internal static class EvalView
{
    public static void Write(IAnsiConsole console, EvalReport r)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(r);
        console.WriteLine($"{r.Checkpoint}: {r.Task} on {r.Dataset}, layer {r.Layer}, step {r.Step}; split {r.Split}" + (r.PackedWeights == "none" ? string.Empty : $"; weights packed as {r.PackedWeights}"));
        foreach (var w in r.Warnings)
        {
            console.WriteLine($"warning: {w}");
        }

        console.Write(Metrics(r));
        if (r.Labels is { } labels && r.Confusion is { } confusion)
        {
            console.Write(Confusion(labels, confusion));
        }

        if (r.Load.Count > 0)
        {
            console.Write(Load(r.Load));
        }

        foreach (var s in r.Samples ?? [])
        {
            console.WriteLine($"source:     {s.Source}");
            console.WriteLine($"hypothesis: {s.Hypothesis}");
            console.WriteLine($"reference:  {s.Reference}");
            console.WriteLine();
        }
    }

    private static Table Metrics(EvalReport r)
    {
        var t = new Table().Border(TableBorder.Rounded).HideHeaders();
        t.AddColumn("");
        t.AddColumn(new TableColumn("").RightAligned());
        void Row(string name, string value) => t.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row(r.Task == "classification" ? "examples" : "target tokens", r.Count.ToString("N0", CultureInfo.InvariantCulture));
        Row("loss", F(r.Loss, "F4"));
        if (r.Task == "classification")
        {
            Row("accuracy", F(r.Accuracy, "F4"));
            Row("macro-F1", F(r.MacroF1 ?? double.NaN, "F4"));
        }
        else
        {
            Row("perplexity", F(r.Perplexity ?? double.NaN, "F2"));
            Row("next-token accuracy", F(r.Accuracy, "F4"));
        }

        if (r.Bleu is double bleu)
        {
            Row($"BLEU (beam {r.Beam}, first {r.Decoded} sentences)", F(bleu, "F2"));
        }

        if (!double.IsNaN(r.Ele))
        {
            Row("ELE (mean over MoE layers)", F(r.Ele, "F3"));
            Row("CV² of counts (mean over MoE layers)", F(r.Cv2Counts, "F3"));
        }

        Row("parameters sha256", r.ParametersSha256[..16] + "…");
        return t;
    }

    /// <summary>Rows: actual class; columns: predicted class (by number, to keep the table narrow), then recall.</summary>
    private static Table Confusion(IReadOnlyList<string> labels, long[][] counts)
    {
        var t = new Table().Border(TableBorder.Simple).Title("confusion matrix (rows: actual, columns: predicted)");
        t.AddColumn("actual");
        for (int j = 0; j < labels.Count; j++)
        {
            t.AddColumn(new TableColumn(j.ToString(CultureInfo.InvariantCulture)).RightAligned());
        }

        t.AddColumn(new TableColumn("recall").RightAligned());
        for (int i = 0; i < labels.Count; i++)
        {
            long total = counts[i].Sum();
            var cells = new List<string> { Markup.Escape($"{i} {labels[i]}") };
            cells.AddRange(counts[i].Select((n, j) => n == 0 ? "[grey].[/]" : i == j ? $"[bold]{n}[/]" : n.ToString(CultureInfo.InvariantCulture)));
            cells.Add(total == 0 ? "-" : ((double)counts[i][i] / total).ToString("P0", CultureInfo.InvariantCulture));
            t.AddRow(cells.ToArray());
        }

        return t;
    }

    /// <summary>Per MoE layer: its ELE, dead experts and each expert's share of the assignments.</summary>
    private static Table Load(IReadOnlyList<double[]> load)
    {
        int experts = load.Max(l => l.Length);
        var t = new Table().Border(TableBorder.Simple).Title("expert load per MoE layer (% of assignments)");
        t.AddColumn("layer");
        t.AddColumn(new TableColumn("ELE").RightAligned());
        t.AddColumn(new TableColumn("dead").RightAligned());
        for (int e = 0; e < experts; e++)
        {
            t.AddColumn(new TableColumn(e.ToString(CultureInfo.InvariantCulture)).RightAligned());
        }

        for (int layer = 0; layer < load.Count; layer++)
        {
            var l = load[layer];
            var cells = new List<string> { layer.ToString(CultureInfo.InvariantCulture), F(Entropy(l), "F3"), l.Count(v => v == 0).ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(l.Select(v => (100 * v).ToString("F1", CultureInfo.InvariantCulture)));
            t.AddRow(cells.ToArray());
        }

        return t;
    }

    /// <summary>ELE of one layer from its load shares: −Σ p log p / log E (the definition of RoutingStatistics.ExpertLoadEntropy).</summary>
    private static double Entropy(double[] shares)
    {
        if (shares.Length <= 1)
        {
            return 1;
        }

        double h = shares.Where(p => p > 0).Sum(p => -p * Math.Log(p));
        return h / Math.Log(shares.Length);
    }

    private static string F(double v, string format) => SummaryTable.Format(v, format);
}
