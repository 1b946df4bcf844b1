namespace SliceMoE.Diagnostics;

/// <summary>
/// Bytes of native memory held by every live <see cref="Tensors.AlignedBuffer{T}"/> of the process (tensors, parameter
/// stores, layers' activation buffers, the scratch pool), and the most held at once since <see cref="ResetPeak"/>:
/// what a training step's buffers cost, for benchmarks. Counted where a buffer is allocated and freed (rare: steady-state
/// training allocates none), with atomic operations, so it is exact under any number of threads.
/// </summary>
public static class NativeMemoryStatistics
{
    private static long _live;
    private static long _peak;

    /// <summary>Bytes held by live aligned buffers now.</summary>
    public static long LiveBytes => Volatile.Read(ref _live);

    /// <summary>The most bytes held at once since the last <see cref="ResetPeak"/> (or since the process started).</summary>
    public static long PeakBytes => Volatile.Read(ref _peak);

    /// <summary>Sets <see cref="PeakBytes"/> to what is held now.</summary>
    public static void ResetPeak() => Volatile.Write(ref _peak, LiveBytes);

    internal static void Allocated(long bytes)
    {
        long live = Interlocked.Add(ref _live, bytes);
        long peak = Volatile.Read(ref _peak);
        while (live > peak)
        {
            long seen = Interlocked.CompareExchange(ref _peak, live, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }
    }

    internal static void Freed(long bytes) => Interlocked.Add(ref _live, -bytes);
}
