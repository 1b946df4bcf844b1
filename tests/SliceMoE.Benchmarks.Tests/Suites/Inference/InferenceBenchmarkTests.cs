using SliceMoE.Benchmarks.Suites.Inference;
using SliceMoE.Layers;
using SliceMoE.Moe;

namespace SliceMoE.Tests.Benchmarks.Suites.Inference;

/// <summary>bench inference's comparisons, its byte and FLOP counts, and a tiny run's bookkeeping; never a timing.</summary>
public class InferenceBenchmarkTests
{
    private static readonly InferenceBenchmarkOptions Tiny = new()
    {
        Dim = 32, Layers = 2, Heads = 2, Vocabulary = 50, Batches = [1, 3], Contexts = [5], DecodeSteps = 2, Slices = 4, RouterHidden = 8,
        SmallRows = [1, 4], Rounds = 1, MinSeconds = 0, Threads = 1,
    };

    [Fact]
    public void Matched_parameters_means_the_slice_experts_hold_as_many_weights_as_the_wide_dense_ffn()
    {
        var o = new InferenceBenchmarkOptions();
        Assert.Equal(16 * o.Dim, o.DenseHidden("params"));
        Assert.Equal(4 * o.Dim, o.DenseHidden("flops"));
        using var dense = InferenceBenchmark.CreateModel(Tiny, "Dense", "params");
        using var slice = InferenceBenchmark.CreateModel(Tiny, "SliceMoE", "params");
        var ffn = (DenseFfn<float>)dense.Decoder.Blocks[0].FeedForward;
        var moe = (MoeLayer<float>)slice.Decoder.Blocks[0].FeedForward;
        long expertWeights = 64L * 2 * moe.Experts.Width * moe.Experts.Hidden;
        Assert.Equal(2L * Tiny.Dim * Tiny.DenseHidden("params"), expertWeights);

        // Matched FLOPs: the experts' active FLOPs equal the 4d dense FFN's.
        using var small = InferenceBenchmark.CreateModel(Tiny, "SliceMoE", "flops");
        var c = ((MoeLayer<float>)small.Decoder.Blocks[0].FeedForward).Config;
        Assert.Equal(4.0 * Tiny.Dim * Tiny.DenseHidden("flops"), 4.0 * c.Slices * c.TopK * c.SliceDim * c.ResolvedExpertHidden);
        Assert.Equal(4.0 * Tiny.Dim * Tiny.DenseHidden("params"), ffn.FlopsPerToken);
    }

    [Fact]
    public void Decode_bytes_count_every_weight_but_the_position_table_and_only_the_experts_reached()
    {
        using var model = InferenceBenchmark.CreateModel(Tiny, "SliceMoE", "flops");
        var traffic = new DecodeTraffic(model);
        var c = model.Config;
        long perExpert = (2L * (c.Dim / Tiny.Slices) * Tiny.ExpertHidden) + Tiny.ExpertHidden + (c.Dim / Tiny.Slices);
        Assert.Equal(perExpert, traffic.ParametersPerExpert);
        const int batch = 3, context = 5;
        double cache = c.Layers * 2.0 * c.Dim * batch * (context + 1);
        double all = model.Store.Length - (c.MaxLength * c.Dim) + (batch * c.Dim);
        Assert.Equal(4 * (all + cache), traffic.DecodeBytes(batch, context, 1.0));
        Assert.Equal(4 * (all - (c.Layers * 0.75 * 16 * perExpert) + cache), traffic.DecodeBytes(batch, context, 0.25), 6);

        // A decoded token attends to context + 1 keys; a prefill token to (T + 1) / 2 on average, with the logits of the last only.
        double block = (8.0 * c.Dim * c.Dim) + traffic.FeedForwardFlopsPerToken;
        Assert.Equal((c.Layers * (block + (4.0 * 6 * c.Dim))) + (2.0 * c.Dim * c.Vocabulary), traffic.DecodeFlopsPerToken(context));
        Assert.Equal((c.Layers * (block + (4.0 * 3 * c.Dim))) + (2.0 * c.Dim * c.Vocabulary / 5), traffic.PrefillFlopsPerToken(5));
    }

    [Fact]
    public void A_tiny_run_measures_every_configuration_and_counts_the_experts_decoding_reaches()
    {
        var results = InferenceBenchmark.Run(Tiny);
        Assert.True(results.PeakGflops > 0 && results.BandwidthGBps > 0);

        // 2 phases x 3 layers x 2 comparisons x 2 batches x 1 context, each once.
        Assert.Equal(24, results.Models.Count);
        Assert.Equal(24, results.Models.Select(m => (m.Phase, m.Layer, m.Match, m.Batch, m.Context)).Distinct().Count());
        Assert.All(results.Models, m => Assert.True(m.TokensPerSecond > 0 && m.RatioToBandwidthBound > 0 && m.RatioToRoofline > 0));
        Assert.All(results.Models.Where(m => m.Layer == "Dense"), m => Assert.Equal(1.0, m.RatioToDense));

        // One token per sequence at B = 1 reaches at most S·k of the E experts (SliceMoE: 8 of 64; TokenMoE: 2 of 64).
        var decode = results.Models.Where(m => m.Phase == "decode" && m.Batch == 1 && m.Match == "params").ToDictionary(m => m.Layer);
        Assert.InRange(decode["SliceMoE"].TouchedExperts, 1.0 / 64, 8.0 / 64);
        Assert.Equal(2.0 / 64, decode["TokenMoE"].TouchedExperts);
        Assert.Equal(1.0, decode["Dense"].TouchedExperts);

        // The FFN alone: 3 layers x 2 comparisons x 2 N; the MoE layers report their phases.
        Assert.Equal(12, results.SmallBatches.Count);
        Assert.All(results.SmallBatches.Where(m => m.Layer != "Dense"), m => Assert.Contains("router", m.Parts.Keys));
    }

    [Fact]
    public void Bad_options_name_the_option()
    {
        Assert.Contains("--batch", Assert.Throws<ArgumentException>(() => (Tiny with { Batches = [0] }).Validate()).Message);
        Assert.Contains("--match", Assert.Throws<ArgumentException>(() => (Tiny with { Matches = ["bytes"] }).Validate()).Message);
        Assert.Contains("slices", Assert.Throws<ArgumentException>(() => (Tiny with { Dim = 30, Heads = 2 }).Validate()).Message);
    }
}
