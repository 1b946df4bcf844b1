using SliceMoE.IO.Safetensors;
using SliceMoE.Models;
using SliceMoE.Text;
using SliceMoE.Training.Data;

namespace SliceMoE.Training;

/// <summary>A model rebuilt from a checkpoint, with the tokenizer and metadata it was trained with.</summary>
/// <typeparam name="TModel">The model type.</typeparam>
/// <param name="Model">The model, parameters loaded.</param>
/// <param name="Tokenizer">The tokenizer restored from the checkpoint.</param>
/// <param name="Info">The checkpoint's config and counters.</param>
public sealed record LoadedModel<TModel>(TModel Model, ITokenizer Tokenizer, CheckpointInfo Info) : IDisposable
    where TModel : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}

/// <summary>
/// Builds the generative models (causal LM, translator) a config describes, and loads them from checkpoints without
/// loading the training data: sampling or translating a sentence should not need the corpus on disk.
/// <see cref="RunnerFactory"/> builds its models here too, so both paths give the same parameter layout.
/// </summary>
public static class ModelLoader
{
    /// <summary>The causal language model of a config (task lm), freshly initialised from its seed.</summary>
    public static CausalLanguageModel<float> CreateLanguageModel(TrainingConfig config, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new CausalLanguageModel<float>(
            new LanguageModelConfig(vocabularySize, config.Dim, config.Layers, config.Heads, config.MaxLength, RunnerFactory.FeedForward(config), config.Dropout),
            config.Seed);
    }

    /// <summary>The encoder-decoder translator of a config (task translation), freshly initialised from its seed.</summary>
    public static Seq2SeqTranslator<float> CreateTranslator(TrainingConfig config, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(config);

        // MaxLength + 1: the decoder sees BOS plus up to MaxLength target tokens (targets are cut to MaxLength - 1, plus EOS).
        return new Seq2SeqTranslator<float>(
            new TranslationConfig(vocabularySize, config.Dim, config.Layers, config.Layers, config.Heads, config.MaxLength + 1, RunnerFactory.FeedForward(config), config.Dropout),
            config.Seed, config.LabelSmoothing);
    }

    /// <summary>Loads a language-model checkpoint.</summary>
    /// <exception cref="FormatException">When the file is not a SliceMoE.NET checkpoint.</exception>
    /// <exception cref="InvalidOperationException">When the checkpoint is not of a language model.</exception>
    public static LoadedModel<CausalLanguageModel<float>> LoadLanguageModel(string checkpoint) =>
        Load(checkpoint, "lm", "a language model (task lm)", CreateLanguageModel, m => m.Store);

    /// <summary>Loads a translation checkpoint.</summary>
    /// <exception cref="FormatException">When the file is not a SliceMoE.NET checkpoint.</exception>
    /// <exception cref="InvalidOperationException">When the checkpoint is not of a translation model.</exception>
    public static LoadedModel<Seq2SeqTranslator<float>> LoadTranslator(string checkpoint) =>
        Load(checkpoint, "translation", "a translation model (task translation)", CreateTranslator, m => m.Store);

    private static LoadedModel<TModel> Load<TModel>(
        string checkpoint, string task, string what, Func<TrainingConfig, int, TModel> create, Func<TModel, Modules.ParameterStore<float>> store)
        where TModel : IDisposable
    {
        using var file = SafetensorsFile.Open(checkpoint);
        var info = Checkpoint.ReadInfo(file);
        if (info.Config.Task != task)
        {
            throw new InvalidOperationException($"{checkpoint} is a checkpoint of task {info.Config.Task}; this needs {what}.");
        }

        var tokenizer = TokenizerFactory.Restore(info.TokenizerKind, info.Tokenizer, $"{file.Path} __metadata__.tokenizer");
        var model = create(info.Config, tokenizer.VocabularySize);
        try
        {
            Checkpoint.LoadParameters(file, store(model));
        }
        catch
        {
            model.Dispose();
            throw;
        }

        return new LoadedModel<TModel>(model, tokenizer, info);
    }
}
