using SliceMoE.Reporting;

namespace SliceMoE.Reproduction.Report;

/// <summary>Every run of the plan: its steps, its wall time and its final validation metric, in execution order.</summary>
internal static class RunsSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Every run");
        section.AddParagraph("In execution order. Wall time is that of the invocation that finished the run (training after any resume, plus its analyses), on a machine shared with other work, so it is a cost, not a benchmark. The validation metric is accuracy for classification and perplexity for language modelling and translation.");
        var table = new ReportTable("Run", "Task", new TableColumn("Steps", Format: "N0"), new TableColumn("Wall time (s)", Format: "N0"), new TableColumn("Validation", ColumnAlignment.Right), "Resumed from step");
        double total = 0;
        foreach (var run in ctx.Plan.Runs)
        {
            if (ctx.Results.GetValueOrDefault(run.Id) is not { } r)
            {
                table.AddRow(run.Id, run.Task, null, null, "not run", null);
                continue;
            }

            total += r.WallSeconds;
            string metric = r.Task switch
            {
                "classification" => ReportContext.F(r.Validation?.Accuracy ?? double.NaN),
                "synthetic" => ReportContext.F(r.Synthetic?.Epochs.LastOrDefault()?.TestAccuracy ?? double.NaN),
                _ => ReportContext.F(r.Validation?.Perplexity ?? double.NaN, "0.0"),
            };
            table.AddRow(run.Id, run.Task, r.Steps, r.WallSeconds, metric, r.ResumedFromStep);
        }

        table.Caption = $"{ctx.Results.Count} runs finished, {ReportContext.F(total / 3600, "0.00")} hours of wall time in all.";
        section.AddTable(table);
    }
}
