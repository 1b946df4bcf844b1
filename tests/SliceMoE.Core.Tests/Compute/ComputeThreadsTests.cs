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
    public async Task Jobs_that_arrive_while_a_worker_parks_are_never_lost()
    {
        // A worker parks after spinning ~200 µs without work. Gaps around that length make jobs arrive while it parks, the
        // window where a lost wake-up once left the dispatcher waiting forever (the worker's flag store passed its read of
        // the job counter; seen once in a long benchmark). That race is nanoseconds wide, so this stress test is evidence,
        // not proof. It runs on a separate thread so that a hang fails the test instead of stalling the run.
        int saved = ComputeThreads.Count;
        ComputeThreads.Count = 2;
        long total = 0;
        try
        {
            var run = Task.Run(() =>
            {
                var rng = new Random(1);
                for (int job = 0; job < 5000; job++)
                {
                    long until = System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency * rng.Next(180, 240) / 1_000_000);
                    while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                    {
                        Thread.SpinWait(10);
                    }

                    ComputeThreads.For(2, _ => Interlocked.Increment(ref total));
                }
            });
            var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(finished == run, "a parallel job never completed: a worker missed its wake-up");
            Assert.Equal(10000, Interlocked.Read(ref total));
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Fact]
    public void Thread_count_is_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ComputeThreads.Count = 0);
    }
}
