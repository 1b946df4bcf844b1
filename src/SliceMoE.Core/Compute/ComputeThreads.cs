using System.Collections.Concurrent;

namespace SliceMoE.Compute;

/// <summary>
/// The process's compute threads: the calling thread plus <see cref="Count"/> - 1 persistent workers
/// that spin briefly between jobs (so back-to-back kernel calls do not pay a wake-up) and then sleep.
/// Work is handed out as indices; a kernel's result must never depend on which thread ran an index,
/// which is how every kernel here stays bit-identical at any thread count.
/// <para>
/// Concurrent callers (a server running several models, say) do not share workers: each caller that finds the
/// workers busy takes a set of its own (created the first time, kept for later callers), so every caller gets the
/// <see cref="Count"/> threads it asked for and the same bits it would get alone. N concurrent callers therefore run
/// up to N · <see cref="Count"/> threads: to share the cores instead of oversubscribing them, set <see cref="Count"/>
/// to cores / callers.
/// </para>
/// </summary>
public static class ComputeThreads
{
    // The first caller's worker set, behind a lock that a caller only tries: the path of a single caller is one
    // uncontended lock and no allocation. A caller that finds it taken uses a spare set (popped, or made when every spare
    // is busy, and pushed back after).
    private static readonly Lock Gate = new();
    private static readonly ConcurrentStack<WorkerPool> Spares = new();
    private static WorkerPool? _primary;
    private static int _count = Environment.ProcessorCount;
    private static int _workerSets;

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

    /// <summary>Worker sets made so far: at most the largest number of callers that ran at the same time.</summary>
    public static int WorkerSets => Volatile.Read(ref _workerSets);

    /// <summary>
    /// Runs <paramref name="body"/> for every index in [0, <paramref name="count"/>), spread over <see cref="Count"/>
    /// threads (the caller's own set of workers while other callers run, see the type's remarks), and returns when all
    /// have finished. Calls made from inside a body run serially on the calling thread. The first exception thrown by a
    /// body is rethrown here, wrapped in an <see cref="AggregateException"/>.
    /// </summary>
    public static void For(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count <= 0)
        {
            return;
        }

        int threads = Math.Min(_count, count);
        if (threads <= 1 || _insideParallelRegion)
        {
            RunSerially(count, body);
            return;
        }

        if (Gate.TryEnter())
        {
            try
            {
                _primary ??= NewPool();
                Run(_primary, count, threads, body);
            }
            finally
            {
                Gate.Exit();
            }

            return;
        }

        var spare = Spares.TryPop(out var idle) ? idle : NewPool();
        try
        {
            Run(spare, count, threads, body);
        }
        finally
        {
            Spares.Push(spare);
        }
    }

    private static void Run(WorkerPool pool, int count, int threads, Action<int> body)
    {
        try
        {
            _insideParallelRegion = true;
            pool.Run(count, threads - 1, body);
        }
        finally
        {
            _insideParallelRegion = false;
        }
    }

    private static WorkerPool NewPool()
    {
        Interlocked.Increment(ref _workerSets);
        return new WorkerPool();
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
