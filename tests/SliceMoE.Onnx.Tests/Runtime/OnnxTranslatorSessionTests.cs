using SliceMoE.Models;
using SliceMoE.Numerics;
using SliceMoE.Onnx.Runtime;

namespace SliceMoE.Tests.Onnx.Runtime;

public class OnnxTranslatorSessionTests
{
    [Theory]
    [MemberData(nameof(RouterCases.RowWise), MemberType = typeof(RouterCases))]
    public void Greedy_translation_equals_our_beam_of_one(string router)
    {
        using var model = new Seq2SeqTranslator<float>(new TranslationConfig(15, RouterCases.Dim, 2, 2, 2, 12, RouterCases.All[router], Dropout: 0), 4);
        using var session = OnnxTranslatorSession.Create(model);
        var rng = new Rng(5);
        foreach (int length in new[] { 1, 4, 12, 15 })
        {
            var source = Enumerable.Range(0, length).Select(_ => rng.NextInt(15)).ToArray();
            foreach (int eos in new[] { 2, 99 })
            {
                Assert.Equal(model.Translate(source, 1, eos, beam: 1, maxLength: 20), session.TranslateGreedy(source, 1, eos, maxLength: 20));
            }
        }
    }

    [Fact]
    public void Routers_that_rank_tokens_against_each_other_are_refused_by_name()
    {
        using var model = new Seq2SeqTranslator<float>(new TranslationConfig(15, RouterCases.Dim, 1, 1, 2, 8, RouterCases.All["seqtopk"], Dropout: 0), 4);
        using var session = OnnxTranslatorSession.Create(model);
        var e = Assert.Throws<NotSupportedException>(() => session.TranslateGreedy([3, 4], 1, 2));
        Assert.Contains("SeqTopK", e.Message, StringComparison.Ordinal);
    }
}
