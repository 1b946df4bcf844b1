using SliceMoE.Data;
using SliceMoE.Kernels.Activations;
using SliceMoE.Models;
using SliceMoE.Moe;
using SliceMoE.Text;
using SliceMoE.Text.Embeddings;
using SliceMoE.Training.Data;

namespace SliceMoE.Training;

/// <summary>Builds a task's data and model from a <see cref="TrainingConfig"/>.</summary>
public static class RunnerFactory
{
    /// <summary>The FFN slot a config describes.</summary>
    public static FeedForwardSpec FeedForward(TrainingConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Layer == "dense")
        {
            return FeedForwardSpec.Dense(c.DenseHidden ?? (4 * c.Dim));
        }

        return FeedForwardSpec.Mixture(new MoeConfig
        {
            ModelDim = c.Dim,
            Slices = c.Layer == "tokenmoe" ? 1 : c.Slices,
            Experts = c.Experts,
            TopK = c.TopK,
            ExpertHidden = c.ExpertHidden,
            RouterHidden = c.RouterHidden,
            Activation = Activation.GeluErf,
            Temperature = c.Temperature,
            RouterNoiseStd = c.RouterNoise,
            RouterNoiseMode = c.RouterNoiseAtEval ? RouterNoiseMode.Always : RouterNoiseMode.TrainingOnly,
            SliceLayout = c.SliceLayout == "shuffled" ? SliceLayout.Shuffled : SliceLayout.Contiguous,
            ShuffleSeed = c.Seed + 20251004,
            Routing = c.Routing switch
            {
                "seq_topk" => RoutingMethod.SeqTopK,
                "expert_choice" => RoutingMethod.ExpertChoice,
                "usmoe" => RoutingMethod.Usmoe,
                _ => RoutingMethod.TopK,
            },
            CapacityFactor = c.CapacityFactor,
            SliceDropout = c.SliceDropout,
            CapacityAlpha = c.CapacityAlpha,
            SwitchLossWeight = c.SwitchLossWeight,
            ZLossWeight = c.ZLossWeight,
            SequenceLength = c.RoutingSequenceLength,
        });
    }

    /// <summary>Loads and encodes the data from <paramref name="data"/>, creates the tokenizer (unless <paramref name="tokenizer"/> is given, e.g. from a checkpoint) and the model.</summary>
    public static TaskRunner Create(TrainingConfig config, ITaskDataSource data, ITokenizer? tokenizer = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        var options = new LoadOptions { Seed = config.Seed, OnMalformed = config.OnMalformed == "skip" ? MalformedRowPolicy.Skip : MalformedRowPolicy.Throw };
        var ffn = FeedForward(config);
        switch (config.Task)
        {
            case "classification":
            {
                var dataset = Reported(data.Classification(config.Dataset, options), d => d.Report, log).Cap(config.MaxTrainExamples, config.MaxEvalExamples, config.MaxEvalExamples);
                tokenizer ??= TokenizerFactory.Create(config.Tokenizer, () => dataset.Train.Select(t => t.Text), config.VocabularySize);
                var taskData = new ClassificationTaskData(dataset, tokenizer, config.MaxLength);
                bool glove = config.Embeddings == "glove";
                var modelConfig = new ClassifierConfig(
                    tokenizer.VocabularySize, glove ? 100 : config.Dim, config.Dim, config.Layers, config.Heads, config.MaxLength,
                    dataset.LabelNames.Count, ffn, config.Dropout, config.Pooling == "first" ? Pooling.First : Pooling.Mean,
                    config.FreezeEncoder, FreezeEmbeddings: glove);
                var model = new EncoderClassifier<float>(modelConfig, config.Seed, config.LabelSmoothing);
                if (glove)
                {
                    LoadGlove(model, data.Glove(), tokenizer, log);
                }

                log?.Invoke($"classification: {dataset.Name}, {dataset.LabelNames.Count} classes, {taskData.Train.Count}/{taskData.Validation.Count}/{taskData.Test.Count} examples, vocabulary {tokenizer.VocabularySize}");
                return new TaskRunner<ClassificationBatch>(taskData, model, tokenizer, b => b.Lengths.Sum(), b => b.Batch, perToken: false);
            }

            case "lm":
            {
                var corpus = Reported(data.LanguageModeling(config.Dataset, options), c => c.Report, log);
                tokenizer ??= TokenizerFactory.Create(config.Tokenizer, () => corpus.Train, config.VocabularySize);
                var taskData = new LanguageModelTaskData(corpus, tokenizer, config.MaxLength, config.MaxEvalExamples);
                var model = ModelLoader.CreateLanguageModel(config, tokenizer.VocabularySize);
                log?.Invoke($"language modelling: {corpus.Name}, {taskData.Streams["train"].Length:N0}/{taskData.Streams["validation"].Length:N0}/{taskData.Streams["test"].Length:N0} tokens, vocabulary {tokenizer.VocabularySize}");
                return new TaskRunner<LanguageModelBatch>(taskData, model, tokenizer, b => b.Batch * b.Length, LossTargets, perToken: true);
            }

            default:
            {
                var corpus = Reported(data.Parallel(config.Dataset, options), c => c.Report, log).Cap(config.MaxTrainExamples, config.MaxEvalExamples, config.MaxEvalExamples);
                tokenizer ??= TokenizerFactory.Create(config.Tokenizer, () => corpus.Train.SelectMany(p => new[] { p.Source, p.Target }), config.VocabularySize);
                var taskData = new TranslationTaskData(corpus, tokenizer, config.MaxLength);
                var model = ModelLoader.CreateTranslator(config, tokenizer.VocabularySize);
                log?.Invoke($"translation: {corpus.Name} ({corpus.SourceLanguage}→{corpus.TargetLanguage}), {taskData.Pairs["train"].Length}/{taskData.Pairs["validation"].Length}/{taskData.Pairs["test"].Length} pairs, joint vocabulary {tokenizer.VocabularySize}");
                return new TranslationRunner(taskData, model, tokenizer) { ValidationBleuSentences = config.EvalBleuSentences, DecodeLength = config.MaxLength };
            }
        }
    }

    /// <summary>The next-token targets a language-model batch's loss averages over (−100: ignored).</summary>
    internal static int LossTargets(LanguageModelBatch batch) => batch.Targets.Count(t => t != -100);

    /// <summary>Under on_malformed = skip, says how many rows the load skipped and the first reasons.</summary>
    private static TData Reported<TData>(TData loaded, Func<TData, LoadReport> report, Action<string>? log)
    {
        var r = report(loaded);
        if (r.Skipped > 0)
        {
            log?.Invoke($"warning: on_malformed = skip: {r.Skipped} malformed row(s) skipped, {r.Loaded} loaded; first: {string.Join("; ", r.SkippedReasons.Take(3))}");
        }

        return loaded;
    }

    private static void LoadGlove(EncoderClassifier<float> model, GloveEmbeddings glove, ITokenizer tokenizer, Action<string>? log)
    {
        using var matrix = glove.BuildMatrix(tokenizer, new EmbeddingMatrixOptions());
        matrix.Weights.Span.CopyTo(model.Tokens.Weight.Value.Span);
        log?.Invoke($"GloVe: {matrix.FoundCount}/{tokenizer.VocabularySize} vocabulary words found ({matrix.Coverage:P1}); frozen");
    }
}
