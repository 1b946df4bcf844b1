using SliceMoE.Models;
using SliceMoE.Onnx.Runtime;
using SliceMoE.Tests.Onnx.Export;

namespace SliceMoE.Tests.Onnx.Runtime;

public class OnnxLanguageModelSessionTests
{
    [Theory]
    [MemberData(nameof(RouterCases.RowWise), MemberType = typeof(RouterCases))]
    public void Greedy_generation_equals_ours_token_for_token(string router)
    {
        using var model = LanguageModelExportTests.Model(router, maxLength: 16);
        using var session = OnnxLanguageModelSession.Create(model);
        foreach (var prompt in new[] { new[] { 3 }, new[] { 4, 9, 1, 16 }, Enumerable.Range(0, 15).ToArray() })
        {
            var options = new GenerationOptions { MaxNewTokens = 40, StopTokens = [2] };
            var ours = model.Generate([prompt], options)[0];
            var theirs = session.Generate(prompt, options);
            Assert.Equal(ours, theirs);
        }
    }

    [Theory]
    [InlineData("seqtopk")]
    [InlineData("usmoe")]
    [InlineData("expert-choice")]
    [InlineData("topk-capacity")]
    [InlineData("topk")]
    public void Uncached_greedy_generation_equals_ours_token_for_token(string router)
    {
        using var model = LanguageModelExportTests.Model(router, maxLength: 8);
        using var session = OnnxLanguageModelSession.Create(model);
        int[] prompt = [3, 7, 1];
        var ours = model.GenerateUncached(prompt, 12, 0, 0, new SliceMoE.Numerics.Rng(1));
        Assert.Equal(ours, session.GenerateUncached(prompt, 12, 0, 0, new SliceMoE.Numerics.Rng(1)));
    }

    [Fact]
    public void Sampling_with_a_seed_equals_ours()
    {
        using var model = LanguageModelExportTests.Model("topk", maxLength: 16);
        using var session = OnnxLanguageModelSession.Create(model);
        var options = new GenerationOptions { MaxNewTokens = 10, Temperature = 0.9, TopK = 5, Seed = 12 };
        Assert.Equal(model.Generate([[5, 6]], options)[0], session.Generate([5, 6], options));
    }

    [Fact]
    public void A_prompt_that_fills_the_context_is_refused_with_the_limit()
    {
        using var model = LanguageModelExportTests.Model("dense", maxLength: 6);
        using var session = OnnxLanguageModelSession.Create(model);
        var e = Assert.Throws<ArgumentException>(() => session.Generate([1, 2, 3, 4, 5, 6], new GenerationOptions()));
        Assert.Contains("context is 6", e.Message, StringComparison.Ordinal);
    }
}
