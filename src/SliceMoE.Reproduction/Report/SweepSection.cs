using System.Globalization;
using SliceMoE.Reporting;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>The learning-rate sweep: every compared family at each rate on seed 1, and the rate each then ran with.</summary>
internal static class SweepSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        if (ctx.Plan.Profile.Sweep is not { } sweep)
        {
            return;
        }

        var section = doc.AddSection("Learning-rate sweep");
        section.AddParagraph(
            "Before anything else, every compared model family is trained at each rate below on seed 1; each family then runs every configuration (all seeds, the ablations) at its best rate, so that no comparison is decided by a rate that happens to suit one model. " +
            $"Best: the highest validation accuracy for classification (swept on {ctx.RoleName("agnews")}, used on every classification data set), the lowest validation loss for language modelling and translation; ties go to the smaller rate. " +
            "The best run of the sweep is also seed 1 of its family's runs. The paper uses one rate, 2e-4, for every model.");
        foreach (string task in new[] { "classification", "lm", "translation" })
        {
            var families = ctx.Plan.SweepVariants.Where(f => f.Key.Task == task).ToArray();
            if (families.Length == 0)
            {
                continue;
            }

            var rates = sweep.For(task);
            string metric = task == "classification" ? "validation accuracy" : "validation perplexity";
            var table = new ReportTable([new TableColumn("Model"), .. rates.Select(r => new TableColumn($"lr {Rate(r)}", ColumnAlignment.Right)), new TableColumn("chosen", ColumnAlignment.Right)])
            {
                Caption = $"{TaskName(task)}: {metric} of seed 1 at each peak learning rate (the chosen rate marked *).",
            };
            foreach (var (family, variants) in families)
            {
                double? chosen = ctx.Plan.LearningRates.TryGetValue(family, out double c) ? c : null;
                var cells = variants.Select(v =>
                {
                    var r = ctx.Results.GetValueOrDefault(v.RunId(1));
                    string value = r is null ? "not run" : task == "classification" ? ReportContext.F(r.Validation?.Accuracy ?? double.NaN) : ReportContext.F(r.Validation?.Perplexity ?? double.NaN, "0.0");
                    return (object?)(v.LearningRate == chosen ? value + " *" : value);
                });
                table.AddRow([new Variant(variants[0].Role, family.Model).Label, .. cells, chosen is double x ? Rate(x) : "pending"]);
            }

            section.AddTable(table);
        }
    }

    private static string TaskName(string task) => task switch
    {
        "classification" => "Classification",
        "lm" => "Language modelling",
        _ => "Translation",
    };

    private static string Rate(double rate) => rate.ToString("0.####e0", CultureInfo.InvariantCulture);
}
