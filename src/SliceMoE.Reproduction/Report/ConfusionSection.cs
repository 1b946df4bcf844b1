using SliceMoE.Evaluation;
using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Figure 6 (appendix C): the confusion matrix of SliceMoE on the DBPEDIA-14 stand-in, and class-wise recall against TokenMoE.</summary>
internal static class ConfusionSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Paper Figure 6: confusion matrix");
        var slice = Variants.Slice("dbpedia");
        var token = Variants.Token("dbpedia");
        if (ctx.Missing(section, slice, token))
        {
            return;
        }

        var first = ctx.Of(slice)[0];
        var labels = first.LabelNames ?? [];
        var cm = Matrix(first);
        section.AddFigure("figure6-confusion", new Heatmap(cm.ToArray())
        {
            NormalizeRows = true,
            Title = $"{ctx.RoleName("dbpedia")}: SliceMoE confusion matrix (row-normalised)",
            RowLabels = labels,
            ColumnLabels = labels,
            XLabel = "predicted",
            YLabel = "actual",
            ValueFormat = "0.00",
            Width = 900,
            Height = 900,
        }, $"Test-split confusion matrix of SliceMoE (S=8), seed 1: each row is an actual class, shares of it predicted as each class; cf. the paper's Figure 6.");

        var tokenCms = ctx.Of(token).Select(Matrix).ToArray();
        var sliceCms = ctx.Of(slice).Select(Matrix).ToArray();
        var table = new ReportTable("Class", new TableColumn("SliceMoE recall", Format: "0.000"), new TableColumn("TokenMoE recall", Format: "0.000"), new TableColumn("Δ", ColumnAlignment.Right))
        {
            Caption = "Per-class test recall (mean over seeds) and macro F1, SliceMoE against TokenMoE.",
        };
        int better = 0;
        for (int c = 0; c < labels.Count; c++)
        {
            double s = sliceCms.Average(m => m.Recall(c)), t = tokenCms.Average(m => m.Recall(c));
            better += s > t ? 1 : 0;
            table.AddRow(labels[c], s, t, ReportContext.Pp(s - t));
        }

        double f1s = sliceCms.Average(m => m.MacroF1), f1t = tokenCms.Average(m => m.MacroF1);
        table.AddRow("macro F1", f1s, f1t, ReportContext.Pp(f1s - f1t));
        table.AddRow("accuracy", sliceCms.Average(m => m.Accuracy), tokenCms.Average(m => m.Accuracy), ReportContext.Pp(sliceCms.Average(m => m.Accuracy) - tokenCms.Average(m => m.Accuracy)));
        section.AddTable(table);

        var verdict = f1s > f1t ? (2 * better > labels.Count ? Verdict.Reproduced : Verdict.Partly) : Verdict.NotReproduced;
        ctx.Judge(section, new Claim(
            "figure6", "SliceMoE shows improved class-wise performance compared to TokenMoE on DBPEDIA-14.", "no number (Figure 6 caption)",
            $"macro F1 {ReportContext.F(f1s)} vs {ReportContext.F(f1t)}; higher recall on {better} of {labels.Count} classes", verdict,
            "Rule: reproduced when SliceMoE's macro F1 is higher and its recall is higher on most classes, partly when only the macro F1 is higher, not reproduced otherwise."));
    }

    private static ConfusionMatrix Matrix(RunResult r) =>
        ConfusionMatrix.FromPredictions(r.TestLabels!.ToArray(), r.TestPredictions!.ToArray(), r.LabelNames!.Count);
}
