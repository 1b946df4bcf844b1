using SliceMoE.Diagnostics;
using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Numerics;
using SliceMoE.Training;

namespace SliceMoE.Tests.Models;

public class ModelTests
{
    private static double Train<TBatch>(ITrainableModel<float, TBatch> model, TBatch batch, int steps, double lr)
    {
        using var adam = new AdamW<float>(model.Store, new AdamWOptions(WeightDecay: 0));
        double loss = double.NaN;
        for (int s = 0; s < steps; s++)
        {
            model.Store.ZeroGradients();
            loss = model.Step(batch, new ForwardContext(true, new Rng((ulong)s)), backward: true).Loss;
            GradientClipping.ClipByGlobalNorm(model.Store, 1.0);
            adam.Step(lr);
        }

        return model.Step(batch, ForwardContext.Evaluation, backward: false).Loss;
    }

    /// <summary>Threshold: random labels over 6 classes start near ln 6 ≈ 1.8; memorising 16 sequences must reach 0.1.</summary>
    [Fact]
    public void A_tiny_slice_moe_classifier_overfits_a_tiny_data_set()
    {
        var config = new ClassifierConfig(20, 16, 16, 1, 2, 8, 6, TinyModels.SliceMoe(16), Dropout: 0);
        using var model = new EncoderClassifier<float>(config, seed: 1);
        var batch = TinyModels.Classification(new Rng(2), 16, 8, 20, 6);
        double loss = Train(model, batch, 200, 3e-3);
        Assert.True(loss < 0.1, $"final loss {loss}");
        Assert.Equal(16, model.Step(batch, ForwardContext.Evaluation, false).Correct);
    }

    /// <summary>Threshold: next tokens over a vocabulary of 12 start near ln 12 ≈ 2.5; memorising 4 sequences of 10 must reach 0.2.</summary>
    [Fact]
    public void A_tiny_causal_language_model_overfits_a_tiny_corpus()
    {
        var config = new LanguageModelConfig(12, 16, 2, 2, 16, TinyModels.TokenMoe(16), Dropout: 0);
        using var model = new CausalLanguageModel<float>(config, seed: 3);
        var batch = TinyModels.Language(new Rng(4), 4, 10, 12);
        double loss = Train(model, batch, 300, 3e-3);
        Assert.True(loss < 0.2, $"final loss {loss}");
    }

    /// <summary>Threshold: reversing 8 sequences (vocabulary 10) starts near ln 10 ≈ 2.3; with label smoothing 0.1 the floor is ~0.3, so 0.6 shows it learned.</summary>
    [Fact]
    public void A_tiny_translator_overfits_sequence_reversal_and_decodes_it()
    {
        var config = new TranslationConfig(10, 16, 1, 1, 2, 8, TinyModels.SliceMoe(16), Dropout: 0);
        using var model = new Seq2SeqTranslator<float>(config, seed: 5, labelSmoothing: 0.1);
        var batch = TinyModels.Reverse(new Rng(6), 8, 5, 10);
        double loss = Train(model, batch, 300, 3e-3);
        Assert.True(loss < 0.6, $"final loss {loss}");
        var source = batch.Source.Take(batch.SourceLengths[0]).ToArray();
        Assert.Equal(source.Reverse().ToArray(), model.Translate(source, bos: 1, eos: 2, beam: 3, maxLength: 8));
        Assert.Equal(source.Reverse().ToArray(), model.Translate(source, bos: 1, eos: 2, beam: 1, maxLength: 8));
    }

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

        public StepResult Step(object ignored, ForwardContext context, bool backward, double lossScale = 1) => model.Step(batch, context, backward, lossScale);

        public void Dispose() => model.Dispose();
    }
}
