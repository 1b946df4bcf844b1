using System.Globalization;
using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Reproduction.Synthetic;

namespace SliceMoE.Reproduction.Report;

/// <summary>Figure 7 (appendix C): the synthetic task with class features in distinct segments.</summary>
internal static class SyntheticSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Paper Figure 7: synthetic task with features in distinct segments");
        var s = ctx.Plan.Profile.Synthetic;
        section.AddParagraph($"{SegmentTask.Dim}-dimensional vectors of Gaussian noise; an example of class c (one of {SegmentTask.Segments}) carries class c's fixed ±1 pattern, {s.Signal.ToString(CultureInfo.InvariantCulture)} times the noise's standard deviation, in segment c ({SegmentTask.SegmentWidth} contiguous coordinates) only. A SliceMoE layer (S={SegmentTask.Segments}, k=2, E=16, cross-slice dropout 0.2, α=0.05) and a linear head train on the vectors directly with AdamW for {s.Epochs} epochs of {s.TrainExamples} examples; epoch 0 is the untrained model.");
        if (ctx.Missing(section, Variant.Synthetic))
        {
            return;
        }

        var runs = ctx.Of(Variant.Synthetic);
        int epochs = runs.Min(r => r.Synthetic!.Epochs.Count);
        var x = Enumerable.Range(0, epochs).Select(e => (double)e).ToArray();
        var ele = x.Select((_, e) => new Stat(runs.Select(r => r.Synthetic!.Epochs[e].Ele).ToArray())).ToArray();
        var acc = x.Select((_, e) => new Stat(runs.Select(r => r.Synthetic!.Epochs[e].TestAccuracy).ToArray())).ToArray();
        var chart = new LineChart { Title = "Synthetic task: balance and accuracy per epoch" };
        chart.XAxis.Label = "epoch";
        chart.YAxis.Label = "ELE / held-out accuracy";
        chart.YAxis.Min = 0;
        chart.YAxis.Max = 1;
        chart.Add("ELE (training assignments)", x, ele.Select(v => v.Mean).ToArray()).Markers = true;
        var a = chart.Add("held-out accuracy", x, acc.Select(v => v.Mean).ToArray());
        a.Markers = true;
        a.Dashed = true;
        section.AddFigure("figure7-synthetic-ele", chart, "ELE of each epoch's training assignments (solid) and held-out accuracy after it (dashed), mean over seeds; cf. the paper's Figure 7.");

        var first = runs[0].Synthetic!;
        section.AddFigure("figure7-segment-experts", new Heatmap(ToArray(first.SegmentExperts))
        {
            Title = "Where each class's signal slice goes",
            RowLabels = Enumerable.Range(0, first.Classes).Select(c => $"segment {c}").ToArray(),
            ColumnLabels = Enumerable.Range(0, first.Experts).Select(e => e.ToString(CultureInfo.InvariantCulture)).ToArray(),
            XLabel = "expert",
            YLabel = "signal segment (= class)",
            ValueFormat = "0.00",
            Width = 900,
        }, "For held-out examples of class c, the share of slice c (the one carrying the class's feature) that each expert received, after training (seed 1).");

        int fifth = Math.Min((int)PaperResults.SyntheticEpochs.Value, epochs - 1);
        double concentration = first.SegmentExperts.Average(row => row.Max());
        ctx.Judge(section, new Claim(
            "figure7", $"ELE rapidly converges to near-optimal balance within {PaperResults.SyntheticEpochs} epochs on the synthetic task.", $"near-optimal (≈ {PaperResults.NearOptimalEle}) by epoch {PaperResults.SyntheticEpochs}",
            $"ELE {ele[0].Text("0.000")} at epoch 0, {ele[fifth].Text("0.000")} at epoch {fifth}, {ele[^1].Text("0.000")} at epoch {epochs - 1}; held-out accuracy {acc[^1].Text("0.000")}; a signal slice's most used expert takes {ReportContext.F(concentration, "0.00")} of it on average",
            VerdictRules.NearOptimalEle(ele[fifth].Mean), $"Rule: the level rule on the ELE at epoch {fifth}."));
    }

    private static double[,] ToArray(IReadOnlyList<double[]> rows)
    {
        var a = new double[rows.Count, rows[0].Length];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = 0; j < rows[i].Length; j++)
            {
                a[i, j] = rows[i][j];
            }
        }

        return a;
    }
}
