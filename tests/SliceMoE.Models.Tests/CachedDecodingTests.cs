using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Moe;
using SliceMoE.Numerics;

namespace SliceMoE.Tests.Models;

/// <summary>
/// Incremental decoding with key/value caches equals re-running the whole context: the logits at every position, the
/// greedy text, prompts of different lengths in one batch against each alone, and sampled text batched against alone.
/// </summary>
public class CachedDecodingTests
{
    /// <summary>
    /// Cached and full logits differ only by float32 rounding: the cached path sums attention in another order (a dot
    /// product per key instead of a GEMM). Relative to the largest logit.
    /// </summary>
    private const double CachedTolerance = 1e-5;

    private const int Vocab = 13, Dim = 16, Context = 12;

    public static TheoryData<string> Kinds => new() { "SliceMoE", "TokenMoE", "Dense" };

    private static CausalLanguageModel<float> Model(string kind, MoeConfig? moe = null)
    {
        var ffn = moe is not null ? FeedForwardSpec.Mixture(moe) : kind switch
        {
            "SliceMoE" => FeedForwardSpec.Mixture(new MoeConfig { ModelDim = Dim, Slices = 4, Experts = 4, TopK = 2, RouterHidden = 8, ExpertHidden = 12 }),
            "TokenMoE" => FeedForwardSpec.Mixture(new MoeConfig { ModelDim = Dim, Slices = 1, Experts = 4, TopK = 2, RouterHidden = 8, ExpertHidden = 12 }),
            _ => FeedForwardSpec.Dense(32),
        };
        return new CausalLanguageModel<float>(new LanguageModelConfig(Vocab, Dim, 2, 2, Context, ffn, Dropout: 0.1), 11);
    }

