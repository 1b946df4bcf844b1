using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Routers beyond the paper: SeqTopK, Expert Choice and USMoE at slice level, beside top-k.</summary>
internal static class RoutersSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Routers beyond the paper: SeqTopK, Expert Choice, USMoE");
        var variants = ctx.Plan["routers"].Variants;
        var roles = variants.Select(v => v.Role).Distinct().ToArray();
        section.AddParagraph("The paper routes each slice to its top-k experts. The same SliceMoE layer (S=8, k=2, E=16) with the other routers of this library: SeqTopK (the T·S·k best (token, slice, expert) triples of each sequence), Expert Choice (each expert takes its best slices of the sequence) and USMoE (a blended softmax/sigmoid score, selected per sequence). The paper makes no claim about them, so there is no verdict here.");
        string[] routers = ["topk", .. Variants.OtherRouters];
        var table = new ReportTable("Data set", "Router", new TableColumn("Accuracy", ColumnAlignment.Right), new TableColumn("ELE", ColumnAlignment.Right), new TableColumn("Δ accuracy vs top-k", ColumnAlignment.Right))
        {
            Caption = "SliceMoE (S=8) with each router: validation accuracy and ELE (mean ± sd over seeds).",
        };
        var bars = new BarChart(roles.Select(ctx.RoleName).ToArray()) { Title = "SliceMoE with each router", ShowValues = true, ValueFormat = "0.000", XLabel = "data set (stand-in)" };
        bars.YAxis.Label = "validation accuracy";
        bars.YAxis.Max = 1;
        foreach (string router in routers)
        {
            var stats = roles.Select(r => ctx.Measure(Variants.Slice(r) with { Routing = router }, x => x.Validation?.Accuracy)).ToArray();
            bars.Add(Variant.RoutingLabel(router), stats.Select(s => s.Mean).ToArray(), ctx.Plan.Profile.Seeds > 1 ? stats.Select(s => s.Sd).ToArray() : null);
        }

        foreach (string r in roles)
        {
            double topk = ctx.Measure(Variants.Slice(r), x => x.Validation?.Accuracy).Mean;
            foreach (string router in routers)
            {
                var v = Variants.Slice(r) with { Routing = router };
                var acc = ctx.Measure(v, x => x.Validation?.Accuracy);
                table.AddRow(ctx.RoleName(r), Variant.RoutingLabel(router), acc.Text("0.000"), ctx.Measure(v, x => x.Validation?.Ele).Text("0.000"),
                    router == "topk" || acc.N == 0 ? null : ReportContext.Pp(acc.Mean - topk));
            }
        }

        section.AddFigure("routers-accuracy", bars, "Validation accuracy of SliceMoE (S=8) with each router.");
        section.AddTable(table);
    }
}
