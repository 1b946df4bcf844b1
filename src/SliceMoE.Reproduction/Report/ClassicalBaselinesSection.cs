using SliceMoE.Reporting;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Classical baselines beside the models, on the same splits and tokens: what the models' numbers mean.</summary>
internal static class ClassicalBaselinesSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        if (ctx.Baselines is not { } b)
        {
            return;
        }

        var section = doc.AddSection("Classical baselines: what the numbers mean");
        section.AddParagraph($"Written here, without neural networks, on the same splits (and, for classification and language modelling, the same token ids) as the models, in {ReportContext.F(b.WallSeconds, "0")} s. A model that does not beat them has not learnt more than word counts.");
        var cls = new ReportTable("Data set", new TableColumn("Bag-of-words logistic regression", ColumnAlignment.Right), new TableColumn("SliceMoE (S=8)", ColumnAlignment.Right), new TableColumn("TokenMoE", ColumnAlignment.Right), new TableColumn("Dense (matched FLOPs)", ColumnAlignment.Right))
        {
            Caption = "Classification: validation accuracy (models: mean ± sd over seeds). The baseline is a multinomial logistic regression on log(1 + count) bag-of-words features, L2 chosen on the validation split, trained by L-BFGS.",
        };
        foreach (var (role, baseline) in b.Classification)
        {
            cls.AddRow(ctx.RoleName(role), ReportContext.F(baseline.ValidationAccuracy), Accuracy(ctx, Variants.Slice(role)), Accuracy(ctx, Variants.Token(role)), Accuracy(ctx, Variants.DenseFlops(role)));
        }

        section.AddTable(cls);
        if (b.LanguageModel is { } lm)
        {
            var table = new ReportTable("Model", new TableColumn("Validation perplexity", ColumnAlignment.Right), new TableColumn("Test perplexity", ColumnAlignment.Right))
            {
                Caption = $"Language modelling on {ctx.RoleName("lm")}: the same windows and token ids. The baseline is an interpolated modified Kneser-Ney {lm.Order}-gram model counted on the {lm.TrainTokens:N0} training tokens.",
            };
            table.AddRow($"Kneser-Ney {lm.Order}-gram (baseline)", ReportContext.F(lm.ValidationPerplexity, "0.0"), ReportContext.F(lm.TestPerplexity, "0.0"));
            foreach (var v in Variants.Compared("lm"))
            {
                table.AddRow(v.Label, ctx.Measure(v, r => r.Validation?.Perplexity).Text("0.0"), ctx.Measure(v, r => r.Test?.Perplexity).Text("0.0"));
            }

            section.AddTable(table);
        }

        if (b.Translation is { } mt)
        {
            var table = new ReportTable("System", new TableColumn("BLEU", ColumnAlignment.Right))
            {
                Caption = $"Translation on {ctx.RoleName("mt")}: corpus BLEU on the same {mt.Sentences} test sentences as the models{(mt.Lowercased ? ", case-insensitive" : string.Empty)}. Copy outputs the English source (help texts share names, numbers and UI terms with their translations); word by word replaces each source word by its most probable German word under IBM Model 1 (5 EM iterations on the training pairs).",
            };
            table.AddRow("Copy the source (baseline)", ReportContext.F(mt.CopyBleu, "0.00"));
            table.AddRow("Word by word, IBM Model 1 (baseline)", ReportContext.F(mt.WordByWordBleu, "0.00"));
            foreach (var v in new[] { Variants.Slice("mt"), Variants.Token("mt"), Variants.DenseFlops("mt") })
            {
                table.AddRow(v.Label, ctx.Measure(v, r => r.Translation?.Bleu).Text("0.00"));
            }

            section.AddTable(table);
        }
    }

    private static string Accuracy(ReportContext ctx, Variant v) => ctx.Measure(v, r => r.Validation?.Accuracy).Text("0.000");
}
