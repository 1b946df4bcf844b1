using System.Globalization;
using SliceMoE.Modules;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Data;
using SliceMoE.Training;

namespace SliceMoE.Reproduction.Plan;

/// <summary>Turns a variant and a seed into training overrides: the profile's base for the task, the data, the model, the seed.</summary>
public static class RunConfigs
{
    /// <summary>The overrides of <paramref name="variant"/> with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">For the synthetic variant (it has no training config).</exception>
    public static IReadOnlyList<string> Overrides(ReproductionProfile profile, ReproductionData data, Variant variant, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(variant);
        var role = data[variant.Role];
        var list = new List<string> { $"task={role.Task}", $"dataset={role.Spec}" };
        switch (role.Task)
        {
            case "classification":
                list.AddRange(profile.Classification);
                if (data.Glove)
                {
                    list.Add("embeddings=glove");
                }

                break;
            case "lm":
                list.AddRange(profile.LanguageModel);
                list.Add(Key("capacity_alpha", PaperResults.LanguageCapacityAlpha.Value)); // classification keeps the default 0.05
                break;
            default:
                list.AddRange(profile.Translation);
                list.Add(Key("capacity_alpha", PaperResults.LanguageCapacityAlpha.Value));
                list.Add(Key("label_smoothing", PaperResults.TranslationLabelSmoothing.Value));
                break;
        }

        list.Add($"checkpoint_every={profile.CheckpointEvery}");
        list.AddRange(ModelOverrides(profile, data, variant));
        list.Add($"seed={seed}");
        return list;
    }

    /// <summary>The config the overrides describe (output folder unset).</summary>
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

    private static string Key(string key, double value) => $"{key}={value.ToString("R", CultureInfo.InvariantCulture)}";

    private static IEnumerable<string> ModelOverrides(ReproductionProfile profile, ReproductionData data, Variant v)
    {
        switch (v.Model)
        {
            case ModelKind.SliceMoe:
                yield return "layer=slicemoe";
                yield return $"slices={v.Slices}";
                break;
            case ModelKind.TokenMoe:
                yield return "layer=tokenmoe";
                break;
            case ModelKind.DenseMatchedFlops:
                yield return "layer=dense";
                break;
            default:
                // Matched to the SliceMoE model of the same role at the default S (what Figure 1 compares against).
                var slice = Config(Overrides(profile, data, v with { Model = ModelKind.SliceMoe, Slices = 8 }, 1));
                yield return "layer=dense";
                yield return $"dense_hidden={DenseHiddenFor(FeedForwardSize(slice).Parameters, slice.Dim)}";
                break;
        }

        if (v.Routing != "topk")
        {
            yield return $"routing={v.Routing}";
        }

        if (v.Shuffled)
        {
            yield return "slice_layout=shuffled";
        }

        if (v.Temperature != 1.0)
        {
            yield return Key("temperature", v.Temperature);
        }

        if (v.FrozenEncoder)
        {
            yield return "freeze_encoder=true";
        }
    }
}
