using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Figure 5 (appendix B): the router's softmax temperature, each a model trained at that temperature.</summary>
internal static class TemperatureSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Paper Figure 5: router softmax temperature");
        section.AddParagraph($"One SliceMoE model per temperature τ (router probabilities softmax(logits/τ), used as gates, so τ changes both the routing sharpness and the gate sizes), trained and evaluated at that τ on {ctx.RoleName("agnews")}. The paper does not say whether its temperature applied in training; a hyperparameter ablation trains with it.");
        var temps = ctx.Plan.Profile.Temperatures;
        var stats = temps.Select(t => ctx.Measure(Variants.Slice("agnews") with { Temperature = t }, r => r.Validation?.Accuracy)).ToArray();
        var eles = temps.Select(t => ctx.Measure(Variants.Slice("agnews") with { Temperature = t }, r => r.Validation?.Ele)).ToArray();
        var chart = new LineChart { Title = "Accuracy against router temperature", Legend = LegendPosition.None };
        chart.XAxis.Label = "router softmax temperature τ (log scale)";
        chart.XAxis.Scale = AxisScale.Log;
        chart.YAxis.Label = "validation accuracy";
        var series = chart.Add("SliceMoE (S=8)", temps, stats.Select(s => s.Mean).ToArray());
        series.Markers = true;
        if (ctx.Plan.Profile.Seeds > 1)
        {
            series.WithSpread(stats.Select(s => double.IsFinite(s.Sd) ? s.Sd : 0).ToArray());
        }

        section.AddFigure("figure5-temperature", chart, "Validation accuracy of SliceMoE trained at each router temperature; cf. the paper's Figure 5.");
        var table = new ReportTable(new TableColumn("τ", ColumnAlignment.Right), new TableColumn("Accuracy", ColumnAlignment.Right), new TableColumn("ELE", ColumnAlignment.Right))
        {
            Caption = "Validation accuracy and ELE per router temperature.",
        };
        for (int i = 0; i < temps.Count; i++)
        {
            table.AddRow(temps[i], stats[i].Text("0.000"), eles[i].Text("0.000"));
        }

        section.AddTable(table);

        var range = PaperResults.TemperatureStable;
        var inRange = Enumerable.Range(0, temps.Count).Where(i => temps[i] >= range.Low && temps[i] <= range.High).Select(i => stats[i].Mean).ToArray();
        double spread = inRange.Length > 0 && inRange.All(double.IsFinite) ? inRange.Max() - inRange.Min() : double.NaN;
        var verdict = VerdictRules.Stable(spread);
        var means = stats.Select(s => s.Mean).ToArray();
        var tau = PaperResults.TemperaturePeak;
        var peak = VerdictRules.PeakAt(temps, means, tau.Value, true, VerdictRules.StableDrop);
        if (verdict == Verdict.Reproduced && peak == Verdict.NotReproduced)
        {
            verdict = Verdict.Partly;
        }

        double best = means.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        ctx.Judge(section, new Claim(
            "figure5", $"Accuracy is stable for temperatures between {range.Low} and {range.High}, with a slight peak around {tau}.",
            $"stable over τ ∈ [{range.Low}, {range.High}], peak ≈ {tau}",
            $"spread over τ ∈ [{range.Low}, {range.High}]: {ReportContext.F(100 * spread, "0.0")} pp; τ = {tau} is {ReportContext.F(100 * (best - ReportContext.ValueAt(temps, means, tau.Value)), "0.0")} pp below the best",
            verdict, $"Rule: the stability rule over τ ∈ [{range.Low}, {range.High}] (largest minus smallest accuracy); a stable result whose τ = {tau} is more than {100 * VerdictRules.StableDrop:0} pp below the best counts as partly."));
    }
}
