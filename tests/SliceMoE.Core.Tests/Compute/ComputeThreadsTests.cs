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

    [Fact]
    public async Task A_second_caller_gets_the_threads_it_asked_for_while_the_first_is_running()
    {
        // The first caller's job holds its workers until the second caller's job is done. The second job's two indices wait
        // for each other at a barrier, so it finishes only if it runs on two threads at once: on the calling thread alone
        // (what a second caller used to get) the barrier times out.
        int saved = ComputeThreads.Count;
        ComputeThreads.Count = 2;
        try
        {
            using var secondDone = new ManualResetEventSlim();
            using var firstRunning = new ManualResetEventSlim();
            var first = Task.Run(() => ComputeThreads.For(2, _ =>
            {
                firstRunning.Set();
                secondDone.Wait(TimeSpan.FromSeconds(20));
            }));
            Assert.True(firstRunning.Wait(TimeSpan.FromSeconds(20)), "the first job did not start");

            using var barrier = new Barrier(2);
            var met = new bool[2];
            var threads = new int[2];
            var second = Task.Run(() => ComputeThreads.For(2, i =>
            {
                threads[i] = Environment.CurrentManagedThreadId;
                met[i] = barrier.SignalAndWait(TimeSpan.FromSeconds(5));
            }));
            await second.WaitAsync(TimeSpan.FromSeconds(30));
            secondDone.Set();
            await first.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal([true, true], met);
            Assert.NotEqual(threads[0], threads[1]);
            Assert.True(ComputeThreads.WorkerSets >= 2, $"{ComputeThreads.WorkerSets} worker sets");
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }
}
