namespace SliceMoE.Distributed;

/// <summary>How <see cref="ICommunicator.AllReduce{T}(Span{T}, ReduceOperation)"/> combines the ranks' values.</summary>
public enum ReduceOperation
{
    /// <summary>Element-wise sum.</summary>
    Sum,

    /// <summary>Element-wise maximum.</summary>
    Max,

    /// <summary>Element-wise minimum.</summary>
    Min,
}

/// <summary>
/// A group of processes ("ranks") that exchange data collectively, as an MPI communicator does: every rank calls the
/// same collective in the same order with matching sizes. The library's single-process code runs on
/// <see cref="SingleProcessCommunicator"/>; the SliceMoE.Distributed package implements it over MPI. Element types are
/// <see cref="float"/>, <see cref="double"/>, <see cref="int"/>, <see cref="long"/> and <see cref="byte"/>.
/// Results are the same bits at a fixed rank count: a reduction combines ranks in a fixed order.
/// </summary>
public interface ICommunicator : IDisposable
{
    /// <summary>This process's index in the group, 0 ≤ Rank &lt; Size.</summary>
    int Rank { get; }

    /// <summary>Number of ranks.</summary>
    int Size { get; }

    /// <summary>What carries the messages (e.g. "single process", "mpi tcp").</summary>
    string Transport { get; }

    /// <summary>buffer = op over every rank's buffer, element-wise, on every rank (in place).</summary>
    void AllReduce<T>(Span<T> buffer, ReduceOperation operation = ReduceOperation.Sum) where T : unmanaged;

    /// <summary>
    /// Starts <see cref="AllReduce{T}(Span{T}, ReduceOperation)"/> (a sum) on <paramref name="buffer"/> and returns at once;
    /// the buffer must stay untouched until <see cref="IPendingOperation.Wait"/> returns.
    /// </summary>
    IPendingOperation StartAllReduce(Memory<float> buffer);

    /// <summary>Equal blocks: rank r's block j of <paramref name="send"/> (send.Length / Size elements) becomes block r of rank j's <paramref name="receive"/>.</summary>
    void AllToAll<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged;

    /// <summary>
    /// Variable blocks: this rank sends send[sendOffsets[j] .. + sendCounts[j]] to rank j and receives rank j's block
    /// for it into receive[receiveOffsets[j] .. + receiveCounts[j]]. Counts must agree pairwise (exchange them first).
    /// </summary>
    void AllToAllV<T>(ReadOnlySpan<T> send, ReadOnlySpan<int> sendCounts, ReadOnlySpan<int> sendOffsets, Span<T> receive, ReadOnlySpan<int> receiveCounts, ReadOnlySpan<int> receiveOffsets) where T : unmanaged;

    /// <summary>Every rank's <paramref name="send"/> (the same length everywhere), concatenated in rank order, on every rank.</summary>
    void AllGather<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged;

    /// <summary>Every rank's <paramref name="send"/> (rank j sends counts[j] elements), placed at offsets[j] of <paramref name="receive"/> on every rank.</summary>
    void AllGatherV<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts, ReadOnlySpan<int> offsets) where T : unmanaged;

    /// <summary>Rank <paramref name="root"/>'s buffer, copied to every rank.</summary>
    void Broadcast<T>(Span<T> buffer, int root = 0) where T : unmanaged;

    /// <summary>Returns when every rank has called it.</summary>
    void Barrier();

    /// <summary>The ranks with the same <paramref name="color"/>, ordered by <paramref name="key"/> (then by rank), as a new group.</summary>
    ICommunicator Split(int color, int key);

    /// <summary>Ends every rank of the job with <paramref name="exitCode"/> (after <paramref name="message"/> is printed by this rank).</summary>
    void Abort(int exitCode, string message);
}

/// <summary>A collective started by a nonblocking call.</summary>
public interface IPendingOperation
{
    /// <summary>Whether it has finished (also lets an MPI library make progress).</summary>
    bool Test();

    /// <summary>Waits until it has finished.</summary>
    void Wait();
}
