using SliceMoE.Kernels.Gemm;
using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Moe;
using SliceMoE.Numerics;

namespace SliceMoE.Tests.Models;

/// <summary>
/// Decoding with pre-packed weights (<see cref="WeightPacks"/>): float32 packs give the same bits as the weights read as
/// stored; bfloat16 packs move the logits by the weights' rounding only.
/// </summary>
public class PackedWeightDecodingTests
{
    /// <summary>
    /// bfloat16 keeps 8 significant bits (relative rounding ≤ 2⁻⁹ per weight); through two blocks of a width-32 dense model
    /// the logits move by a few times that, relative to the largest logit. Loose on purpose: the exact bfloat16 arithmetic
    /// is checked bit for bit at the GEMM (WeightPacksTests); this checks that the model reads the packs and stays close.
    /// </summary>
    private const double BFloat16Tolerance = 2e-2;

    private const int Vocab = 29, Dim = 32, Context = 20;

    public static TheoryData<string> Kinds => new() { "SliceMoE", "TokenMoE", "Dense" };

    private static CausalLanguageModel<float> Model(string kind)
    {
        var ffn = kind switch
        {
            "SliceMoE" => FeedForwardSpec.Mixture(new MoeConfig { ModelDim = Dim, Slices = 4, Experts = 4, TopK = 2, RouterHidden = 16, ExpertHidden = 24 }),
            "TokenMoE" => FeedForwardSpec.Mixture(new MoeConfig { ModelDim = Dim, Slices = 1, Experts = 4, TopK = 2, RouterHidden = 16, ExpertHidden = 24 }),
            _ => FeedForwardSpec.Dense(64),
        };
        return new CausalLanguageModel<float>(new LanguageModelConfig(Vocab, Dim, 2, 2, Context, ffn, Dropout: 0), 5);
    }

    private static float[] Decode(CausalLanguageModel<float> model, WeightFormat? weights)
    {
        var rng = new Rng(9);
        int[][] prompts = [Enumerable.Range(0, 6).Select(_ => rng.NextInt(Vocab)).ToArray(), Enumerable.Range(0, 6).Select(_ => rng.NextInt(Vocab)).ToArray()];
        using var cache = model.CreateCache(2, weights);
        var logits = model.Prefill(prompts, cache).ToList();
        for (int t = 0; t < 8; t++)
        {
            logits.AddRange(model.Decode([rng.NextInt(Vocab), rng.NextInt(Vocab)], cache));
        }

        return logits.ToArray();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Float32_packs_decode_to_the_same_bits(string kind)
    {
        using var model = Model(kind);
        Assert.Equal(Decode(model, null), Decode(model, WeightFormat.Float32));
        var prompt = new[] { 1, 2, 3 };
        var options = new GenerationOptions { MaxNewTokens = 10 };
        Assert.Equal(model.Generate([prompt], options with { Weights = null }), model.Generate([prompt], options));
    }

    [Fact]
    public void BFloat16_packs_move_a_dense_models_logits_by_the_rounding_only()
    {
        using var model = Model("Dense");
        var exact = Decode(model, null);
        var rounded = Decode(model, WeightFormat.BFloat16);
        Assert.NotEqual(exact, rounded);
        double scale = exact.Max(Math.Abs), worst = exact.Zip(rounded, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= BFloat16Tolerance * scale, $"worst difference {worst:G3} against a scale of {scale:G3}");
    }

    /// <summary>
    /// A router's top-k is discrete: where two experts' scores are closer than the rounding moves them, bfloat16 weights
    /// send a slice elsewhere and that position's logits jump, so no logit bound holds for MoE models. Their accuracy cost
    /// is measured as perplexity on trained checkpoints (<c>slicemoe eval RUN --weights bfloat16</c>); here, that the packs
    /// are read and the result is finite.
    /// </summary>
    [Theory]
    [InlineData("SliceMoE")]
    [InlineData("TokenMoE")]
    public void BFloat16_packs_reach_the_mixture_models(string kind)
    {
        using var model = Model(kind);
        var rounded = Decode(model, WeightFormat.BFloat16);
        Assert.NotEqual(Decode(model, null), rounded);
        Assert.All(rounded, x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void Float32_packs_translate_to_the_same_bits()
    {
        var ffn = FeedForwardSpec.Mixture(new MoeConfig { ModelDim = Dim, Slices = 4, Experts = 4, TopK = 2, RouterHidden = 16, ExpertHidden = 24 });
        using var model = new Seq2SeqTranslator<float>(new TranslationConfig(Vocab, Dim, 2, 2, 2, Context, ffn, Dropout: 0), 13);
        var rng = new Rng(3);
        var sources = Enumerable.Range(0, 4).Select(i => Enumerable.Range(0, 3 + i).Select(_ => rng.NextInt(Vocab)).ToArray()).ToArray();
        var expected = sources.Select(src => model.Translate(src, bos: 1, eos: 2, beam: 3, maxLength: 12)).ToArray();
        using var packs = WeightPacks.Create(model.Store, WeightFormat.Float32);
        using (packs.Activate())
        {
            Assert.Equal(expected, sources.Select(src => model.Translate(src, bos: 1, eos: 2, beam: 3, maxLength: 12)).ToArray());
        }
    }

    [Fact]
    public void The_cache_owns_its_packs()
    {
        using var model = Model("SliceMoE");
        var cache = model.CreateCache(1, WeightFormat.BFloat16);
        var packs = cache.Weights!;
        Assert.True(packs.Count > 0);
        Assert.Equal(WeightFormat.BFloat16, packs.Format);
        cache.Dispose();
        Assert.Equal(0, packs.Count);
        Assert.Null(model.CreateCache(1).Weights);
    }
}
