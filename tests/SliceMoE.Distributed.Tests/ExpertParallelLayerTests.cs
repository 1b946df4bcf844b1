namespace SliceMoE.Tests.Distributed;

/// <summary>
/// The MoE layer split over ranks (tests/SliceMoE.Distributed.Worker/ExpertParallelLayer.cs) equals one process over
/// the whole batch for every router, forward and backward: experts over 2 ranks; and over 4 ranks, experts split in
/// pairs with the pairs data parallel.
/// </summary>
public class ExpertParallelLayerTests
{
    private static readonly string[] Cases = ["topk", "topk-normalized", "seq-topk", "usmoe", "expert-choice", "capacity", "dropout", "shuffled", "token-moe"];

    [Theory]
    [InlineData(2, 2)]
    [InlineData(4, 2)]
    [InlineData(2, 1)]
    public void Every_router_gives_the_single_process_outputs_and_gradients(int ranks, int expertParallel)
    {
        var (code, output) = Worker.Run(ranks, TimeSpan.FromMinutes(2), "moe-layer", expertParallel.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(code == 0, output);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        foreach (var name in Cases)
        {
            for (int r = 0; r < ranks; r++)
            {
                Assert.Contains($"rank {r} ok moe {name}\n", output, StringComparison.Ordinal);
            }
        }
    }
}
