using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Table 2: the slice count S for classification (accuracy, ELE) and language modelling (perplexity, ELE).</summary>
internal static class SliceCountSection
{
    /// <summary>Perplexity within this share of the best counts as "near the peak" (the LM analogue of the 1 pp accuracy tolerance).</summary>
    private const double PerplexityTolerance = 0.01;

    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Paper Table 2: slice count S");
        var counts = ctx.Plan.Profile.SliceCounts;
        section.AddParagraph($"SliceMoE with S in {{{string.Join(", ", counts)}}} (k=2, E=16, expert hidden 4d/k, so every S has the same active FLOPs) on {ctx.RoleName("agnews")} and {ctx.RoleName("lm")}.");
        var table = new ReportTable(
            new TableColumn("S", ColumnAlignment.Right), new TableColumn("Accuracy", ColumnAlignment.Right), new TableColumn("Paper", Format: "0.000"),
            new TableColumn("ELE", ColumnAlignment.Right), new TableColumn("Paper", Format: "0.00"), new TableColumn("Perplexity", ColumnAlignment.Right),
            new TableColumn("Paper", Format: "0.0"), new TableColumn("ELE (LM)", ColumnAlignment.Right), new TableColumn("Paper", Format: "0.00"))
        {
            Caption = $"Slice count S: {ctx.PaperName("agnews")} stand-in validation accuracy and ELE, {ctx.PaperName("lm")} stand-in validation perplexity and ELE, against the paper's Table 2.",
        };
        var acc = new List<double>();
        var accEle = new List<double>();
        var ppl = new List<double>();
        var pplEle = new List<double>();
        foreach (int s in counts)
        {
            var a = ctx.Measure(Variants.Slice("agnews", s), r => r.Validation?.Accuracy);
            var ae = ctx.Measure(Variants.Slice("agnews", s), r => r.Validation?.Ele);
            var p = ctx.Measure(Variants.Slice("lm", s), r => r.Validation?.Perplexity);
            var pe = ctx.Measure(Variants.Slice("lm", s), r => r.Validation?.Ele);
            acc.Add(a.Mean);
            accEle.Add(ae.Mean);
            ppl.Add(p.Mean);
            pplEle.Add(pe.Mean);
            var paper = PaperResults.Table2.GetValueOrDefault(s);
            table.AddRow(s, a.Text("0.000"), paper.Accuracy?.Value, ae.Text("0.000"), paper.AccuracyEle?.Value, p.Text("0.0"), paper.Perplexity?.Value, pe.Text("0.000"), paper.PerplexityEle?.Value);
        }

        section.AddTable(table);
        var xs = counts.Select(c => (double)c).ToArray();
        section.AddFigure("table2-accuracy", Chart("Accuracy against slice count", "validation accuracy", xs, acc, accEle), $"{ctx.RoleName("agnews")}: validation accuracy (solid) and ELE (dashed) per slice count S (log scale).");
        section.AddFigure("table2-perplexity", Chart("Perplexity against slice count", "validation perplexity", xs, ppl, null), $"{ctx.RoleName("lm")}: validation perplexity per slice count S (log scale).");

        double best = PaperResults.BestSlices.Value;
        var paperBest = PaperResults.Table2[(int)best];
        ctx.Judge(section, new Claim(
            "table2", $"Classification accuracy peaks at S={best} (Table 2).", $"best at S={best} ({paperBest.Accuracy})",
            $"best at S={Best(xs, acc, true)}, S={best} {ReportContext.F(ReportContext.ValueAt(xs, acc, best))}", VerdictRules.PeakAt(xs, acc, best, true, VerdictRules.StableDrop),
            $"Rule: reproduced when S={best} has the best accuracy, partly when within {100 * VerdictRules.StableDrop:0} pp of the best."));
        double bestPpl = ppl.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
        ctx.Judge(section, new Claim(
            "table2", $"Language-model perplexity is lowest at S={best} (Table 2).", $"best at S={best} ({paperBest.Perplexity})",
            $"best at S={Best(xs, ppl, false)}, S={best} {ReportContext.F(ReportContext.ValueAt(xs, ppl, best), "0.0")}", VerdictRules.PeakAt(xs, ppl, best, false, PerplexityTolerance * bestPpl),
            $"Rule: reproduced when S={best} has the lowest perplexity, partly when within {100 * PerplexityTolerance:0}% of the lowest."));
        ctx.Judge(section, new Claim(
            "table2", $"ELE also peaks around S={best}.", $"classification ELE best at S={best}, LM ELE best at S={best}",
            $"classification ELE best at S={Best(xs, accEle, true)}, LM ELE best at S={Best(xs, pplEle, true)}",
            VerdictRules.Combine([VerdictRules.PeakAt(xs, accEle, best, true, VerdictRules.EleTolerance), VerdictRules.PeakAt(xs, pplEle, best, true, VerdictRules.EleTolerance)]),
            $"Rule: per task, reproduced when S={best} has the highest ELE, partly when within {VerdictRules.EleTolerance} of it; combined."));
    }

    private static LineChart Chart(string title, string yLabel, double[] xs, List<double> values, List<double>? ele)
    {
        var chart = new LineChart { Title = title };
        chart.XAxis.Label = "slices S (log scale)";
        chart.XAxis.Scale = AxisScale.Log;
        chart.YAxis.Label = yLabel;
        chart.Add(yLabel, xs, values).Markers = true;
        if (ele is not null)
        {
            chart.Title = title + " (and ELE)";
            chart.YAxis.Label = "accuracy / ELE";
            var e = chart.Add("ELE", xs, ele);
            e.Markers = true;
            e.Dashed = true;
        }

        return chart;
    }

    private static string Best(double[] xs, List<double> values, bool higher)
    {
        var finite = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(values[i])).ToArray();
        return finite.Length == 0 ? "n/a" : xs[higher ? finite.MaxBy(i => values[i]) : finite.MinBy(i => values[i])].ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
