using SliceMoE.Reporting;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Table 1: SliceMoE (S=8, k=2, E=16) on the three classification tasks.</summary>
internal static class Table1Section
{
    /// <summary>Accuracy within this of the paper's counts as reproduced when the paper's own data is used.</summary>
    private const double AccuracyTolerance = 0.02;

    /// <summary>Accuracy within this of the paper's counts as partly reproduced.</summary>
    private const double AccuracyPartlyTolerance = 0.05;

    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Paper Table 1: SliceMoE on three classification tasks");
        section.AddParagraph("Validation metrics of SliceMoE (S=8, k=2, E=16) after training, beside the paper's Table 1. On substitute data the paper's absolute accuracy and loss are not comparable (different texts, classes and sizes); they are shown for orientation, and the judged claim is the load balance.");
        var table = new ReportTable(
            "Data set (stand-in)", new TableColumn("Accuracy", ColumnAlignment.Right), new TableColumn("Paper", Format: "0.00"),
            new TableColumn("ELE", ColumnAlignment.Right), new TableColumn("Paper", Format: "0.00"), new TableColumn("Loss", ColumnAlignment.Right),
            new TableColumn("Paper", Format: "0.00"), "Verdict (ELE)")
        {
            Caption = "SliceMoE (S=8, k=2, E=16): validation accuracy, expert-load entropy and loss (mean ± sd over seeds) against the paper's Table 1.",
        };
        var eleVerdicts = new List<Verdict>();
        var accVerdicts = new List<Verdict>();
        var eleTexts = new List<string>();
        foreach (string role in ctx.ClassificationRoles)
        {
            var v = Variants.Slice(role);
            var acc = ctx.Measure(v, r => r.Validation?.Accuracy);
            var ele = ctx.Measure(v, r => r.Validation?.Ele);
            var loss = ctx.Measure(v, r => r.Validation?.Loss);
            var paper = PaperResults.Table1[role];
            var verdict = VerdictRules.NearOptimalEle(ele.Mean);
            eleVerdicts.Add(verdict);
            eleTexts.Add($"{ctx.PaperName(role)} {ele.Text("0.000")}");
            if (ctx.Plan.Data[role].IsPaperData)
            {
                accVerdicts.Add(VerdictRules.AtLeast(acc.Mean, paper.Accuracy.Value, AccuracyTolerance, AccuracyPartlyTolerance));
            }

            table.AddRow(ctx.RoleName(role), acc.Text("0.000"), paper.Accuracy.Value, ele.Text("0.000"), paper.Ele.Value, loss.Text("0.000"), paper.Loss.Value, ele.N == 0 ? null : verdict);
        }

        section.AddTable(table);
        var paperEle = PaperResults.Table1.Values.Select(p => p.Ele.Value).ToArray();
        ctx.Judge(section, new Claim(
            "table1", $"SliceMoE keeps near-optimal expert balance on the three classification tasks (Table 1: ELE {new PaperRange(paperEle.Min(), paperEle.Max(), "Table 1")}).",
            $"ELE {string.Join(", ", ctx.ClassificationRoles.Select(r => $"{ctx.PaperName(r)} {PaperResults.Table1[r].Ele}"))}",
            string.Join(", ", eleTexts), VerdictRules.Combine(eleVerdicts),
            $"Rule: ELE at or above {PaperResults.NearOptimalEle.Low - VerdictRules.EleTolerance:0.00} per task is reproduced, at or above {PaperResults.NearOptimalEle.Low - VerdictRules.ElePartlyTolerance:0.00} partly; tasks combined."));
        if (accVerdicts.Count > 0)
        {
            ctx.Judge(section, new Claim(
                "table1", "SliceMoE's accuracy on the paper's own data matches Table 1.", "see the table", "see the table", VerdictRules.Combine(accVerdicts),
                $"Rule (paper data only): within {100 * AccuracyTolerance:0} pp reproduced, within {100 * AccuracyPartlyTolerance:0} pp partly."));
        }
    }
}
