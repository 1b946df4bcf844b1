using System.Buffers;

namespace SliceMoE.Distributed.Mpi;

/// <summary>
/// <see cref="ICommunicator"/> over MPI. <see cref="Launched"/> tells whether this process was started by mpirun;
/// <see cref="World"/> initialises MPI (thread level SERIALIZED: only one thread at a time calls MPI, and the compute
/// threads never do) on first use. Errors come back as <see cref="MpiException"/> rather than ending the job in
/// MPI (MPI_ERRORS_RETURN); a rank that dies ends the job through mpirun.
/// </summary>
public sealed unsafe class MpiCommunicator : ICommunicator
{
    private static readonly Lock InitLock = new();
    private static MpiCommunicator? _world;
    private nint _comm;
    private readonly bool _isWorld;

    private MpiCommunicator(nint comm, bool isWorld)
    {
        _comm = comm;
        _isWorld = isWorld;
        int rank, size;
        MpiNative.Check(MpiNative.CommRank(comm, &rank), "MPI_Comm_rank");
        MpiNative.Check(MpiNative.CommSize(comm, &size), "MPI_Comm_size");
        Rank = rank;
        Size = size;
    }

    /// <summary>Whether mpirun (Open MPI) started this process (it sets OMPI_COMM_WORLD_SIZE).</summary>
    public static bool Launched => Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null;

    /// <summary>MPI_COMM_WORLD, initialising MPI the first time.</summary>
    /// <exception cref="DllNotFoundException">When Open MPI is not installed.</exception>
    public static MpiCommunicator World
    {
        get
        {
            lock (InitLock)
            {
                if (_world is null)
                {
                    MpiNative.Load();
                    int initialized, provided;
                    MpiNative.Check(MpiNative.Initialized(&initialized), "MPI_Initialized");
                    if (initialized == 0)
                    {
                        MpiNative.Check(MpiNative.InitThread(null, null, MpiNative.ThreadSerialized, &provided), "MPI_Init_thread");
                    }

                    MpiNative.Check(MpiNative.CommSetErrhandler(MpiNative.CommWorld, MpiNative.ErrorsReturn), "MPI_Comm_set_errhandler");
                    _world = new MpiCommunicator(MpiNative.CommWorld, isWorld: true);
                }

                return _world;
            }
        }
    }

    /// <summary>The world when launched by mpirun, else the single process.</summary>
    public static ICommunicator WorldOrSingleProcess() => Launched ? World : SingleProcessCommunicator.Instance;

    /// <inheritdoc />
    public int Rank { get; }

    /// <inheritdoc />
    public int Size { get; }

    /// <inheritdoc />
    public string Transport => "mpi " + (Environment.GetEnvironmentVariable("OMPI_MCA_btl") ?? "default transports");

    /// <inheritdoc />
    public void AllReduce<T>(Span<T> buffer, ReduceOperation operation = ReduceOperation.Sum) where T : unmanaged
    {
        nint op = operation switch { ReduceOperation.Sum => MpiNative.OpSum, ReduceOperation.Max => MpiNative.OpMax, _ => MpiNative.OpMin };
        fixed (T* p = buffer)
        {
            MpiNative.Check(MpiNative.Allreduce((void*)1 /* MPI_IN_PLACE */, p, buffer.Length, MpiNative.Datatype<T>(), op, _comm), "MPI_Allreduce");
        }
    }

    /// <inheritdoc />
    public IPendingOperation StartAllReduce(Memory<float> buffer)
    {
        var pin = buffer.Pin();
        nint request;
        int code = MpiNative.Iallreduce((void*)1, pin.Pointer, buffer.Length, MpiNative.Float, MpiNative.OpSum, _comm, &request);
        if (code != MpiNative.Success)
        {
            pin.Dispose();
            MpiNative.Check(code, "MPI_Iallreduce");
        }

        return new Pending(request, pin);
    }

    /// <inheritdoc />
    public void AllToAll<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
    {
        if (send.Length % Size != 0 || receive.Length != send.Length)
        {
            throw new ArgumentException($"All-to-all of {send.Length} elements into {receive.Length} does not split into {Size} equal blocks.", nameof(send));
        }

        int block = send.Length / Size;
        var type = MpiNative.Datatype<T>();
        fixed (T* s = send, r = receive)
        {
            MpiNative.Check(MpiNative.Alltoall(s, block, type, r, block, type, _comm), "MPI_Alltoall");
        }
    }

