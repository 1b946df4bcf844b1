using SliceMoE.Modules;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Data;
using SliceMoE.Training;

namespace SliceMoE.Reproduction.Plan;

/// <summary>Turns a variant and a seed into a training config: the profile's base for the task, the data, the model, the seed.</summary>
public static class RunConfigs
{
    /// <summary>The config of <paramref name="variant"/> with <paramref name="seed"/> (output folder unset), validated.</summary>
    /// <exception cref="KeyNotFoundException">For the synthetic variant (it has no training config).</exception>
    /// <exception cref="FormatException">When the profile makes an invalid config (e.g. a slice count that does not divide the width).</exception>
    public static TrainingConfig Config(ReproductionProfile profile, ReproductionData data, Variant variant, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(variant);
        var role = data[variant.Role];
        double languageAlpha = PaperResults.LanguageCapacityAlpha.Value; // classification keeps the default 0.05
        var config = role.Task switch
        {
            "classification" => data.Glove ? profile.Classification with { Embeddings = "glove" } : profile.Classification,
            "lm" => profile.LanguageModel with { CapacityAlpha = languageAlpha },
            _ => profile.Translation with { CapacityAlpha = languageAlpha, LabelSmoothing = PaperResults.TranslationLabelSmoothing.Value },
        };
        config = WithModel(config with { Task = role.Task, Dataset = role.Spec, CheckpointEvery = profile.CheckpointEvery }, profile, data, variant);
        return ConfigBinder.Validate(config with { Seed = (ulong)seed });
    }

    /// <summary>The config that <c>key=value</c> overrides (as a result.json records them) make from the defaults.</summary>
    public static TrainingConfig Config(IEnumerable<string> overrides) => ConfigBinder.Apply(new TrainingConfig(), overrides);

    /// <summary>Parameters and forward FLOPs per token of one FFN slot of a config (router included), from the layer itself (declared, not allocated).</summary>
    public static (long Parameters, double FlopsPerToken) FeedForwardSize(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var store = new ParameterStore<float>();
        var layer = RunnerFactory.FeedForward(config).Create(store, string.Empty, config.Dim);
        double flops = layer.FlopsPerToken;
        (layer as IDisposable)?.Dispose();
        return (store.Length, flops);
    }

    /// <summary>Hidden width of a dense FFN (d → H → d, with biases) whose parameters match <paramref name="parameters"/>.</summary>
    public static int DenseHiddenFor(long parameters, int dim) => Math.Max(1, (int)Math.Round((double)(parameters - dim) / ((2 * dim) + 1)));

    private static TrainingConfig WithModel(TrainingConfig c, ReproductionProfile profile, ReproductionData data, Variant v)
    {
        c = v.Model switch
        {
            ModelKind.SliceMoe => c with { Layer = "slicemoe", Slices = v.Slices },
            ModelKind.TokenMoe => c with { Layer = "tokenmoe" },
            ModelKind.DenseMatchedFlops => c with { Layer = "dense" },
            _ => c with { Layer = "dense", DenseHidden = MatchedDenseHidden(profile, data, v) },
        };
        c = c with { Routing = v.Routing, SliceLayout = v.Shuffled ? "shuffled" : "contiguous", Temperature = v.Temperature, FreezeEncoder = v.FrozenEncoder };
        c = v.Steps is int steps ? c with { Steps = steps } : c;
        return v.LearningRate is double lr ? c with { LearningRate = lr } : c;
    }

    // Matched to the SliceMoE model of the same role at the default S (what Figure 1 compares against).
    private static int MatchedDenseHidden(ReproductionProfile profile, ReproductionData data, Variant v)
    {
        var slice = Config(profile, data, v with { Model = ModelKind.SliceMoe, Slices = 8, LearningRate = null }, 1);
        return DenseHiddenFor(FeedForwardSize(slice).Parameters, slice.Dim);
    }
}
