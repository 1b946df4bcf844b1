using System.Text.Json;
using SliceMoE.IO.Safetensors;
using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Modules;
using SliceMoE.Moe;

namespace SliceMoE.Tests.Training.Replica;

/// <summary>
/// One fixture of the PyTorch replica (tools/replica/make_fixtures.py): our model in float64 with the fixture's
/// parameters, and its batches. The fixture's config names the model and its FFN slot in the replica's terms.
/// </summary>
internal sealed class ReplicaCase : IDisposable
{
    private readonly IDisposable _model;
    private readonly Func<string, int?, StepResult> _step;
    private readonly Func<double[]> _logits;

    private ReplicaCase(string name, SafetensorsFile file, JsonElement config)
    {
        Name = name;
        File = file;
        var ffn = FeedForward(config.GetProperty("ffn"), Int(config, "d"));
        double smoothing = config.TryGetProperty("label_smoothing", out var ls) ? ls.GetDouble() : 0;
        int vocab = Int(config, "vocab"), d = Int(config, "d"), heads = Int(config, "heads"), maxLength = Int(config, "max_length");
        switch (config.GetProperty("model").GetString())
        {
            case "lm":
                var lm = new CausalLanguageModel<double>(new LanguageModelConfig(vocab, d, Int(config, "layers"), heads, maxLength, ffn, Dropout: 0), seed: 1);
                (_model, Store, _logits) = (lm, lm.Store, () => lm.Logits.ToArray());
                _step = (prefix, i) =>
                {
                    var lengths = Ints(prefix + "lengths", i);
                    var ids = Ints(prefix + "ids", i);
                    return lm.Step(new LanguageModelBatch(ids, Ints(prefix + "targets", i), lengths, lengths.Length, ids.Length / lengths.Length), Context(), backward: true);
                };
                break;
            case "classifier":
                int embedding = config.TryGetProperty("embedding_dim", out var e) ? e.GetInt32() : d;
                var pooling = config.GetProperty("pooling").GetString() == "first" ? Pooling.First : Pooling.Mean;
                var classifier = new EncoderClassifier<double>(
                    new ClassifierConfig(vocab, embedding, d, Int(config, "layers"), heads, maxLength, Int(config, "classes"), ffn, Dropout: 0, Pooling: pooling), seed: 1, smoothing);
                (_model, Store, _logits) = (classifier, classifier.Store, () => classifier.Logits.ToArray());
                _step = (prefix, i) =>
                {
                    var lengths = Ints(prefix + "lengths", i);
                    var ids = Ints(prefix + "ids", i);
                    return classifier.Step(new ClassificationBatch(ids, lengths, Ints(prefix + "labels", i), lengths.Length, ids.Length / lengths.Length), Context(), backward: true);
                };
                break;
            case "translator":
                var translator = new Seq2SeqTranslator<double>(
                    new TranslationConfig(vocab, d, Int(config, "encoder_layers"), Int(config, "decoder_layers"), heads, maxLength, ffn, Dropout: 0), seed: 1, smoothing);
                (_model, Store, _logits) = (translator, translator.Store, () => translator.Logits.ToArray());
                _step = (prefix, i) =>
                {
                    var sourceLengths = Ints(prefix + "source_lengths", i);
                    var source = Ints(prefix + "source", i);
                    var targetLengths = Ints(prefix + "target_lengths", i);
                    var input = Ints(prefix + "target_input", i);
                    int b = sourceLengths.Length;
                    return translator.Step(
                        new TranslationBatch(source, sourceLengths, source.Length / b, input, Ints(prefix + "target_output", i), targetLengths, input.Length / b, b), Context(), backward: true);
                };
                break;
            default:
                throw new FormatException($"{file.Path}: config.model must be lm, classifier or translator.");
        }

        LoadParameters();
    }

    public string Name { get; }

    public SafetensorsFile File { get; }

    public ParameterStore<double> Store { get; }

    /// <summary>Opens the fixture <paramref name="name"/>.safetensors and builds our model with its parameters.</summary>
    public static ReplicaCase Open(string name)
    {
        var file = SafetensorsFile.Open(Fixtures.Replica(name + ".safetensors"));
        using var config = JsonDocument.Parse(file.Metadata["config"]);
        return new ReplicaCase(name, file, config.RootElement.Clone());
    }

    /// <summary>Zeroes the gradients and runs forward and backward of batch.* (index null) or of step <paramref name="index"/> of train.*.</summary>
    public StepResult Step(string prefix, int? index = null)
    {
        Store.ZeroGradients();
        return _step(prefix, index);
    }

    /// <summary>The last step's logits.</summary>
    public double[] Logits() => _logits();

    public double[] Doubles(string name)
    {
        using var t = File.ReadFloat64(name);
        return t.Span.ToArray();
    }

    public void Dispose()
    {
        _model.Dispose();
        File.Dispose();
    }

    private static MoeForwardContext Context() => new(Training: true, new Numerics.Rng(1));

    private static int Int(JsonElement e, string key) => e.GetProperty(key).GetInt32();

    private static FeedForwardSpec FeedForward(JsonElement f, int d)
    {
        if (f.GetProperty("kind").GetString() == "dense")
        {
            return FeedForwardSpec.Dense(Int(f, "hidden"));
        }

        bool Has(string key, out JsonElement v) => f.TryGetProperty(key, out v);
        return FeedForwardSpec.Mixture(new MoeConfig
        {
            ModelDim = d,
            Slices = Int(f, "slices"),
            Experts = Int(f, "experts"),
            TopK = Int(f, "top_k"),
            ExpertHidden = Int(f, "expert_hidden"),
            RouterHidden = Int(f, "router_hidden"),
            Routing = Has("routing", out var r) && r.GetString() == "seqtopk" ? RoutingMethod.SeqTopK : RoutingMethod.TopK,
            NormalizeTopK = Has("normalize", out var n) && n.GetBoolean(),
            CapacityAlpha = f.GetProperty("alpha").GetDouble(),
            SwitchLossWeight = Has("switch_weight", out var s) ? s.GetDouble() : 0,
            ZLossWeight = Has("z_weight", out var z) ? z.GetDouble() : 0,
        });
    }

    /// <summary>The i-th slice along the first dimension of an int64 tensor (the whole tensor when i is null).</summary>
    private int[] Ints(string name, int? i)
    {
        var all = File.ReadInt64(name);
        int leading = File.GetEntry(name).Shape[0];
        int size = i is null ? all.Length : all.Length / leading;
        return all.AsSpan((i ?? 0) * size, size).ToArray().Select(v => checked((int)v)).ToArray();
    }

    /// <summary>Every parameter from the fixture by name and shape; the fixture may hold no parameter we lack.</summary>
    private void LoadParameters()
    {
        foreach (var p in Store.Parameters)
        {
            using var t = File.ReadFloat64(p.Name, [.. p.Shape]);
            t.Span.CopyTo(p.Value.Span);
        }

        string[] notParameters = ["batch.", "train.", "expected.", "grad."];
        var extra = File.Entries.Select(x => x.Name).Where(n => !notParameters.Any(n.StartsWith) && Store.Parameters.All(p => p.Name != n)).ToList();
        if (extra.Count > 0)
        {
            throw new FormatException($"{File.Path}: tensors {string.Join(", ", extra)} are not parameters of our {Name} model.");
        }
    }
}
