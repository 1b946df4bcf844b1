using SliceMoE.Distributed;
using SliceMoE.Distributed.Mpi;

namespace SliceMoE.Tests.Distributed.Mpi;

/// <summary>Every collective of the MPI binding, on 2 and 3 ranks over TCP, and the single-process fallback.</summary>
public class MpiCommunicatorTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_collective_gives_each_rank_what_the_mpi_standard_says(int ranks)
    {
        var (code, output) = Worker.Run(ranks, TimeSpan.FromMinutes(2), "collectives");
        Assert.True(code == 0, output);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        foreach (var name in new[] { "allreduce sum float", "allreduce max long", "iallreduce", "alltoall", "alltoallv", "allgather", "allgatherv", "broadcast", "split" })
        {
            for (int r = 0; r < ranks; r++)
            {
                Assert.Contains($"rank {r} ok {name}", output, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Outside_mpirun_the_world_is_the_single_process()
    {
        Assert.False(MpiCommunicator.Launched);
        var world = MpiCommunicator.WorldOrSingleProcess();
        Assert.Same(SingleProcessCommunicator.Instance, world);
        var x = new[] { 1f, 2f };
        world.AllReduce<float>(x);
        Assert.Equal([1f, 2f], x);
    }
}
