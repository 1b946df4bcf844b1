using SliceMoE.Reporting;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Training;

namespace SliceMoE.Reproduction.Report;

/// <summary>How the reproduction differs from the paper's protocol, the verdict rules, and the raw files.</summary>
internal static class MethodsSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Method, deviations and verdict rules");
        var p = ctx.Plan.Profile;
        section.AddSection("Deviations from the paper's protocol").AddBullets(
            "Data: the paper's data sets cannot be downloaded here; the substitutes in the data table stand in (names, classes and sizes differ, so absolute accuracy, loss, perplexity and BLEU are not comparable with the paper's; the relative claims are what is judged). Pass the paper's own files (--agnews, --dbpedia, --emotion, --wikitext, --wmt) to run on them.",
            $"Encoder: no pretrained DistilBERT is available; classifiers use frozen pretrained GloVe word vectors (when fetched) and train a small transformer encoder with the MoE layer and head (see 'Classification protocol'). Models are far smaller than the paper's (about {PaperResults.ModelParameters.Value / 1e6:0}M parameters): the base configurations are listed below, and each model's size is in its section.",
            $"Training length: classification trains for the epochs of the base configuration on at most its number of examples (the paper: {PaperResults.ClassificationEpochs} epochs on {PaperResults.ClassificationExamples} examples); language models and translation train for a fixed number of steps instead of the paper's {PaperResults.LanguageModelUpdates} updates on four A100s. The learning rate is higher than the paper's {PaperResults.LearningRate}, which was for a pretrained encoder; the optimiser is AdamW with the paper's β₂ = 0.98, batch {PaperResults.BatchSize} and label smoothing {PaperResults.TranslationLabelSmoothing} for MT.",
            "Router noise (Figure 4) is added at evaluation to models trained without it; router temperature (Figure 5) is a training hyperparameter (one model per temperature).",
            "Matched FLOPs: SliceMoE and TokenMoE use expert hidden 4d/k, so their expert matrix multiplies cost the same per token as a dense FFN of hidden 4d. Matched parameters: a dense FFN widened to SliceMoE's parameter count, router included. TokenMoE with the same expert hidden has S times SliceMoE's expert parameters.",
            "Expert Specialisation Score: the paper's definition compares word embeddings with slice embeddings, which live in different spaces; the centroid is taken in the word-vector space (see the Interpretability section).",
            $"Inference speed (the paper's 'up to {PaperResults.InferenceSpeedup}x faster than dense') is not measured by the reproduction: 'slicemoe bench inference' measures it (prefill and cached decoding at matched FLOPs and matched parameters), and the README reports it.",
            Seeds(p));
        var configs = section.AddSection("Base configurations");
        var d = new TrainingConfig();
        configs.AddParagraph($"Every run applies these training config keys (slicemoe train accepts the same --key=value overrides) on top of the defaults (S={d.Slices}, k={d.TopK}, E={d.Experts}, router hidden {d.RouterHidden}, α = {d.CapacityAlpha} for classification and {PaperResults.LanguageCapacityAlpha} for LM/MT, cross-slice dropout {d.SliceDropout}, dropout {d.Dropout}), then its own model, data and seed keys; each run's exact keys are in runs/<id>/result.json.");
        configs.AddCode($"classification: {Keys(p.Classification)}\nlanguage model: {Keys(p.LanguageModel)}\ntranslation:    {Keys(p.Translation)}");
        section.AddSection("Verdict rules").AddBullets([.. VerdictRules.Descriptions]);
        section.AddSection("Files").AddBullets(
            "metrics.jsonl and metrics.csv: one row per run and split (validation, test), one per noise level, one per synthetic epoch.",
            "curves.jsonl and curves.csv: every logged training interval and validation evaluation of every run.",
            "runs/<id>/: each run's config.json, metrics.jsonl (the training loop's log), summary.json and result.json (everything this report reads); checkpoints are kept there but not committed.",
            "invocations.json: the reproduce commands that worked on this folder and their wall times.");
    }

    private static string Seeds(Plan.ReproductionProfile p)
    {
        string seeds = $"Seeds: {p.Seeds} per configuration in this run (the paper: {PaperResults.Seeds}, for its key accuracy and perplexity results)";
        var fewer = new List<string>();
        if (p.AblationSeeds is int a && a != p.Seeds)
        {
            fewer.Add($"{a} for the ablations (slice count, contiguous against shuffled, temperature, the other routers, the frozen-encoder protocol) unless a key result reads the same configuration");
        }

        if (p.TranslationSeeds is int t && t != p.Seeds)
        {
            fewer.Add($"{t} for translation (the paper does not average BLEU over seeds)");
        }

        return fewer.Count == 0 ? seeds + "." : $"{seeds}; {string.Join("; ", fewer)}.";
    }

    private static string Keys(TrainingConfig config) => string.Join(' ', ConfigBinder.Overrides(config));
}
