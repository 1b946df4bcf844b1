using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Translation: corpus BLEU of SliceMoE, TokenMoE and dense encoder-decoders.</summary>
internal static class TranslationSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Translation");
        var models = new[] { Variants.Slice("mt"), Variants.Token("mt"), Variants.DenseFlops("mt") };
        var any = models.SelectMany(ctx.Of).FirstOrDefault(r => r.Translation is not null);
        section.AddParagraph($"Encoder-decoder models, English to German, on {ctx.RoleName("mt")}, identical except for the FFN slots (matched active FLOPs), trained with label smoothing {PaperResults.TranslationLabelSmoothing}. BLEU is corpus BLEU with sacreBLEU's defaults (13a tokenisation, exponential smoothing, one reference) over the first test sentences, decoded with beam search" +
            (any is null ? "." : $" (beam {any.Translation!.Beam}, {any.Translation.Sentences} sentences)" + (any.Translation.Lowercased ? ", case-insensitive (sacreBLEU -lc): the word-level tokenizer lowercases, so the models cannot produce capitals." : "."))
            + " Out-of-vocabulary words come out as <unk>, which never matches.");
        var paper = PaperResults.Bleu;
        var paperBleu = new[] { paper.SliceMoe.Value, paper.TokenMoe.Value, paper.Dense.Value };
        var table = new ReportTable("Model", new TableColumn("BLEU", ColumnAlignment.Right), new TableColumn("Paper BLEU (WMT En-De)", Format: "0.0"),
            new TableColumn("Validation PPL", ColumnAlignment.Right), new TableColumn("ELE", ColumnAlignment.Right), "sacreBLEU-style score line (seed 1)")
        {
            Caption = "Translation models: corpus BLEU on decoded test sentences (mean ± sd over seeds) against the paper's WMT En-De numbers.",
        };
        var bleus = new Stat[models.Length];
        for (int i = 0; i < models.Length; i++)
        {
            bleus[i] = ctx.Measure(models[i], r => r.Translation?.Bleu);
            var first = ctx.Of(models[i]).FirstOrDefault();
            table.AddRow(models[i].Label, bleus[i].Text("0.00"), paperBleu[i], ctx.Measure(models[i], r => r.Validation?.Perplexity).Text("0.0"),
                ctx.Measure(models[i], r => r.Validation?.Ele).Text("0.000"), first?.Translation?.Score);
        }

        section.AddTable(table);
        var bars = new BarChart(models.Select(m => m.Label).ToArray()) { Title = "Corpus BLEU", ShowValues = true, ValueFormat = "0.00", Legend = LegendPosition.None };
        bars.YAxis.Label = "BLEU";
        bars.Add("BLEU", bleus.Select(b => b.Mean).ToArray(), ctx.Plan.Profile.Seeds > 1 ? bleus.Select(b => b.Sd).ToArray() : null);
        section.AddFigure("mt-bleu", bars, "Corpus BLEU of each model (test sentences).");
        var plateau = ctx.Plan.Profile.TranslationPlateauSteps is int cap ? models[0] with { Steps = cap } : null;
        AddBleuCurve(ctx, section, plateau is null ? models : [.. models, plateau]);
        var plateauRun = plateau is null ? null : ctx.Of(plateau).FirstOrDefault(r => r.Translation is not null);
        if (plateau is not null)
        {
            section.AddParagraph(PlateauText(ctx, plateau, plateauRun));
        }

        if (ctx.Of(models[0]).FirstOrDefault()?.Translation is { } t)
        {
            var samples = new ReportTable("Source (English)", "SliceMoE output", "Reference (German)") { Caption = "First decoded test sentences of SliceMoE (seed 1)." };
            foreach (var s in t.Samples)
            {
                samples.AddRow(s.Source, s.Hypothesis, s.Reference);
            }

            section.AddTable(samples);
        }

        Verdict verdict;
        string evidence;
        if (bleus.All(b => b.N > 0 && b.Mean < VerdictRules.BleuFloor))
        {
            verdict = Verdict.NotApplicable;
            evidence = $"Every model is below {VerdictRules.BleuFloor:0.#} BLEU: training was too short for translation quality to rank the models.";
        }
        else
        {
            verdict = VerdictRules.Combine([
                VerdictRules.Improvement(bleus[0].Mean - bleus[1].Mean, paper.SliceMoe.Value - paper.TokenMoe.Value),
                VerdictRules.Improvement(bleus[0].Mean - bleus[2].Mean, paper.SliceMoe.Value - paper.Dense.Value)]);
            evidence = "Rule: the improvement rule on the BLEU difference against TokenMoE and against dense; combined.";
        }

        var ele = ctx.Measure(models[0], r => r.Validation?.Ele);
        if (verdict == Verdict.NotApplicable && bleus.Any(b => b.N > 0))
        {
            evidence += " The claim could not be judged on this data at this scale.";
        }

        if (plateauRun is not null && bleus.Where(b => b.N > 0).Select(b => b.Mean).DefaultIfEmpty(0).Max() < TranslatesBleu)
        {
            evidence += plateauRun.Translation!.Bleu >= TranslatesBleu
                ? $" The comparison is at the step cap, where no model reaches BLEU {TranslatesBleu:0}; SliceMoE trained to its plateau does ({plateauRun.Translation.Bleu:0.00}), so the data supports a model that translates, but whether the ranking holds there was not measured (one family only)."
                : $" Even trained to its plateau SliceMoE reaches only BLEU {plateauRun.Translation.Bleu:0.00}: this data does not get a model of this size to BLEU {TranslatesBleu:0}.";
        }

        ctx.Judge(section, new Claim(
            "mt", $"SliceMoE obtains higher BLEU than TokenMoE and dense (WMT En-De {paper.SliceMoe} vs {paper.TokenMoe} vs {paper.Dense}), with an ELE of {paper.Ele}.",
            $"{paper.SliceMoe} vs {paper.TokenMoe} vs {paper.Dense}, ELE {paper.Ele}", $"{string.Join(" vs ", bleus.Select(b => b.Text("0.00")))}, SliceMoE ELE {ele.Text("0.000")}",
            verdict, evidence));
    }

    /// <summary>The issue's bar for "a model that translates".</summary>
    private const double TranslatesBleu = 10;

    private static string PlateauText(ReportContext ctx, Variant plateau, Execution.RunResult? run)
    {
        var t = ctx.Plan.Profile.Translation;
        string intro = $"Trained to its plateau: the comparison above stops every model at the profile's cap of {t.Steps:N0} steps. To see whether this data can support a model that translates, {(plateau with { Steps = null }).Label} (at its family's rate) is also trained for up to {plateau.Steps:N0} steps, its cosine schedule stretched to them, stopped after {t.Patience} evaluations without a better validation BLEU (the curve above, \"{plateau.Label}\").";
        if (run is null)
        {
            return intro + " That run has not finished yet.";
        }

        var best = run.Curve.Where(p => p.Split == "validation" && p.Bleu is not null).MaxBy(p => p.Bleu!.Value);
        string stop = run.Steps < plateau.Steps ? $"It stopped at step {run.Steps:N0}" : $"It ran to its cap ({run.Steps:N0} steps) without the validation BLEU stalling";
        return intro + $" {stop}; its best validation BLEU was {best?.Bleu:0.00} (greedy, step {best?.Step:N0}) and its test BLEU is {run.Translation!.Bleu:0.00} (beam {run.Translation.Beam}, {run.Translation.Sentences} sentences), in {run.WallSeconds / 60:0} min.";
    }

    // Validation BLEU of greedy decoding over training, where the runs measured it (they stop when it stops improving).
    private static void AddBleuCurve(ReportContext ctx, ReportSection section, IReadOnlyList<Variant> models)
    {
        if (!models.SelectMany(ctx.Of).Any(r => r.Curve.Any(p => p.Bleu is not null)))
        {
            return;
        }

        var chart = new LineChart { Title = "Validation BLEU over training (greedy decoding)" };
        chart.XAxis.Label = "step";
        chart.YAxis.Label = "validation BLEU";
        foreach (var m in models)
        {
            CurveMath.Add(chart, m.Label, ctx.Of(m), "validation", p => p.Bleu ?? double.NaN)?.Markers = true;
        }

        var sentences = ctx.Plan.Profile.Translation.EvalBleuSentences;
        section.AddFigure("mt-validation-bleu", chart, $"Greedy BLEU of the first {sentences} validation sentences at every evaluation; a run stops after {ctx.Plan.Profile.Translation.Patience} evaluations without improvement (or at its last step): where the curve flattens is where more training of this model on this data stops paying.");
    }
}
