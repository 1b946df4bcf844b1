using System.Diagnostics;
using SliceMoE.Models;
using SliceMoE.Reproduction.Baselines;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Reproduction.Execution;

/// <summary>
/// Computes a plan's <see cref="BaselineResults"/> on the data and tokenization its SliceMoE runs use (the tokenizer
/// is built from the same training split with the same settings, so the ids are the models' ids), once per
/// reproduction: they do not depend on a seed.
/// </summary>
public static class BaselineExecutor
{
    /// <summary>The file in the output folder.</summary>
    public const string FileName = "baselines.json";

    /// <summary>Order of the n-gram language model.</summary>
    public const int NgramOrder = 4;

    /// <summary>Computes every baseline of <paramref name="plan"/>'s roles.</summary>
    public static BaselineResults Run(ReproductionPlan plan, ITaskDataSource data, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(data);
        var clock = Stopwatch.StartNew();
        var classification = new Dictionary<string, ClassificationBaseline>();
        LanguageModelBaseline? lm = null;
        TranslationBaseline? mt = null;
        foreach (var role in plan.Data.Roles)
        {
            var config = RunConfigs.Config(plan.Profile, plan.Data, Variants.Slice(role.Key), 1);
            using var runner = RunnerFactory.Create(config, data);
            switch (DataOf(runner))
            {
                case ClassificationTaskData c:
                {
                    var model = BagOfWordsLogisticRegression.Train(c.Train, c.Validation, runner.Tokenizer.VocabularySize, c.LabelNames.Count);
                    classification[role.Key] = new ClassificationBaseline(model.Accuracy(c.Validation), model.Accuracy(c.Test), model.L2);
                    log?.Invoke($"baseline {role.Key}: bag-of-words logistic regression, validation accuracy {classification[role.Key].ValidationAccuracy:0.000}");
                    break;
                }

                case LanguageModelTaskData l:
                {
                    var ngram = KneserNeyLanguageModel.Train(l.Streams["train"], runner.Tokenizer.VocabularySize, NgramOrder);
                    double Perplexity(string split) => KneserNeyLanguageModel.Perplexity(
                        l.EvaluationWindows(split).Select(w => ngram.Score(l.Streams[split].AsSpan(w * config.MaxLength, config.MaxLength + 1))));
                    lm = new LanguageModelBaseline(NgramOrder, Perplexity("validation"), Perplexity("test"), l.Streams["train"].Length);
                    log?.Invoke($"baseline lm: {NgramOrder}-gram Kneser-Ney, validation perplexity {lm.ValidationPerplexity:0.0}");
                    break;
                }

                case TranslationTaskData t when runner is TranslationRunner translator:
                {
                    var test = t.References["test"].Take(plan.Profile.BleuSentences).ToArray();
                    var dictionary = WordByWordTranslator.Train(t.References["train"].Select(p => (p.Source, p.Target)).ToArray());
                    // Scored by the runner, as the models' decodings are (the same casing rule).
                    double copy = translator.Score(test.Select(p => (p.Source, p.Source, p.Target)).ToArray()).Score;
                    double words = translator.Score(test.Select(p => (p.Source, dictionary.Translate(p.Source), p.Target)).ToArray()).Score;
                    mt = new TranslationBaseline(copy, words, test.Length, translator.ScoresLowercased);
                    log?.Invoke($"baseline mt: copy BLEU {copy:0.00}, word-by-word BLEU {words:0.00}");
                    break;
                }
            }
        }

        return new BaselineResults(classification, lm, mt, clock.Elapsed.TotalSeconds);
    }

    private static object? DataOf(TaskRunner runner) => runner switch
    {
        TaskRunner<ClassificationBatch> c => c.Data,
        TaskRunner<LanguageModelBatch> l => l.Data,
        TaskRunner<TranslationBatch> t => t.Data,
        _ => null,
    };
}