    /// <inheritdoc />
    public void AllToAllV<T>(ReadOnlySpan<T> send, ReadOnlySpan<int> sendCounts, ReadOnlySpan<int> sendOffsets, Span<T> receive, ReadOnlySpan<int> receiveCounts, ReadOnlySpan<int> receiveOffsets) where T : unmanaged
    {
        RequireRanks(sendCounts, sendOffsets, receiveCounts, receiveOffsets);
        var type = MpiNative.Datatype<T>();
        T dummy = default;
        fixed (T* s0 = send, r0 = receive)
        fixed (int* sc = sendCounts, so = sendOffsets, rc = receiveCounts, ro = receiveOffsets)
        {
            // An empty span pins to null; MPI wants a valid address even for zero counts.
            T* s = s0 == null ? &dummy : s0, r = r0 == null ? &dummy : r0;
            MpiNative.Check(MpiNative.Alltoallv(s, sc, so, type, r, rc, ro, type, _comm), "MPI_Alltoallv");
        }
    }

    /// <inheritdoc />
    public void AllGather<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
    {
        if (receive.Length != send.Length * Size)
        {
            throw new ArgumentException($"All-gather of {send.Length} elements from {Size} ranks needs {send.Length * Size}, not {receive.Length}.", nameof(receive));
        }

        var type = MpiNative.Datatype<T>();
        fixed (T* s = send, r = receive)
        {
            MpiNative.Check(MpiNative.Allgather(s, send.Length, type, r, send.Length, type, _comm), "MPI_Allgather");
        }
    }

    /// <inheritdoc />
    public void AllGatherV<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts, ReadOnlySpan<int> offsets) where T : unmanaged
    {
        RequireRanks(counts, offsets, counts, offsets);
        var type = MpiNative.Datatype<T>();
        T dummy = default;
        fixed (T* s0 = send, r0 = receive)
        fixed (int* c = counts, o = offsets)
        {
            T* s = s0 == null ? &dummy : s0, r = r0 == null ? &dummy : r0;
            MpiNative.Check(MpiNative.Allgatherv(s, counts[Rank], type, r, c, o, type, _comm), "MPI_Allgatherv");
        }
    }

    /// <inheritdoc />
    public void Broadcast<T>(Span<T> buffer, int root = 0) where T : unmanaged
    {
        fixed (T* p = buffer)
        {
            MpiNative.Check(MpiNative.Bcast(p, buffer.Length, MpiNative.Datatype<T>(), root, _comm), "MPI_Bcast");
        }
    }

    /// <inheritdoc />
    public void Barrier() => MpiNative.Check(MpiNative.Barrier(_comm), "MPI_Barrier");

    /// <inheritdoc />
    public ICommunicator Split(int color, int key)
    {
        nint comm;
        MpiNative.Check(MpiNative.CommSplit(_comm, color, key, &comm), "MPI_Comm_split");
        MpiNative.Check(MpiNative.CommSetErrhandler(comm, MpiNative.ErrorsReturn), "MPI_Comm_set_errhandler");
        return new MpiCommunicator(comm, isWorld: false);
    }

    /// <inheritdoc />
    public void Abort(int exitCode, string message)
    {
        Console.Error.WriteLine($"rank {Rank}: {message}");
        Console.Error.Flush();
        MpiNative.Abort(_comm, exitCode);
        Environment.Exit(exitCode);
    }

    /// <summary>Frees a split communicator; on the world, finalises MPI (after which no MPI call may be made).</summary>
    public void Dispose()
    {
        if (_comm == 0)
        {
            return;
        }

        if (_isWorld)
        {
            MpiNative.Check(MpiNative.Finalize(), "MPI_Finalize");
        }
        else
        {
            nint comm = _comm;
            MpiNative.Check(MpiNative.CommFree(&comm), "MPI_Comm_free");
        }

        _comm = 0;
    }

    private void RequireRanks(ReadOnlySpan<int> a, ReadOnlySpan<int> b, ReadOnlySpan<int> c, ReadOnlySpan<int> d)
    {
        if (a.Length != Size || b.Length != Size || c.Length != Size || d.Length != Size)
        {
            throw new ArgumentException($"Counts and offsets need one entry per rank ({Size}).");
        }
    }

    private sealed class Pending(nint request, MemoryHandle pin) : IPendingOperation
    {
        private nint _request = request;
        private MemoryHandle _pin = pin;
        private bool _done;

        public bool Test()
        {
            if (!_done)
            {
                int flag;
                nint r = _request;
                MpiNative.Check(MpiNative.Test(&r, &flag, null), "MPI_Test");
                _request = r;
                if (flag != 0)
                {
                    Finish();
                }
            }

            return _done;
        }

        public void Wait()
        {
            if (!_done)
            {
                nint r = _request;
                MpiNative.Check(MpiNative.Wait(&r, null), "MPI_Wait");
                _request = r;
                Finish();
            }
        }

        private void Finish()
        {
            _done = true;
            _pin.Dispose();
        }
    }
}
