using SliceMoE.Reporting;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Welch t-tests of SliceMoE against TokenMoE over seeds, and the paper's significance claim.</summary>
internal static class SignificanceSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Significance over seeds");
        int seeds = ctx.Plan.Profile.Seeds;
        section.AddParagraph($"Welch's two-sided t-test of SliceMoE against TokenMoE over the {seeds} seed(s) of each configuration (the paper: {PaperResults.Seeds} seeds, t-tests, p < {PaperResults.SignificanceLevel}). With one seed per configuration no test is possible; run the full profile.");
        var rows = new List<(string Name, Stat Slice, Stat Token, bool LowerIsBetter)>();
        foreach (string r in ctx.ClassificationRoles)
        {
            rows.Add(($"{ctx.RoleName(r)} accuracy", Acc(ctx, Variants.Slice(r)), Acc(ctx, Variants.Token(r)), false));
        }

        rows.Add(($"{ctx.RoleName("lm")} perplexity", ctx.Measure(Variants.Slice("lm"), x => x.Validation?.Perplexity), ctx.Measure(Variants.Token("lm"), x => x.Validation?.Perplexity), true));
        rows.Add(($"{ctx.RoleName("mt")} BLEU", ctx.Measure(Variants.Slice("mt"), x => x.Translation?.Bleu), ctx.Measure(Variants.Token("mt"), x => x.Translation?.Bleu), false));
        var table = new ReportTable("Comparison", new TableColumn("SliceMoE", ColumnAlignment.Right), new TableColumn("TokenMoE", ColumnAlignment.Right), new TableColumn("t", Format: "0.00"),
            new TableColumn("df", Format: "0.0"), new TableColumn("p", Format: "0.0000"), "Significant, in SliceMoE's favour")
        {
            Caption = "SliceMoE against TokenMoE: Welch's t-test over seeds (mean ± sd).",
        };
        foreach (var (name, s, t, lower) in rows)
        {
            var test = s.WelchAgainst(t);
            bool favour = lower ? s.Mean < t.Mean : s.Mean > t.Mean;
            table.AddRow(name, s.Text("0.000"), t.Text("0.000"), test?.T, test?.DegreesOfFreedom, test?.PValue, test is null ? "n/a" : test.PValue < VerdictRules.Alpha && favour ? "yes" : "no");
        }

        section.AddTable(table);

        var ag = rows[ctx.ClassificationRoles.ToList().IndexOf("agnews")];
        var lm = rows[ctx.ClassificationRoles.Count];
        var verdicts = new[] { ag, lm }.Select(x =>
        {
            var test = x.Slice.WelchAgainst(x.Token);
            bool favour = x.LowerIsBetter ? x.Slice.Mean < x.Token.Mean : x.Slice.Mean > x.Token.Mean;
            return test is null ? Verdict.NotApplicable : test.PValue < VerdictRules.Alpha && favour ? Verdict.Reproduced : Verdict.NotReproduced;
        }).ToArray();
        ctx.Judge(section, new Claim(
            "significance", $"Improvements over TokenMoE are statistically significant (p < {PaperResults.SignificanceLevel}, t-tests over {PaperResults.Seeds} seeds) for AG NEWS and WT-103.",
            $"p < {PaperResults.SignificanceLevel} on AG NEWS and WT-103", $"AG NEWS {ReportContext.P(ag.Slice.WelchAgainst(ag.Token))}; WT-103 {ReportContext.P(lm.Slice.WelchAgainst(lm.Token))}",
            VerdictRules.Combine(verdicts), $"Rule: per comparison, reproduced when SliceMoE is better with p < {VerdictRules.Alpha}, not reproduced otherwise; not applicable with fewer than 2 seeds; combined."));
    }

    private static Stat Acc(ReportContext ctx, Variant v) => ctx.Measure(v, (RunResult x) => x.Validation?.Accuracy);
}
