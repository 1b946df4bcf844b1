using SliceMoE.Diagnostics;
using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Numerics;

namespace SliceMoE.Tests.Models;

/// <summary>
/// A model with a <see cref="PhaseTimer"/> attached computes the same bits as one without: loss, aux objective and every
/// gradient, over two steps (the second reuses the first's buffers). And the timer hears of every part the step runs
/// (which parts, never how long).
/// </summary>
public class ModelTimingTests
{
    public static TheoryData<string> Kinds => new() { "lm-slicemoe", "lm-dense", "classifier", "translator" };

    private static (ITrainableModel<float, object> Model, Action<PhaseTimer?> Attach) Create(string kind)
    {
        switch (kind)
        {
            case "lm-slicemoe":
            case "lm-dense":
            {
                var ffn = kind == "lm-dense" ? FeedForwardSpec.Dense(16) : TinyModels.SliceMoe(8);
                var m = new CausalLanguageModel<float>(new LanguageModelConfig(11, 8, 2, 2, 6, ffn, Dropout: 0.1), 3);
                return (new Bound<LanguageModelBatch>(m, TinyModels.Language(new Rng(4), 3, 6, 11)), t => m.Timer = t);
            }

            case "classifier":
            {
                var m = new EncoderClassifier<float>(new ClassifierConfig(9, 6, 8, 1, 2, 6, 3, TinyModels.TokenMoe(8), Dropout: 0.1), 5, labelSmoothing: 0.1);
                return (new Bound<ClassificationBatch>(m, TinyModels.Classification(new Rng(6), 3, 5, 9, 3)), t => m.Timer = t);
            }

            default:
            {
                var m = new Seq2SeqTranslator<float>(new TranslationConfig(8, 8, 1, 1, 2, 6, TinyModels.SliceMoe(8), Dropout: 0.1), 7);
                return (new Bound<TranslationBatch>(m, TinyModels.Reverse(new Rng(8), 2, 4, 8)), t => m.Timer = t);
            }
        }
    }

    private static List<(double Loss, double Aux, float[] Gradients)> TwoSteps(ITrainableModel<float, object> model)
    {
        var rng = new Rng(9);
        var steps = new List<(double, double, float[])>();
        for (int i = 0; i < 2; i++)
        {
            model.Store.ZeroGradients();
            var r = model.Step(new object(), new ForwardContext(true, rng), backward: true);
            steps.Add((r.Loss, r.AuxObjective, model.Store.Gradients.ToArray()));
        }

        return steps;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_timed_model_computes_the_same_bits(string kind)
    {
        var (plain, _) = Create(kind);
        var (timed, attach) = Create(kind);
        using (plain)
        using (timed)
        {
            var timer = new PhaseTimer();
            attach(timer);
            timer.Start();
            var expected = TwoSteps(plain);
            var actual = TwoSteps(timed);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].Loss), BitConverter.DoubleToInt64Bits(actual[i].Loss));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].Aux), BitConverter.DoubleToInt64Bits(actual[i].Aux));
                Assert.Equal(expected[i].Gradients.Select(BitConverter.SingleToInt32Bits), actual[i].Gradients.Select(BitConverter.SingleToInt32Bits));
            }

            var parts = timer.Seconds.Keys.ToHashSet();
            foreach (var part in new[] { ModelPhases.Embedding, ModelPhases.Attention, ModelPhases.LayerNorm, ModelPhases.ResidualDropout, ModelPhases.Output, ModelPhases.Loss })
            {
                Assert.Contains(part, parts);
            }

            Assert.Equal(kind == "lm-dense", parts.Contains(ModelPhases.Ffn));
            Assert.Equal(kind != "lm-dense", parts.Contains("expert GEMMs") && parts.Contains("router") && parts.Contains("combine"));
            Assert.All(timer.Seconds.Values, s => Assert.True(s >= 0));

            // Detached, the model reports nothing more.
            attach(null);
            var seen = timer.Seconds.ToDictionary(p => p.Key, p => p.Value);
            TwoSteps(timed);
            Assert.Equal(seen, timer.Seconds.ToDictionary(p => p.Key, p => p.Value));
        }
    }

    /// <summary>A model and a fixed batch as one batch type, for the theory above.</summary>
    private sealed class Bound<TBatch>(ITrainableModel<float, TBatch> model, TBatch batch) : ITrainableModel<float, object>
    {
        public SliceMoE.Modules.ParameterStore<float> Store => model.Store;

        public ReadOnlySpan<float> Logits => model.Logits;

        public StepResult Step(object ignored, ForwardContext context, bool backward, double lossScale = 1) => model.Step(batch, context, backward, lossScale);

        public void Dispose() => model.Dispose();
    }
}
