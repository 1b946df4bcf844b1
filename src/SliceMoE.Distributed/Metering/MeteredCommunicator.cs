using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SliceMoE.Distributed.Metering;

/// <summary>
/// An <see cref="ICommunicator"/> that passes every collective to <paramref name="inner"/> and records its time and
/// bytes in <paramref name="meter"/> (groups made by <see cref="Split"/> record into the same meter): the profile of a
/// distributed run, split into all-to-all, allreduce and waiting, without touching the code that communicates.
/// </summary>
/// <param name="inner">The communicator that does the work.</param>
/// <param name="meter">Where the times and bytes go.</param>
public sealed class MeteredCommunicator(ICommunicator inner, CommunicationMeter meter) : ICommunicator
{
    /// <summary>The meter this communicator records into.</summary>
    public CommunicationMeter Meter { get; } = meter ?? throw new ArgumentNullException(nameof(meter));

    /// <inheritdoc />
    public int Rank => inner.Rank;

    /// <inheritdoc />
    public int Size => inner.Size;

    /// <inheritdoc />
    public string Transport => inner.Transport;

    /// <inheritdoc />
    public void AllReduce<T>(Span<T> buffer, ReduceOperation operation = ReduceOperation.Sum) where T : unmanaged
    {
        long start = Begin();
        inner.AllReduce(buffer, operation);
        Meter.Add(CollectiveKind.AllReduce, CommunicationMeter.Since(start), (long)buffer.Length * Unsafe.SizeOf<T>());
    }

    /// <inheritdoc />
    /// <remarks>Its time is recorded when <see cref="IPendingOperation.Wait"/> returns: overlap that hides it shows as less time.</remarks>
    public IPendingOperation StartAllReduce(Memory<float> buffer)
    {
        long start = Begin();
        return new Pending(inner.StartAllReduce(buffer), Meter, start, (long)buffer.Length * sizeof(float));
    }

    /// <inheritdoc />
    public void AllToAll<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
    {
        long start = Begin();
        inner.AllToAll(send, receive);
        Meter.Add(CollectiveKind.AllToAll, CommunicationMeter.Since(start), (long)(send.Length - (send.Length / Size)) * Unsafe.SizeOf<T>());
    }

    /// <inheritdoc />
    public void AllToAllV<T>(ReadOnlySpan<T> send, ReadOnlySpan<int> sendCounts, ReadOnlySpan<int> sendOffsets, Span<T> receive, ReadOnlySpan<int> receiveCounts, ReadOnlySpan<int> receiveOffsets) where T : unmanaged
    {
        long start = Begin();
        inner.AllToAllV(send, sendCounts, sendOffsets, receive, receiveCounts, receiveOffsets);
        long elements = 0;
        for (int j = 0; j < sendCounts.Length; j++)
        {
            elements += j == Rank ? 0 : sendCounts[j];
        }

        Meter.Add(CollectiveKind.AllToAll, CommunicationMeter.Since(start), elements * Unsafe.SizeOf<T>());
    }

    /// <inheritdoc />
    public void AllGather<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
    {
        long start = Begin();
        inner.AllGather(send, receive);
        Meter.Add(CollectiveKind.Other, CommunicationMeter.Since(start), (long)send.Length * Unsafe.SizeOf<T>());
    }

    /// <inheritdoc />
    public void AllGatherV<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts, ReadOnlySpan<int> offsets) where T : unmanaged
    {
        long start = Begin();
        inner.AllGatherV(send, receive, counts, offsets);
        Meter.Add(CollectiveKind.Other, CommunicationMeter.Since(start), (long)send.Length * Unsafe.SizeOf<T>());
    }

    /// <inheritdoc />
    public void Broadcast<T>(Span<T> buffer, int root = 0) where T : unmanaged
    {
        long start = Begin();
        inner.Broadcast(buffer, root);
        Meter.Add(CollectiveKind.Other, CommunicationMeter.Since(start), Rank == root ? (long)buffer.Length * Unsafe.SizeOf<T>() : 0);
    }

    /// <inheritdoc />
    public void Barrier()
    {
        long start = Stopwatch.GetTimestamp();
        inner.Barrier();
        Meter.AddWaiting(CommunicationMeter.Since(start));
    }

    /// <inheritdoc />
    public ICommunicator Split(int color, int key) => new MeteredCommunicator(inner.Split(color, key), Meter);

    /// <inheritdoc />
    public void Abort(int exitCode, string message) => inner.Abort(exitCode, message);

    /// <summary>Disposes the inner communicator (for the world: MPI_Finalize).</summary>
    public void Dispose() => inner.Dispose();

    /// <summary>With <see cref="CommunicationMeter.SeparateWaiting"/>, waits at a timed barrier; returns the collective's start.</summary>
    private long Begin()
    {
        if (Meter.SeparateWaiting && Size > 1)
        {
            long wait = Stopwatch.GetTimestamp();
            inner.Barrier();
            Meter.AddWaiting(CommunicationMeter.Since(wait));
        }

        return Stopwatch.GetTimestamp();
    }

    private sealed class Pending(IPendingOperation inner, CommunicationMeter meter, long start, long bytes) : IPendingOperation
    {
        private bool _recorded;

        public bool Test()
        {
            bool done = inner.Test();
            if (done)
            {
                Record();
            }

            return done;
        }

        public void Wait()
        {
            inner.Wait();
            Record();
        }

        private void Record()
        {
            if (!_recorded)
            {
                _recorded = true;
                meter.Add(CollectiveKind.AllReduce, CommunicationMeter.Since(start), bytes);
            }
        }
    }
}
