using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Language modelling: SliceMoE against TokenMoE and dense at matched training FLOPs.</summary>
internal static class LanguageModelSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Language modelling");
        section.AddParagraph($"Causal language models on {ctx.RoleName("lm")}, identical except for the FFN slot, trained for the same steps on the same tokens; SliceMoE, TokenMoE and the matched-FLOPs dense FFN have the same forward FLOPs per token in the expert/FFN matrix multiplies, so the same training FLOPs up to the routers (counted in the table). Perplexity is exp of the mean per-token cross-entropy on the validation and test windows.");
        var models = Variants.Compared("lm");
        var table = new ReportTable("Model", new TableColumn("FFN parameters", Format: "N0"), new TableColumn("FFN FLOPs per token", Format: "N0"),
            new TableColumn("Validation PPL", ColumnAlignment.Right), new TableColumn("Test PPL", ColumnAlignment.Right), new TableColumn("ELE", ColumnAlignment.Right), new TableColumn("Paper PPL (WT-103)", Format: "0.0"))
        {
            Caption = "Language models at matched training steps and tokens: perplexity (mean ± sd over seeds) against the paper's WikiText-103 numbers.",
        };
        var paper = PaperResults.Perplexity;
        var paperPpl = new[] { paper.SliceMoe.Value, paper.TokenMoe.Value, paper.Dense.Value, double.NaN };
        var chart = new LineChart { Title = "Language-model validation perplexity" };
        chart.XAxis.Label = "optimiser step";
        chart.YAxis.Label = "validation perplexity (log scale)";
        chart.YAxis.Scale = AxisScale.Log;
        for (int i = 0; i < models.Count; i++)
        {
            var v = models[i];
            var first = ctx.Of(v).FirstOrDefault();
            table.AddRow(v.Label, first?.FeedForwardParameters, first?.FeedForwardFlops, ctx.Measure(v, r => r.Validation?.Perplexity).Text("0.0"),
                ctx.Measure(v, r => r.Test?.Perplexity).Text("0.0"), ctx.Measure(v, r => r.Validation?.Ele).Text("0.000"), double.IsNaN(paperPpl[i]) ? null : paperPpl[i]);
            if (CurveMath.Add(chart, v.Label, ctx.Of(v), "validation", p => p.Perplexity ?? double.NaN) is { } s)
            {
                s.Markers = true;
            }
        }

        section.AddTable(table);
        section.AddFigure("lm-perplexity", chart, "Validation perplexity during training.");

        var slice = ctx.Measure(models[0], r => r.Validation?.Perplexity);
        var verdicts = new List<Verdict>();
        var texts = new List<string>();
        foreach (var (other, paperOther, significance) in new[] { (models[1], paper.TokenMoe.Value, true), (models[2], paper.Dense.Value, false) })
        {
            var o = ctx.Measure(other, r => r.Validation?.Perplexity);
            double ours = (o.Mean - slice.Mean) / o.Mean, claimed = (paperOther - paper.SliceMoe.Value) / paperOther;
            var test = o.WelchAgainst(slice);
            verdicts.Add(VerdictRules.Improvement(ours, claimed, test, significance));
            texts.Add($"{ReportContext.F(100 * ours, "0.0")}% lower than {other.Label} (paper {ReportContext.F(100 * claimed, "0.0")}%; {ReportContext.P(test)})");
        }

        ctx.Judge(section, new Claim(
            "lm", $"SliceMoE reaches lower perplexity than TokenMoE and a dense model at matched training FLOPs (WT-103: {string.Join(" vs ", paperPpl[..3].Select(p => ReportContext.F(p, "0.0")))}).",
            $"{paper.SliceMoe} vs {paper.TokenMoe} vs {paper.Dense}", $"{slice.Text("0.0")} vs {ctx.Measure(models[1], r => r.Validation?.Perplexity).Text("0.0")} vs {ctx.Measure(models[2], r => r.Validation?.Perplexity).Text("0.0")}: {string.Join("; ", texts)}",
            VerdictRules.Combine(verdicts), $"Rule: relative perplexity reduction against each baseline judged by the improvement rule (at least {VerdictRules.SizeFraction:0.##} of the paper's relative reduction; significance needed against TokenMoE, which the paper claims for WT-103); combined."));
    }
}
