using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SliceMoE.Benchmarks.Measurement;

/// <summary>
/// The machine's memory read bandwidth, measured as decoding uses it: every thread streams its own contiguous part of a
/// buffer far larger than the last-level cache, summing it with vector loads (four independent accumulators, so the adds
/// never wait on each other), all threads at once. Small-batch decoding reads every weight it touches once per step, so
/// bytes per step divided by this rate is its ceiling. Reads only: a copy would count write-allocate traffic too.
/// </summary>
public static class MemoryBandwidth
{
    /// <summary>The default buffer: 1 GiB, over 30x the 32 MiB L3 of the cores we run on.</summary>
    public const long DefaultBytes = 1L << 30;

    /// <summary>Best-of-<paramref name="passes"/> read bandwidth in GB/s (1e9 bytes/s) over <paramref name="threads"/> threads.</summary>
    public static unsafe double Measure(int threads, long bytes = DefaultBytes, int passes = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1L << 20);
        long floats = bytes / sizeof(float) / 64 * 64;
        float* data = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
        try
        {
            // Touch every page (and make the values non-trivial) before timing: the first pass would count page faults.
            for (long i = 0; i < floats; i += 1 << 20)
            {
                new Span<float>(data + i, (int)Math.Min(1 << 20, floats - i)).Fill(1e-6f);
            }

            long per = floats / threads / 64 * 64;
            double best = 0;
            for (int pass = 0; pass < passes; pass++)
            {
                var workers = new Thread[threads];
                using var start = new Barrier(threads + 1);
                for (int t = 0; t < threads; t++)
                {
                    long offset = t * per;
                    workers[t] = new Thread(() =>
                    {
                        start.SignalAndWait();
                        Sum(data + offset, per);
                    });
                    workers[t].Start();
                }

                start.SignalAndWait();
                var sw = Stopwatch.StartNew();
                foreach (var w in workers)
                {
                    w.Join();
                }

                best = Math.Max(best, per * threads * sizeof(float) / sw.Elapsed.TotalSeconds / 1e9);
            }

            return best;
        }
        finally
        {
            NativeMemory.AlignedFree(data);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe float Sum(float* p, long count)
    {
        int width = Vector512<float>.Count;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (long i = 0; i + (4 * width) <= count; i += 4 * width)
        {
            a0 += Vector512.LoadAligned(p + i);
            a1 += Vector512.LoadAligned(p + i + width);
            a2 += Vector512.LoadAligned(p + i + (2 * width));
            a3 += Vector512.LoadAligned(p + i + (3 * width));
        }

        return Vector512.Sum(a0 + a1 + a2 + a3);
    }
}
