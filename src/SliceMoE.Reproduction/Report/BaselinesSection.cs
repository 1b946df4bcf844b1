using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Figure 1: SliceMoE against TokenMoE and the two dense baselines; accuracy and accuracy against ELE.</summary>
internal static class BaselinesSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Paper Figure 1: SliceMoE against TokenMoE and dense baselines");
        var roles = ctx.ClassificationRoles;
        section.AddParagraph("Four FFN slots in the same encoder: SliceMoE (S=8, k=2, E=16, expert hidden 4d/k), TokenMoE (the same layer with S=1, so the same active FLOPs per token), a dense FFN of hidden 4d (the same active FLOPs: matched FLOPs) and a dense FFN as wide as it takes to have SliceMoE's parameter count, router included (matched parameters). Sizes below are counted from the layers themselves.");
        AddSizes(ctx, section, roles[0]);

        var bars = new BarChart(roles.Select(ctx.RoleName).ToArray()) { Title = "Validation accuracy by model", ShowValues = true, ValueFormat = "0.000", XLabel = "data set (stand-in)" };
        bars.YAxis.Label = "validation accuracy";
        bars.YAxis.Max = 1;
        var compared = Variants.Compared(roles[0]).Select(v => v.Model).ToArray();
        foreach (var model in compared)
        {
            var stats = roles.Select(r => ctx.Measure(new Variant(r, model), x => x.Validation?.Accuracy)).ToArray();
            bars.Add(new Variant(roles[0], model).Label, stats.Select(s => s.Mean).ToArray(), ctx.Plan.Profile.Seeds > 1 ? stats.Select(s => s.Sd).ToArray() : null);
        }

        section.AddFigure("figure1a-accuracy", bars, "Validation accuracy per model and data set (mean over seeds; error bars ±1 sd when there are several); cf. the paper's Figure 1a.");

        var scatter = new ScatterChart { Title = "Accuracy against expert-load entropy" };
        scatter.XAxis.Label = "ELE (1 = perfect balance)";
        scatter.YAxis.Label = "validation accuracy";
        foreach (var model in new[] { ModelKind.SliceMoe, ModelKind.TokenMoe })
        {
            var series = scatter.Add(new Variant(roles[0], model).Label);
            foreach (string r in roles)
            {
                var v = new Variant(r, model);
                double ele = ctx.Measure(v, x => x.Validation?.Ele).Mean, acc = ctx.Measure(v, x => x.Validation?.Accuracy).Mean;
                if (double.IsFinite(ele) && double.IsFinite(acc))
                {
                    series.Add(ele, acc, ctx.PaperName(r));
                }
            }
        }

        section.AddFigure("figure1b-accuracy-vs-ele", scatter, "Accuracy against ELE per data set (dense FFNs have no router and no ELE); cf. Figure 1b.");
        AddTable(ctx, section, roles);
        JudgeClaims(ctx, section, roles);
    }

    private static void AddSizes(ReportContext ctx, ReportSection section, string role)
    {
        var table = new ReportTable("Model", new TableColumn("FFN parameters per layer", Format: "N0"), new TableColumn("FFN forward FLOPs per token", Format: "N0"), new TableColumn("Model parameters", Format: "N0"), new TableColumn("Trained parameters", Format: "N0"))
        {
            Caption = $"Sizes of the compared classifiers ({ctx.RoleName(role)}; router included; FLOPs count 2 per multiply-add).",
        };
        foreach (var v in Variants.Compared(role))
        {
            var r = ctx.Of(v).FirstOrDefault();
            table.AddRow(v.Label, r?.FeedForwardParameters, r?.FeedForwardFlops, r?.ModelParameters, r?.TrainableParameters);
        }

        section.AddTable(table);
    }

    private static void AddTable(ReportContext ctx, ReportSection section, IReadOnlyList<string> roles)
    {
        var table = new ReportTable("Data set", "Model", new TableColumn("Accuracy", ColumnAlignment.Right), new TableColumn("ELE", ColumnAlignment.Right), new TableColumn("Δ accuracy vs SliceMoE", ColumnAlignment.Right), "t-test")
        {
            Caption = "Validation accuracy and ELE per model (mean ± sd over seeds); Δ is SliceMoE minus the model.",
        };
        foreach (string r in roles)
        {
            var slice = ctx.Measure(Variants.Slice(r), x => x.Validation?.Accuracy);
            foreach (var v in Variants.Compared(r))
            {
                var acc = ctx.Measure(v, x => x.Validation?.Accuracy);
                var test = slice.WelchAgainst(acc);
                bool self = v.Model == ModelKind.SliceMoe;
                table.AddRow(ctx.RoleName(r), v.Label, acc.Text("0.000"), ctx.Measure(v, x => x.Validation?.Ele).Text("0.000"),
                    self || acc.N == 0 ? null : ReportContext.Pp(slice.Mean - acc.Mean), self ? null : test is null ? "n/a (1 seed)" : $"p = {ReportContext.F(test.PValue, "0.0000")}");
            }
        }

        section.AddTable(table);
    }

    private static void JudgeClaims(ReportContext ctx, ReportSection section, IReadOnlyList<string> roles)
    {
        // "outperforms TokenMoE by GainOverTokenMoe on AG NEWS and DBPEDIA-14", significance claimed for AG NEWS.
        var gainVerdicts = new List<Verdict>();
        var gainTexts = new List<string>();
        foreach (string r in new[] { "agnews", "dbpedia" })
        {
            var s = ctx.Measure(Variants.Slice(r), x => x.Validation?.Accuracy);
            var t = ctx.Measure(Variants.Token(r), x => x.Validation?.Accuracy);
            var test = s.WelchAgainst(t);
            gainVerdicts.Add(VerdictRules.Improvement(s.Mean - t.Mean, PaperResults.GainOverTokenMoe.Low, test, needsSignificance: r == "agnews"));
            gainTexts.Add($"{ctx.PaperName(r)} {ReportContext.Pp(s.Mean - t.Mean)} ({ReportContext.P(test)})");
        }

        ctx.Judge(section, new Claim(
            "figure1", $"SliceMoE (S=8) outperforms TokenMoE by {PaperResults.GainOverTokenMoe.InPoints()} pp on AG NEWS and DBPEDIA-14.",
            $"+{PaperResults.GainOverTokenMoe.InPoints()} pp", string.Join("; ", gainTexts), VerdictRules.Combine(gainVerdicts),
            $"Rule: per data set, reproduced at ≥ +{100 * VerdictRules.SizeFraction * PaperResults.GainOverTokenMoe.Low:0.#} pp (and p < {VerdictRules.Alpha} on AG NEWS with ≥ 2 seeds), partly when positive; combined."));

        // "matches or exceeds a dense baseline".
        var denseVerdicts = new List<Verdict>();
        var denseTexts = new List<string>();
        foreach (string r in roles)
        {
            double s = ctx.Measure(Variants.Slice(r), x => x.Validation?.Accuracy).Mean;
            foreach (var d in new[] { Variants.DenseFlops(r), Variants.DenseParameters(r) })
            {
                double diff = s - ctx.Measure(d, x => x.Validation?.Accuracy).Mean;
                denseVerdicts.Add(VerdictRules.AtLeast(diff, 0, VerdictRules.MatchTolerance, VerdictRules.StablePartlyDrop));
                denseTexts.Add($"{ctx.PaperName(r)} vs {d.Label}: {ReportContext.Pp(diff)}");
            }
        }

        ctx.Judge(section, new Claim(
            "figure1", "SliceMoE matches or exceeds a dense baseline.", "no number (Figure 1a)", string.Join("; ", denseTexts), VerdictRules.Combine(denseVerdicts),
            $"Rule: SliceMoE minus dense at or above -{100 * VerdictRules.MatchTolerance:0.#} pp is reproduced, above -{100 * VerdictRules.StablePartlyDrop:0.#} pp partly; both dense baselines on every data set, combined."));

        // Figure 1b: high accuracy with near-optimal ELE, TokenMoE with a trade-off.
        var eleVerdicts = new List<Verdict>();
        int higher = 0, compared = 0;
        var eleTexts = new List<string>();
        foreach (string r in roles)
        {
            double s = ctx.Measure(Variants.Slice(r), x => x.Validation?.Ele).Mean, t = ctx.Measure(Variants.Token(r), x => x.Validation?.Ele).Mean;
            eleVerdicts.Add(VerdictRules.NearOptimalEle(s));
            if (double.IsFinite(s) && double.IsFinite(t))
            {
                compared++;
                higher += s > t ? 1 : 0;
            }

            eleTexts.Add($"{ctx.PaperName(r)} SliceMoE {ReportContext.F(s)} vs TokenMoE {ReportContext.F(t)}");
        }

        var balance = compared == 0 ? Verdict.NotApplicable : higher == compared ? Verdict.Reproduced : higher > 0 ? Verdict.Partly : Verdict.NotReproduced;
        ctx.Judge(section, new Claim(
            "figure1", $"SliceMoE achieves near-optimal load balance (ELE ≈ {PaperResults.NearOptimalEle}) while TokenMoE struggles to keep ELE high (Figure 1b).",
            $"SliceMoE ELE {PaperResults.NearOptimalEle}", string.Join("; ", eleTexts), VerdictRules.Combine([VerdictRules.Combine(eleVerdicts), balance]),
            "Rule: SliceMoE's ELE near-optimal on every data set (the level rule) and above TokenMoE's on every data set; both parts combined."));
    }
}
