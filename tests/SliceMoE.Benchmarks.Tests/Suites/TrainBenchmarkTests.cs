using SliceMoE.Benchmarks.Suites;
using SliceMoE.Diagnostics;
using SliceMoE.Tensors;

namespace SliceMoE.Tests.Benchmarks.Suites;

/// <summary>bench train's arithmetic (FLOPs, matched layers) and its memory counter; never a timing.</summary>
public class TrainBenchmarkTests
{
    [Fact]
    public void The_three_ffn_slots_have_the_same_expert_flops_and_the_model_flops_add_up()
    {
        var options = new TrainBenchmarkOptions();
        const int d = 256, t = 128;
        var dense = TrainBenchmark.FeedForward(options, "Dense", d);
        var slice = TrainBenchmark.FeedForward(options, "SliceMoE", d);
        var token = TrainBenchmark.FeedForward(options, "TokenMoE", d);
        Assert.Equal(4 * d, dense.DenseHidden);
        Assert.Equal((8, 16, 2, 2 * d, 256), (slice.Moe!.Slices, slice.Moe.Experts, slice.Moe.TopK, slice.Moe.ResolvedExpertHidden, slice.Moe.RouterHidden));
        Assert.Equal((1, 16, 2, 2 * d), (token.Moe!.Slices, token.Moe.Experts, token.Moe.TopK, token.Moe.ResolvedExpertHidden));

        // Expert FLOPs per token: 4·S·k·(d/S)·He = 16d² for the MoE layers, 4·d·4d for the dense FFN.
        static double Experts(SliceMoE.Moe.MoeConfig c) => 4.0 * c.Slices * c.TopK * c.SliceDim * c.ResolvedExpertHidden;
        Assert.Equal(16.0 * d * d, Experts(slice.Moe));
        Assert.Equal(16.0 * d * d, Experts(token.Moe));

        // 4 layers of (8d² + 4Td + FFN) and the tied output 2dV.
        double flops = TrainBenchmark.FlopsPerToken(d, 4, t, 8000, 16.0 * d * d);
        Assert.Equal((4 * ((8.0 * 65536) + (4.0 * 128 * 256) + (16.0 * 65536))) + (2.0 * 256 * 8000), flops);
    }

    [Fact]
    public void The_native_memory_counter_sees_a_buffer_come_and_go()
    {
        NativeMemoryStatistics.ResetPeak();
        long before = NativeMemoryStatistics.LiveBytes;
        using (var buffer = new AlignedBuffer<float>(1 << 20))
        {
            Assert.True(NativeMemoryStatistics.PeakBytes - before >= 4L << 20);
        }

        Assert.True(NativeMemoryStatistics.PeakBytes - before >= 4L << 20, "the peak stays after the buffer is freed");
    }

    [Fact]
    public void Options_out_of_range_name_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainBenchmarkOptions { LayerKinds = ["Dense", "Dense"] }.Validate());
        Assert.Contains("--layer", e.Message, StringComparison.Ordinal);
        new TrainBenchmarkOptions { Dims = [36], LayerKinds = ["Dense", "TokenMoE"] }.Validate(); // only SliceMoE needs d a multiple of S
    }
}
