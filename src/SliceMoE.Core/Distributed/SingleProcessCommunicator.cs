namespace SliceMoE.Distributed;

/// <summary>The group of one: every collective is a copy (or nothing), so code written for many ranks runs unchanged in one process.</summary>
public sealed class SingleProcessCommunicator : ICommunicator
{
    /// <summary>The one instance (it holds no state).</summary>
    public static SingleProcessCommunicator Instance { get; } = new();

    /// <inheritdoc />
    public int Rank => 0;

    /// <inheritdoc />
    public int Size => 1;

    /// <inheritdoc />
    public string Transport => "single process";

    /// <inheritdoc />
    public void AllReduce<T>(Span<T> buffer, ReduceOperation operation = ReduceOperation.Sum) where T : unmanaged
    {
    }

    /// <inheritdoc />
    public IPendingOperation StartAllReduce(Memory<float> buffer) => Done.Instance;

    /// <inheritdoc />
    public void AllToAll<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged => send.CopyTo(receive);

    /// <inheritdoc />
    public void AllToAllV<T>(ReadOnlySpan<T> send, ReadOnlySpan<int> sendCounts, ReadOnlySpan<int> sendOffsets, Span<T> receive, ReadOnlySpan<int> receiveCounts, ReadOnlySpan<int> receiveOffsets) where T : unmanaged
    {
        if (sendCounts[0] != receiveCounts[0])
        {
            throw new ArgumentException($"A single process sends {sendCounts[0]} elements to itself but expects {receiveCounts[0]}.", nameof(receiveCounts));
        }

        send.Slice(sendOffsets[0], sendCounts[0]).CopyTo(receive[receiveOffsets[0]..]);
    }

    /// <inheritdoc />
    public void AllGather<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged => send.CopyTo(receive);

    /// <inheritdoc />
    public void AllGatherV<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts, ReadOnlySpan<int> offsets) where T : unmanaged =>
        send[..counts[0]].CopyTo(receive[offsets[0]..]);

    /// <inheritdoc />
    public void Broadcast<T>(Span<T> buffer, int root = 0) where T : unmanaged
    {
    }

    /// <inheritdoc />
    public void Barrier()
    {
    }

    /// <inheritdoc />
    public ICommunicator Split(int color, int key) => this;

    /// <inheritdoc />
    public void Abort(int exitCode, string message)
    {
        Console.Error.WriteLine(message);
        Environment.Exit(exitCode);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Done : IPendingOperation
    {
        public static Done Instance { get; } = new();

        public bool Test() => true;

        public void Wait()
        {
        }
    }
}
