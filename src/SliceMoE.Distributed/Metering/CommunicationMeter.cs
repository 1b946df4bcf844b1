using System.Diagnostics;

namespace SliceMoE.Distributed.Metering;

/// <summary>Kinds of collective that <see cref="CommunicationMeter"/> keeps apart.</summary>
public enum CollectiveKind
{
    /// <summary>All-to-all and all-to-all-v: expert parallelism's dispatch and return.</summary>
    AllToAll,

    /// <summary>Allreduce: gradients, metrics and routing statistics.</summary>
    AllReduce,

    /// <summary>All-gather, broadcast, barrier and split.</summary>
    Other,
}

/// <summary>
/// Time and bytes spent in collectives, by kind, summed over every <see cref="MeteredCommunicator"/> that shares it.
/// With <see cref="SeparateWaiting"/>, each collective first waits at a barrier, timed as <see cref="WaitingSeconds"/>:
/// the time this rank waits for slower ones (load imbalance), so that the collective's own time is the transfer.
/// </summary>
public sealed class CommunicationMeter
{
    private readonly double[] _seconds = new double[3];
    private readonly long[] _bytes = new long[3];
    private readonly long[] _calls = new long[3];

    /// <param name="separateWaiting">Whether to put a timed barrier before every collective (it costs one small message round).</param>
    public CommunicationMeter(bool separateWaiting = false) => SeparateWaiting = separateWaiting;

    /// <summary>Whether a timed barrier precedes every collective.</summary>
    public bool SeparateWaiting { get; }

    /// <summary>Seconds at the barriers before collectives (with <see cref="SeparateWaiting"/>).</summary>
    public double WaitingSeconds { get; private set; }

    /// <summary>Seconds inside collectives of <paramref name="kind"/> (after the barrier, with <see cref="SeparateWaiting"/>).</summary>
    public double Seconds(CollectiveKind kind) => _seconds[(int)kind];

    /// <summary>
    /// Bytes this rank handed to collectives of <paramref name="kind"/> for other ranks: an allreduce's whole buffer (a
    /// ring allreduce then moves about 2(R−1)/R of it each way), an all-to-all's blocks for other ranks (not its own).
    /// </summary>
    public long Bytes(CollectiveKind kind) => _bytes[(int)kind];

    /// <summary>Calls of <paramref name="kind"/>.</summary>
    public long Calls(CollectiveKind kind) => _calls[(int)kind];

    /// <summary>Seconds in every collective, waiting included.</summary>
    public double TotalSeconds => _seconds.Sum() + WaitingSeconds;

    /// <summary>Starts counting again from zero.</summary>
    public void Reset()
    {
        Array.Clear(_seconds);
        Array.Clear(_bytes);
        Array.Clear(_calls);
        WaitingSeconds = 0;
    }

    internal void AddWaiting(double seconds) => WaitingSeconds += seconds;

    internal void Add(CollectiveKind kind, double seconds, long bytes)
    {
        _seconds[(int)kind] += seconds;
        _bytes[(int)kind] += bytes;
        _calls[(int)kind]++;
    }

    internal static double Since(long start) => Stopwatch.GetElapsedTime(start).TotalSeconds;
}
