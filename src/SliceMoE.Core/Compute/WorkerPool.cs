using System.Diagnostics;

namespace SliceMoE.Compute;

/// <summary>
/// One set of persistent worker threads for <see cref="ComputeThreads"/>. One job at a time (a caller takes the set
/// for the length of its job: the primary set behind a lock, or a spare).
/// Workers spin for <see cref="SpinMicroseconds"/> after a job, then park on a semaphore; the dispatcher
/// releases only the workers that actually parked (a flag both sides swap), so no wake-up is lost or doubled.
/// </summary>
internal sealed class WorkerPool
{
    private const double SpinMicroseconds = 200;
    private static readonly long SpinTicks = (long)(Stopwatch.Frequency * SpinMicroseconds / 1e6);

    private readonly List<Worker> _workers = [];
    private Action<int>? _body;
    private int _count;
    private int _next;
    private int _helpers;
    private int _pending;
    private int _generation;
    private Exception? _error;

    public void Run(int count, int helpers, Action<int> body)
    {
        while (_workers.Count < helpers)
        {
            _workers.Add(new Worker(this, _workers.Count));
        }

        _body = body;
        _count = count;
        _next = 0;
        _error = null;
        _helpers = helpers;
        Volatile.Write(ref _pending, helpers);
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < helpers; i++)
        {
            _workers[i].Wake();
        }

        Drain();
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) != 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        _body = null;
        if (_error is { } error)
        {
            throw new AggregateException("A parallel kernel body failed.", error);
        }
    }

    private void Drain()
    {
        var body = _body!;
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _count)
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
        }
    }

    private sealed class Worker
    {
        private readonly WorkerPool _pool;
        private readonly int _id;
        private readonly SemaphoreSlim _wake = new(0);
        private int _parked;

        public Worker(WorkerPool pool, int id)
        {
            _pool = pool;
            _id = id;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"slicemoe-compute-{id + 1}" };
            thread.Start();
        }

        public void Wake()
        {
            if (Interlocked.Exchange(ref _parked, 0) == 1)
            {
                _wake.Release();
            }
        }

        private void Loop()
        {
            ComputeThreads.MarkWorkerThread();
            int seen = 0;
            while (true)
            {
                WaitForGeneration(seen);
                seen = Volatile.Read(ref _pool._generation);
                if (_id < _pool._helpers)
                {
                    _pool.Drain();
                    Interlocked.Decrement(ref _pool._pending);
                }
            }
        }

        private void WaitForGeneration(int seen)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                if (Volatile.Read(ref _pool._generation) != seen)
                {
                    return;
                }

                Thread.SpinWait(20);
            }

            // A full fence, not a volatile write: the generation read below must not move before this store (x86 reorders a
            // store before a later load). Otherwise the dispatcher can bump the generation and see the flag still 0 while this
            // worker reads the old generation, and both wait forever: the dispatcher for this worker, this worker for a release.
            Interlocked.Exchange(ref _parked, 1);
            if (Volatile.Read(ref _pool._generation) != seen && Interlocked.Exchange(ref _parked, 0) == 1)
            {
                return; // a job arrived while parking, and the dispatcher has not claimed the flag: no release is coming
            }

            _wake.Wait();
        }
    }
}
