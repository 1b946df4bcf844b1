namespace SliceMoE.Compute;

/// <summary>
/// The process's compute threads: the calling thread plus <see cref="Count"/> - 1 persistent workers
/// that spin briefly between jobs (so back-to-back kernel calls do not pay a wake-up) and then sleep.
/// Work is handed out as indices; a kernel's result must never depend on which thread ran an index,
/// which is how every kernel here stays bit-identical at any thread count.
/// </summary>
public static class ComputeThreads
{
    private static readonly Lock Gate = new();
    private static WorkerPool? _pool;
    private static int _count = Environment.ProcessorCount;

    [ThreadStatic]
    private static bool _insideParallelRegion;

    /// <summary>Number of threads kernels may use (the caller included). Defaults to the processor count.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When set below 1 or above 256.</exception>
    public static int Count
    {
        get => _count;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            _count = value;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every index in [0, <paramref name="count"/>), spread over the compute threads,
    /// and returns when all have finished. Calls made from inside a body, or while another thread is using the
    /// workers, run serially on the calling thread. The first exception thrown by a body is rethrown here.
    /// </summary>
    public static void For(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count <= 0)
        {
            return;
        }

        int threads = Math.Min(_count, count);
        if (threads <= 1 || _insideParallelRegion || !Gate.TryEnter())
        {
            RunSerially(count, body);
            return;
        }

        try
        {
            _pool ??= new WorkerPool();
            _insideParallelRegion = true;
            _pool.Run(count, threads - 1, body);
        }
        finally
        {
            _insideParallelRegion = false;
            Gate.Exit();
        }
    }

    private static void RunSerially(int count, Action<int> body)
    {
        bool outer = _insideParallelRegion;
        _insideParallelRegion = true;
        try
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }
        }
        finally
        {
            _insideParallelRegion = outer;
        }
    }

    internal static void MarkWorkerThread() => _insideParallelRegion = true;
}
