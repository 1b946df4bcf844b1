using SliceMoE.Compute;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Compute;

[Collection(SerialCollection.Name)]
public class ComputeThreadsTests
{
    [Fact]
    public void Every_index_runs_exactly_once_and_nested_calls_run_serially()
    {
        var hits = new int[1000];
        ComputeThreads.For(hits.Length, i =>
        {
            Interlocked.Increment(ref hits[i]);
            ComputeThreads.For(3, _ => { });
        });
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void Exceptions_reach_the_caller_and_the_pool_keeps_working()
    {
        var e = Assert.Throws<AggregateException>(() => ComputeThreads.For(100, i =>
        {
            if (i == 57)
            {
                throw new InvalidOperationException("boom");
            }
        }));
        Assert.IsType<InvalidOperationException>(e.InnerException);
        int count = 0;
        ComputeThreads.For(50, _ => Interlocked.Increment(ref count));
        Assert.Equal(50, count);
    }

    [Fact]
    public void Thread_count_is_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ComputeThreads.Count = 0);
    }
}
