using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Numerics;

namespace SliceMoE.Tests.Models;

/// <summary>Every model's backward against central finite differences in float64.</summary>
public class ModelGradientTests
{
    public static TheoryData<string> Kinds => new() { "classifier", "classifier-frozen-projected", "lm", "translator" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Whole_models_pass_finite_differences(string kind)
    {
        ITrainableModel<double, object> Wrap<TBatch>(ITrainableModel<double, TBatch> m, TBatch b) => new Bound<TBatch>(m, b);
        using var model = kind switch
        {
            "classifier" => Wrap(new EncoderClassifier<double>(new ClassifierConfig(9, 8, 8, 1, 2, 6, 3, TinyModels.SliceMoe(8), Dropout: 0.1), 7, labelSmoothing: 0.1), TinyModels.Classification(new Rng(8), 3, 5, 9, 3)),
            "classifier-frozen-projected" => Wrap(new EncoderClassifier<double>(new ClassifierConfig(9, 6, 8, 1, 2, 6, 3, TinyModels.SliceMoe(8), Dropout: 0, Pooling: Pooling.First, FreezeEncoder: true), 7), TinyModels.Classification(new Rng(8), 3, 5, 9, 3)),
            "lm" => Wrap(new CausalLanguageModel<double>(new LanguageModelConfig(7, 8, 1, 2, 6, TinyModels.TokenMoe(8), Dropout: 0.1), 9), TinyModels.Language(new Rng(10), 2, 5, 7)),
            _ => Wrap(new Seq2SeqTranslator<double>(new TranslationConfig(8, 8, 1, 1, 2, 6, TinyModels.SliceMoe(8), Dropout: 0.1), 11), TinyModels.Reverse(new Rng(12), 2, 4, 8)),
        };
        double Loss()
        {
            var r = model.Step(new object(), new ForwardContext(true, new Rng(13)), backward: false);
            return r.Loss + r.AuxObjective;
        }

        model.Store.ZeroGradients();
        model.Step(new object(), new ForwardContext(true, new Rng(13)), backward: true);
        var analytic = model.Store.Gradients.ToArray();
        var failed = new List<GradientCheckResult>();
        foreach (var p in model.Store.Parameters.Where(p => !p.Frozen))
        {
            var r = GradientCheck.Compare(p.Name, p.Value.Span, analytic.AsSpan((int)p.Offset, (int)p.Length), Loss, 1e-5, 1e-8, new GradientCheckOptions(MaxCoordinates: 6));
            if (!r.Passed)
            {
                failed.Add(r);
            }
        }

        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    /// <summary>Adapts a model and a fixed batch to one batch type for the theory above.</summary>
    private sealed class Bound<TBatch>(ITrainableModel<double, TBatch> model, TBatch batch) : ITrainableModel<double, object>
    {
        public SliceMoE.Modules.ParameterStore<double> Store => model.Store;

        public ReadOnlySpan<double> Logits => model.Logits;

        public StepResult Step(object ignored, ForwardContext context, bool backward, double lossScale = 1) => model.Step(batch, context, backward, lossScale);

        public void Dispose() => model.Dispose();
    }
}
