using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Figure 3: contiguous slices against a fixed random permutation of the coordinates before slicing.</summary>
internal static class ShuffledSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Paper Figure 3: contiguous against shuffled slices");
        var roles = ctx.ClassificationRoles;
        section.AddParagraph("Shuffled slices: one fixed random permutation of the d coordinates (per seed) is applied before cutting slices, so a slice gathers scattered coordinates instead of a contiguous block; everything else is the same.");
        var chart = new LineChart { Title = "Contiguous against shuffled slices" };
        chart.XAxis.Label = "optimiser step";
        chart.YAxis.Label = "validation accuracy";
        var table = new ReportTable("Data set", new TableColumn("Contiguous", ColumnAlignment.Right), new TableColumn("Shuffled", ColumnAlignment.Right), new TableColumn("Δ (contiguous − shuffled)", ColumnAlignment.Right),
            new TableColumn("Paper Δ", ColumnAlignment.Right), new TableColumn("ELE contiguous", ColumnAlignment.Right), new TableColumn("ELE shuffled", ColumnAlignment.Right), "Verdict")
        {
            Caption = "Validation accuracy and ELE of SliceMoE (S=8) with contiguous and shuffled slices.",
        };
        var verdicts = new List<Verdict>();
        var texts = new List<string>();
        var eleTexts = new List<string>();
        for (int i = 0; i < roles.Count; i++)
        {
            var contiguous = Variants.Slice(roles[i]);
            var shuffled = contiguous with { Shuffled = true };
            string color = Palette.Color(i), name = ctx.PaperName(roles[i]);
            if (CurveMath.Add(chart, $"{name} contiguous", ctx.Of(contiguous), "validation", p => p.Accuracy) is { } c)
            {
                c.Color = color;
                c.Markers = true;
            }

            if (CurveMath.Add(chart, $"{name} shuffled", ctx.Of(shuffled), "validation", p => p.Accuracy) is { } s)
            {
                s.Color = color;
                s.Markers = true;
                s.Dashed = true;
            }

            var a = ctx.Measure(contiguous, r => r.Validation?.Accuracy);
            var b = ctx.Measure(shuffled, r => r.Validation?.Accuracy);
            var ea = ctx.Measure(contiguous, r => r.Validation?.Ele);
            var eb = ctx.Measure(shuffled, r => r.Validation?.Ele);
            double diff = a.Mean - b.Mean;
            var verdict = VerdictRules.Improvement(diff, PaperResults.ShuffledLoss.Low);
            verdicts.Add(verdict);
            texts.Add($"{name} {ReportContext.Pp(diff)}");
            eleTexts.Add($"{name} {ReportContext.F(ea.Mean)} vs {ReportContext.F(eb.Mean)}");
            table.AddRow(ctx.RoleName(roles[i]), a.Text("0.000"), b.Text("0.000"), a.N > 0 && b.N > 0 ? ReportContext.Pp(diff) : null,
                $"+{PaperResults.ShuffledLoss.InPoints()} pp", ea.Text("0.000"), eb.Text("0.000"), a.N > 0 && b.N > 0 ? verdict : null);
        }

        section.AddFigure("figure3-shuffled", chart, "Validation accuracy during training: contiguous slices (solid) and shuffled slices (dashed), one colour per data set; cf. the paper's Figure 3.");
        section.AddTable(table);
        ctx.Judge(section, new Claim(
            "figure3", $"Shuffled slices consistently degrade performance by {PaperResults.ShuffledLoss.InPoints()} pp and slightly reduce load balance.",
            $"contiguous − shuffled: +{100 * PaperResults.ShuffledLoss.Low:0} to +{100 * PaperResults.ShuffledLoss.High:0} pp", $"contiguous − shuffled: {string.Join("; ", texts)}; ELE contiguous vs shuffled: {string.Join("; ", eleTexts)}",
            VerdictRules.Combine(verdicts), $"Rule: per data set, reproduced when contiguous beats shuffled by ≥ {100 * VerdictRules.SizeFraction * PaperResults.ShuffledLoss.Low:0.#} pp, partly when by less; combined. The ELE part is reported, not judged."));
    }
}