    private static int[] Tokens(ulong seed, int count)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => rng.NextInt(Vocab)).ToArray();
    }

    /// <summary>The logits at every position of one sequence, from a full inference forward.</summary>
    private static float[] FullLogits(CausalLanguageModel<float> model, int[] ids)
    {
        var batch = new LanguageModelBatch(ids, new int[ids.Length], [ids.Length], 1, ids.Length);
        model.Step(batch, ForwardContext.NoGrad, backward: false);
        return model.Logits[..(ids.Length * Vocab)].ToArray();
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= CachedTolerance * scale, $"{what}: worst difference {worst:G3} against a scale of {scale:G3}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Cached_logits_equal_the_full_run_at_every_position(string kind)
    {
        using var model = Model(kind);
        var ids = Tokens(1, Context);
        var full = FullLogits(model, ids);

        // Prefill the first three tokens, then one token at a time to the end of the context.
        using var cache = model.CreateCache(1);
        var logits = model.Prefill([ids[..3]], cache);
        AssertClose(full.AsSpan(2 * Vocab, Vocab), logits, "after the prefill");
        for (int t = 3; t < Context; t++)
        {
            logits = model.Decode([ids[t]], cache);
            AssertClose(full.AsSpan(t * Vocab, Vocab), logits, $"position {t}");
        }

        Assert.Equal(Context, cache.Lengths[0]);
        Assert.Throws<ArgumentException>(() => model.Decode([0], cache)); // the context is full
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Prompts_of_different_lengths_in_one_batch_decode_as_each_alone(string kind)
    {
        using var model = Model(kind);
        int[][] prompts = [Tokens(2, 5), Tokens(3, 1), Tokens(4, 8)];
        int[] next = [4, 7, 1];
        using var cache = model.CreateCache(3);
        var batchedPrefill = model.Prefill(prompts, cache);
        var batchedStep = model.Decode(next, cache);
        for (int b = 0; b < 3; b++)
        {
            using var alone = model.CreateCache(1);
            AssertClose(model.Prefill([prompts[b]], alone), batchedPrefill.AsSpan(b * Vocab, Vocab), $"prompt {b}'s prefill");
            AssertClose(model.Decode([next[b]], alone), batchedStep.AsSpan(b * Vocab, Vocab), $"prompt {b}'s step");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Greedy_generation_equals_the_re_run_and_a_batch_equals_one_by_one(string kind)
    {
        using var model = Model(kind);
        int[][] prompts = [Tokens(5, 2), Tokens(6, 6), Tokens(7, 4)];
        var options = new GenerationOptions { MaxNewTokens = 5 };
        var batched = model.Generate(prompts, options);
        for (int b = 0; b < prompts.Length; b++)
        {
            Assert.Equal(model.GenerateUncached(prompts[b], 5, 0, 0, new Rng(1)), batched[b]);
            Assert.Equal(model.Generate([prompts[b]], options)[0], batched[b]);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Cached_decoding_gives_the_same_bits_at_any_thread_count(string kind)
    {
        // The attention runs one task per (sequence, head): the threads split the work, never a sum.
        float[] Run(int threads)
        {
            int saved = SliceMoE.Compute.ComputeThreads.Count;
            SliceMoE.Compute.ComputeThreads.Count = threads;
            try
            {
                using var model = Model(kind);
                using var cache = model.CreateCache(3);
                var logits = model.Prefill([Tokens(1, 5), Tokens(2, 3), Tokens(3, 7)], cache).ToList();
                logits.AddRange(model.Decode([1, 2, 3], cache));
                return logits.ToArray();
            }
            finally
            {
                SliceMoE.Compute.ComputeThreads.Count = saved;
            }
        }

        Assert.Equal(Run(1), Run(3));
    }

    [Fact]
    public void Sampling_in_a_batch_gives_each_prompt_what_it_gets_alone_and_streams_every_token()
    {
        using var model = Model("SliceMoE");
        int[][] prompts = [Tokens(8, 3), Tokens(9, 5)];
        var options = new GenerationOptions { MaxNewTokens = 6, Temperature = 1.0, TopK = 8, TopP = 0.9, Seed = 3 };
        var streamed = new List<(int, int)>();
        var batched = model.Generate(prompts, options, (b, t) => streamed.Add((b, t)));
        for (int b = 0; b < prompts.Length; b++)
        {
            var alone = model.Generate([prompts[b]], options with { Seed = 3 + (ulong)b });
            Assert.Equal(alone[0], batched[b]);
            Assert.Equal(batched[b], streamed.Where(s => s.Item1 == b).Select(s => s.Item2));
        }

        Assert.NotEqual(batched[0], model.Generate([prompts[0]], options with { Seed = 4 })[0]); // the seed matters
    }

    [Fact]
    public void A_stop_token_ends_one_sequence_and_the_context_ends_another()
    {
        using var model = Model("TokenMoE");
        var free = model.Generate([Tokens(10, 2)], new GenerationOptions { MaxNewTokens = 4 })[0];
        var stopped = model.Generate([Tokens(10, 2)], new GenerationOptions { MaxNewTokens = 4, StopTokens = [free[1]] })[0];
        Assert.Equal(free[..(Array.IndexOf(free, free[1]) + 1)], stopped);

        // In one batch: positions 10 and 11 take the long prompt's first two new tokens, the state at 11 predicts a third,
        // then its context is full; the short prompt goes on to its 4.
        var both = model.Generate([Tokens(10, 2), Tokens(11, Context - 2)], new GenerationOptions { MaxNewTokens = 4 });
        Assert.Equal(free, both[0]);
        Assert.Equal(3, both[1].Length);
    }

    [Fact]
    public void Bad_prompts_and_row_ranking_routers_get_clear_errors()
    {
        using var model = Model("Dense");
        var e = Assert.Throws<ArgumentException>(() => model.Generate([Tokens(12, Context)], new GenerationOptions()));
        Assert.Contains($"Prompt 0 has {Context} tokens", e.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {Context - 1}", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Generate([Array.Empty<int>()], new GenerationOptions()));
        Assert.Throws<ArgumentException>(() => model.Generate([[Vocab]], new GenerationOptions()));
        Assert.Throws<ArgumentException>(() => model.Generate([[1]], new GenerationOptions { TopP = 0 }));

        using var seq = Model("SliceMoE", new MoeConfig { ModelDim = Dim, Slices = 4, Experts = 4, TopK = 2, RouterHidden = 8, ExpertHidden = 12, Routing = RoutingMethod.SeqTopK });
        Assert.False(seq.SupportsCachedDecoding);
        var n = Assert.Throws<NotSupportedException>(() => seq.Generate([[1, 2]], new GenerationOptions()));
        Assert.Contains("SeqTopK", n.Message, StringComparison.Ordinal);
        Assert.Equal(3, seq.GenerateUncached([1, 2], 3, 0, 0, new Rng(1)).Length);
    }

    [Fact]
    public void Top_p_keeps_the_nucleus()
    {
        float[] logits = [0f, 3f, 1f, 2.9f];
        var rng = new Rng(1);
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(1, Sampling.Sample<float>(logits, 1.0, 0, rng, topP: 1e-6)));
        var two = Enumerable.Range(0, 200).Select(_ => Sampling.Sample<float>(logits, 1.0, 0, rng, topP: 0.8)).ToHashSet();
        Assert.Equal(new HashSet<int> { 1, 3 }, two); // p(1) + p(3) ≈ 0.86 ≥ 0.8 > p(1) ≈ 0.45
    }

    [Theory]
    [InlineData("SliceMoE", 1)]
    [InlineData("SliceMoE", 3)]
    [InlineData("Dense", 4)]
    public void Cached_beam_search_translates_as_the_re_run(string kind, int beam)
    {
        var ffn = kind == "Dense" ? FeedForwardSpec.Dense(32) : FeedForwardSpec.Mixture(new MoeConfig { ModelDim = Dim, Slices = 4, Experts = 4, TopK = 2, RouterHidden = 8, ExpertHidden = 12 });
        using var model = new Seq2SeqTranslator<float>(new TranslationConfig(Vocab, Dim, 2, 2, 2, Context, ffn, Dropout: 0.1), 13);
        Assert.True(model.SupportsCachedDecoding);
        for (ulong s = 0; s < 4; s++)
        {
            var source = Tokens(20 + s, 3 + (int)s);
            var cached = model.Translate(source, bos: 1, eos: 2, beam, maxLength: 9);
            Assert.Equal(model.TranslateUncached(source, bos: 1, eos: 2, beam, maxLength: 9), cached);
        }
    }
}
