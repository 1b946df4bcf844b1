using System.Globalization;
using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Analysis;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Interpretability: the Expert Specialisation Score, each expert's words, the PCA of slice embeddings, and the expert loads.</summary>
internal static class InterpretabilitySection
{
    /// <summary>Words shown per expert in the tables (the score uses the profile's count).</summary>
    private const int ShownWords = 10;

    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Interpretability: Expert Specialisation Score");
        var slice = Variants.Slice("agnews");
        var token = Variants.Token("agnews");
        var first = ctx.Of(slice).FirstOrDefault()?.Specialisation;
        section.AddParagraph(
            $"On {ctx.RoleName("agnews")}, the training examples are routed through each trained model (evaluation mode) and the first MoE layer is examined. " +
            "A token occurrence is predominantly routed to the expert with the largest total gate over its S·k slice assignments (TokenMoE: S = 1, slices are whole tokens, so its first choice). " +
            $"Each expert's top words are the {ctx.Plan.Profile.SpecialisationWords} most frequent words among the occurrences predominantly routed to it (words with a letter and a vector). " +
            "The paper compares pretrained word embeddings with the centroid of the slice embeddings an expert processed; slices (d/S wide, in the model's space) and word vectors live in different spaces, so here the centroid is taken in the word-vector space: the mean of the vectors of the words of every slice the expert processed (a word counts once per slice of it the expert received). " +
            "ESS = mean cosine of the top words' vectors to that centroid, averaged over experts. The baseline takes the whole layer as one expert: the score that no specialisation gives." +
            (first is null ? string.Empty : $" Word vectors: {first.WordVectors}."));
        if (ctx.Missing(section, slice, token))
        {
            return;
        }

        var table = new ReportTable("Model", new TableColumn("ESS", ColumnAlignment.Right), new TableColumn("sd over experts", ColumnAlignment.Right), new TableColumn("Baseline (one expert)", ColumnAlignment.Right),
            new TableColumn("Paper ESS", Format: "0.00"), new TableColumn("Paper sd", Format: "0.00"), new TableColumn("Tokens routed", ColumnAlignment.Right))
        {
            Caption = "Expert Specialisation Score (mean over seeds of the mean over experts) against the paper's AG NEWS numbers.",
        };
        var paper = PaperResults.Ess;
        var ess = new Stat[2];
        var models = new[] { (slice, paper.SliceMoe.Value, paper.SliceMoeSd.Value), (token, paper.TokenMoe.Value, paper.TokenMoeSd.Value) };
        for (int i = 0; i < models.Length; i++)
        {
            var (v, p, psd) = models[i];
            ess[i] = ctx.Measure(v, r => r.Specialisation?.MeanEss);
            table.AddRow(v.Label, ess[i].Text("0.000"), ctx.Measure(v, r => r.Specialisation?.SdEss).Text("0.000"), ctx.Measure(v, r => r.Specialisation?.BaselineEss).Text("0.000"), p, psd,
                ctx.Of(v)[0].Specialisation?.Tokens.ToString("N0", CultureInfo.InvariantCulture));
        }

        section.AddTable(table);
        var test = ess[0].WelchAgainst(ess[1]);
        double diff = ess[0].Mean - ess[1].Mean;
        ctx.Judge(section, new Claim(
            "specialisation", $"SliceMoE experts are more specialised than TokenMoE experts: average ESS {paper.SliceMoe} (sd {paper.SliceMoeSd}) against {paper.TokenMoe} (sd {paper.TokenMoeSd}).",
            $"{paper.SliceMoe} vs {paper.TokenMoe}", $"{ess[0].Text("0.000")} vs {ess[1].Text("0.000")} ({ReportContext.P(test)}); the layer taken as one expert scores {ctx.Measure(slice, r => r.Specialisation?.BaselineEss).Text("0.000")} (SliceMoE) and {ctx.Measure(token, r => r.Specialisation?.BaselineEss).Text("0.000")} (TokenMoE)",
            VerdictRules.Improvement(diff, paper.SliceMoe.Value - paper.TokenMoe.Value),
            $"Rule: the improvement rule on the ESS difference (the paper's is {ReportContext.F(paper.SliceMoe.Value - paper.TokenMoe.Value, "0.00")}). Our ESS uses the definition above, which differs from the paper's only where the paper's is not computable as written."));

        AddLoads(ctx, section, slice, token);
        foreach (var (v, _, _) in models)
        {
            AddWords(ctx, section, v, ctx.Of(v)[0]);
            AddPca(section, v, ctx.Of(v)[0]);
        }
    }

    private static void AddLoads(ReportContext ctx, ReportSection section, Variant slice, Variant token)
    {
        var s = ctx.Of(slice)[0].Specialisation!;
        var t = ctx.Of(token)[0].Specialisation!;
        var chart = new LoadChart(s.Experts.Count) { Title = "Expert load in the first MoE layer" };
        chart.Add(slice.Label, s.Experts.Select(e => e.Load).ToArray());
        chart.Add(token.Label, t.Experts.Select(e => e.Load).ToArray());
        section.AddFigure("specialisation-load", chart, $"Share of slice assignments per expert over the routed training examples of {ctx.RoleName("agnews")} (seed 1); the dashed line is the uniform share.");
    }

    private static void AddWords(ReportContext ctx, ReportSection section, Variant v, RunResult run)
    {
        var s = run.Specialisation!;
        var table = new ReportTable(new TableColumn("Expert", ColumnAlignment.Right), new TableColumn("Load", Format: "0.000"), new TableColumn("Occurrences", Format: "N0"), new TableColumn("ESS", Format: "0.000"), $"Most frequent words (first {ShownWords})", "Most distinctive words")
        {
            Caption = $"{v.Label} on {ctx.RoleName("agnews")}: each expert's load, the occurrences predominantly routed to it, its ESS and its words (seed 1). Distinctive words are the most over-represented among its occurrences relative to all, with at least {Specialisation.DistinctiveMinimum} occurrences.",
        };
        foreach (var e in s.Experts)
        {
            table.AddRow(e.Expert, e.Load, e.Occurrences, double.IsFinite(e.Ess) ? e.Ess : null, string.Join(" ", e.TopWords.Take(ShownWords)), string.Join(" ", e.DistinctiveWords));
        }

        section.AddTable(table);
    }

    private static void AddPca(ReportSection section, Variant v, RunResult run)
    {
        var s = run.Specialisation!;
        if (s.Pca.Count == 0)
        {
            return;
        }

        var chart = new ScatterChart { Title = $"{v.Label}: PCA of slice embeddings by expert" };
        chart.XAxis.Label = string.Create(CultureInfo.InvariantCulture, $"PC1 ({100 * s.PcaExplained[0]:0.#}% of variance)");
        chart.YAxis.Label = string.Create(CultureInfo.InvariantCulture, $"PC2 ({100 * s.PcaExplained[1]:0.#}%)");
        foreach (var group in s.Pca.GroupBy(p => p.Expert))
        {
            var series = chart.Add(new ScatterSeries($"expert {group.Key}") { Radius = 3, Opacity = 0.7 });
            foreach (var p in group)
            {
                series.Add(p.X, p.Y);
            }
        }

        string slug = v.Model == ModelKind.SliceMoe ? "slicemoe" : "tokenmoe";
        section.AddFigure($"specialisation-pca-{slug}", chart, $"{v.Label}: the first slice vectors (the MoE layer's input slices) that the {s.Pca.Select(p => p.Expert).Distinct().Count()} most loaded experts processed, projected on the first two principal components of all of them (seed 1).");
    }
}
