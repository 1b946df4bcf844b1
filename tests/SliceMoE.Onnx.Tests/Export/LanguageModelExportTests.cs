using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Numerics;
using SliceMoE.Onnx.Runtime;

namespace SliceMoE.Tests.Onnx.Export;

public class LanguageModelExportTests
{
    internal static CausalLanguageModel<float> Model(string router, bool tied = false, int maxLength = 10)
    {
        var model = new CausalLanguageModel<float>(new LanguageModelConfig(17, RouterCases.Dim, 2, 2, maxLength, RouterCases.All[router], Dropout: 0), 5);
        if (tied)
        {
            ClassifierExportTests.TieRouters(model.Store);
        }

        return model;
    }

    [Theory]
    [MemberData(nameof(RouterCases.Names), MemberType = typeof(RouterCases))]
    public void The_full_forward_equals_ours_for_every_router(string router)
    {
        using var model = Model(router);
        using var session = OnnxLanguageModelSession.Create(model);
        foreach (var (batch, length) in new[] { (2, 6), (1, 1) })
        {
            var data = Batch(new Rng(9), batch, length, model.Config.Vocabulary);
            model.Step(data, ForwardContext.Evaluation, backward: false);
            OnnxTolerance.AssertClose(model.Logits[..(batch * length * model.Config.Vocabulary)], session.Forward(data.Ids, batch, length), $"LM logits {batch}x{length}");
        }
    }

    [Theory]
    [MemberData(nameof(RouterCases.RowWise), MemberType = typeof(RouterCases))]
    public void Prefill_and_decode_steps_equal_ours_cached_decoding(string router)
    {
        foreach (bool tied in new[] { false, true })
        {
            using var model = Model(router, tied);
            using var session = OnnxLanguageModelSession.Create(model);
            var rng = new Rng(2);
            int batch = 2, length = 3, v = model.Config.Vocabulary;
            var prompts = Enumerable.Range(0, batch).Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, length).Select(_ => rng.NextInt(v)).ToArray()).ToArray();
            using var cache = model.CreateCache(batch);
            var ours = model.Prefill(prompts, cache);
            var (theirs, onnxCache) = session.Prefill(prompts.SelectMany(p => p).ToArray(), batch, length);
            OnnxTolerance.AssertClose(ours, theirs, "prefill logits");
            for (int step = 0; cache.Lengths[0] < model.Config.MaxLength; step++)
            {
                var tokens = Enumerable.Range(0, batch).Select(_ => rng.NextInt(v)).ToArray();
                ours = model.Decode(tokens, cache);
                (theirs, onnxCache) = session.Decode(tokens, onnxCache);
                OnnxTolerance.AssertClose(ours, theirs, $"decode step {step} logits");
                Assert.Equal(cache.Lengths[0], onnxCache.Length);
            }
        }
    }

    [Theory]
    [InlineData("seqtopk")]
    [InlineData("usmoe")]
    [InlineData("expert-choice")]
    [InlineData("topk-capacity")]
    public void Cached_decoding_is_refused_for_routers_that_rank_tokens_against_each_other(string router)
    {
        using var model = Model(router);
        using var session = OnnxLanguageModelSession.Create(model);
        Assert.False(session.SupportsCachedDecoding);
        var e = Assert.Throws<NotSupportedException>(() => session.Prefill([1, 2], 1, 2));
        Assert.Contains(model.Config.FeedForward.Moe!.Routing.ToString(), e.Message, StringComparison.Ordinal);
    }

    private static LanguageModelBatch Batch(Rng rng, int batch, int length, int vocabulary)
    {
        var ids = Enumerable.Range(0, batch * length).Select(_ => rng.NextInt(vocabulary)).ToArray();
        return new LanguageModelBatch(ids, ids, Enumerable.Repeat(length, batch).ToArray(), batch, length);
    }
}
