using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Numerics;
using SliceMoE.Onnx;

namespace SliceMoE.Tests.Onnx.Export;

public class ClassifierExportTests
{
    [Theory]
    [MemberData(nameof(RouterCases.Names), MemberType = typeof(RouterCases))]
    public void Logits_equal_ours_for_every_router(string router) => Check(router, batch: 3, length: 5, tiedRouter: false);

    [Theory]
    [MemberData(nameof(RouterCases.Names), MemberType = typeof(RouterCases))]
    public void Ties_in_the_router_logits_break_as_ours(string router) => Check(router, batch: 2, length: 4, tiedRouter: true);

    [Theory]
    [MemberData(nameof(RouterCases.Names), MemberType = typeof(RouterCases))]
    public void One_token_sequences_equal_ours(string router) => Check(router, batch: 2, length: 1, tiedRouter: false);

    [Theory]
    [MemberData(nameof(RouterCases.Names), MemberType = typeof(RouterCases))]
    public void Two_experts_with_equal_router_rows_tie_as_ours(string router)
    {
        var config = new ClassifierConfig(13, RouterCases.Dim, RouterCases.Dim, 2, 2, 8, 3, RouterCases.All[router], Dropout: 0);
        using var model = new EncoderClassifier<float>(config, 7);
        var moe = config.FeedForward.Moe;
        if (moe is { Experts: > 2 })
        {
            // Expert 2's router row and bias become expert 1's: their logits are equal on every row, the others are not.
            foreach (var p in model.Store.Parameters.Where(p => p.Name.Contains("router.fc2.", StringComparison.Ordinal)))
            {
                int width = p.Shape.Count == 2 ? p.Shape[1] : 1;
                p.Value.Span.Slice(width, width).CopyTo(p.Value.Span.Slice(2 * width, width));
            }
        }

        Compare(model, 3, 5, new Rng(6));
    }

    [Fact]
    public void First_token_pooling_and_a_projected_embedding_equal_ours()
    {
        var config = new ClassifierConfig(13, 6, RouterCases.Dim, 2, 2, 8, 3, RouterCases.All["topk"], Dropout: 0, Pooling: Pooling.First);
        using var model = new EncoderClassifier<float>(config, 11);
        Compare(model, 3, 6, new Rng(4));
    }

    [Fact]
    public void Router_noise_at_evaluation_is_refused_by_name()
    {
        var spec = FeedForwardSpec.Mixture(RouterCases.All["topk"].Moe! with { RouterNoiseStd = 0.1, RouterNoiseMode = SliceMoE.Moe.RouterNoiseMode.Always });
        using var model = new EncoderClassifier<float>(new ClassifierConfig(13, 8, 8, 1, 2, 8, 3, spec, Dropout: 0), 1);
        var e = Assert.Throws<NotSupportedException>(() => OnnxExport.Classifier(model));
        Assert.Contains("RouterNoiseMode.Always", e.Message, StringComparison.Ordinal);
    }

    private static void Check(string router, int batch, int length, bool tiedRouter)
    {
        var config = new ClassifierConfig(13, RouterCases.Dim, RouterCases.Dim, 2, 2, 8, 3, RouterCases.All[router], Dropout: 0);
        using var model = new EncoderClassifier<float>(config, 7);
        if (tiedRouter)
        {
            TieRouters(model.Store);
        }

        Compare(model, batch, length, new Rng(3));
    }

    /// <summary>Router fc2 zero: every logit of every row is 0, so every choice is a tie, broken by index.</summary>
    internal static void TieRouters(SliceMoE.Modules.ParameterStore<float> store)
    {
        foreach (var p in store.Parameters.Where(p => p.Name.Contains("router.fc2.", StringComparison.Ordinal)))
        {
            p.Value.Span.Clear();
        }
    }

    private static void Compare(EncoderClassifier<float> model, int batch, int length, Rng rng)
    {
        var ids = new int[batch * length];
        var lengths = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = 1 + rng.NextInt(length);
            for (int t = 0; t < length; t++)
            {
                ids[(b * length) + t] = t < lengths[b] ? 1 + rng.NextInt(model.Config.Vocabulary - 1) : 0;
            }
        }

        model.Step(new ClassificationBatch(ids, lengths, new int[batch], batch, length), ForwardContext.Evaluation, backward: false);
        var ours = model.Logits.ToArray();
        var ort = Ort.Run(OnnxExport.Classifier(model), (OnnxNames.InputIds, Ort.Ids(ids, batch, length)), (OnnxNames.Lengths, Ort.Ids(lengths, batch)));
        OnnxTolerance.AssertClose(ours, ort[OnnxNames.Logits].Buffer.Span, "classifier logits");
    }
}
