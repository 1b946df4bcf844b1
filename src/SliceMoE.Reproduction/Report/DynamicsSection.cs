using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Figure 2: loss, accuracy and ELE over training.</summary>
internal static class DynamicsSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Paper Figure 2: learning curves");
        var roles = ctx.ClassificationRoles;
        section.AddParagraph("Training loss is the mean over each logged interval; validation points are full evaluations of the validation split during training. Colours are data sets; for SliceMoE, solid lines are training and dashed validation; in the accuracy and ELE charts dashed lines are TokenMoE.");

        var loss = new LineChart { Title = "SliceMoE loss" };
        loss.XAxis.Label = "optimiser step";
        loss.YAxis.Label = "cross-entropy (nats)";
        var acc = new LineChart { Title = "Validation accuracy" };
        acc.XAxis.Label = "optimiser step";
        acc.YAxis.Label = "validation accuracy";
        var ele = new LineChart { Title = "Expert-load entropy during training" };
        ele.XAxis.Label = "optimiser step";
        ele.YAxis.Label = "ELE of the training interval";
        ele.YAxis.Max = 1;
        for (int i = 0; i < roles.Count; i++)
        {
            string color = Palette.Color(i), name = ctx.PaperName(roles[i]);
            var slice = ctx.Of(Variants.Slice(roles[i]));
            var token = ctx.Of(Variants.Token(roles[i]));
            Style(CurveMath.Add(loss, $"{name} train", slice, "train", p => p.Loss), color, dashed: false);
            Style(CurveMath.Add(loss, $"{name} validation", slice, "validation", p => p.Loss), color, dashed: true);
            Style(CurveMath.Add(acc, $"{name} SliceMoE", slice, "validation", p => p.Accuracy), color, dashed: false);
            Style(CurveMath.Add(acc, $"{name} TokenMoE", token, "validation", p => p.Accuracy), color, dashed: true);
            Style(CurveMath.Add(ele, $"{name} SliceMoE", slice, "train", p => p.Ele), color, dashed: false);
            Style(CurveMath.Add(ele, $"{name} TokenMoE", token, "train", p => p.Ele), color, dashed: true);
        }

        section.AddFigure("figure2-loss", loss, "SliceMoE training (solid) and validation (dashed) loss per data set; cf. the paper's Figure 2.");
        section.AddFigure("figure2-accuracy", acc, "Validation accuracy during training: SliceMoE (solid) and TokenMoE (dashed).");
        section.AddFigure("figure2-ele", ele, "ELE of each training interval: SliceMoE (solid) and TokenMoE (dashed).");
        Judge(ctx, section, roles);
    }

    private static void Style(LineSeries? series, string color, bool dashed)
    {
        if (series is not null)
        {
            series.Color = color;
            series.Dashed = dashed;
        }
    }

    private static void Judge(ReportContext ctx, ReportSection section, IReadOnlyList<string> roles)
    {
        var eleVerdicts = new List<Verdict>();
        var eleTexts = new List<string>();
        var lossVerdicts = new List<Verdict>();
        var lossTexts = new List<string>();
        foreach (string r in roles)
        {
            var runs = ctx.Of(Variants.Slice(r));
            var (_, ele, _) = CurveMath.Mean(runs, "validation", p => p.Ele);
            var (_, loss, _) = CurveMath.Mean(runs, "validation", p => p.Loss);
            double lowest = ele.Length > 0 ? ele.Min() : double.NaN;
            eleVerdicts.Add(VerdictRules.NearOptimalEle(lowest));
            eleTexts.Add($"{ctx.PaperName(r)} lowest {ReportContext.F(lowest)} over {ele.Length} evaluations");
            if (loss.Length >= 2)
            {
                lossVerdicts.Add(loss[^1] < loss[0] ? Verdict.Reproduced : Verdict.NotReproduced);
                lossTexts.Add($"{ctx.PaperName(r)} {ReportContext.F(loss[0])} → {ReportContext.F(loss[^1])}");
            }
        }

        ctx.Judge(section, new Claim(
            "figure2", $"Expert-load entropy remains high (≈ {PaperResults.NearOptimalEle}) throughout training.", $"ELE {PaperResults.NearOptimalEle} throughout",
            string.Join("; ", eleTexts), VerdictRules.Combine(eleVerdicts), "Rule: the lowest validation ELE over all evaluations during training, judged by the level rule per data set; combined."));
        ctx.Judge(section, new Claim(
            "figure2", "Training is stable: loss and accuracy converge.", "no number (Figure 2)", lossTexts.Count == 0 ? "no curve" : string.Join("; ", lossTexts),
            VerdictRules.Combine(lossVerdicts), "Rule: per data set, reproduced when the last validation loss is below the first; combined."));
    }
}
