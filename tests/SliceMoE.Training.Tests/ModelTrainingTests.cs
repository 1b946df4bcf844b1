using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Numerics;
using SliceMoE.Tests.Models;
using SliceMoE.Training;

namespace SliceMoE.Tests.Training;

/// <summary>Each model, trained with AdamW and clipping, memorises a tiny data set.</summary>
public class ModelTrainingTests
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
}
