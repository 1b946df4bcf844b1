using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SliceMoE.Benchmarks.Measurement;

/// <summary>
/// The machine's float32 FMA peak, measured: every thread runs independent chains of vector FMAs (more than
/// latency x throughput, so the FMA units never wait) for a fixed time, all threads at once. The chains must also fit
/// the register file with the two operands, or spills to the stack would measure the load/store units instead: 24 of
/// AVX-512's 32 registers, 12 of AVX2's 16 (12 still exceeds the 5-cycle latency x 2 pipes of the cores we run on).
/// </summary>
public static class FmaPeak
{
    /// <summary>Total GFLOP/s (2 per lane per FMA) over <paramref name="threads"/> threads, with the vector width used.</summary>
    public static (double Gflops, string Width) Measure(int threads, double seconds = 0.4)
    {
        bool wide = Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
        if (!wide && !Fma.IsSupported)
        {
            return (0, "none");
        }

        const long Iterations = 2_000_000;
        Run(wide, 10_000);
        var rates = new double[threads];
        var workers = new Thread[threads];
        using var start = new Barrier(threads);
        for (int t = 0; t < threads; t++)
        {
            int id = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                long flops = 0;
                var sw = Stopwatch.StartNew();
                while (sw.Elapsed.TotalSeconds < seconds)
                {
                    Run(wide, Iterations);
                    flops += Iterations * (wide ? 24 * 32 : 12 * 16);
                }

                rates[id] = flops / sw.Elapsed.TotalSeconds / 1e9;
            });
            workers[t].Start();
        }

        foreach (var w in workers)
        {
            w.Join();
        }

        return (rates.Sum(), wide ? "Vector512" : "Vector256");
    }

    private static float Run(bool wide, long iterations) => wide ? Run512(iterations) : Run256(iterations);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Run512(long iterations)
    {
        var x = Vector512.Create(0.999999f);
        var y = Vector512.Create(1e-7f);
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        Vector512<float> b0 = y, b1 = y, b2 = y, b3 = y, b4 = y, b5 = y, b6 = y, b7 = y, b8 = y, b9 = y, b10 = y, b11 = y;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, x, y); a1 = Avx512F.FusedMultiplyAdd(a1, x, y);
            a2 = Avx512F.FusedMultiplyAdd(a2, x, y); a3 = Avx512F.FusedMultiplyAdd(a3, x, y);
            a4 = Avx512F.FusedMultiplyAdd(a4, x, y); a5 = Avx512F.FusedMultiplyAdd(a5, x, y);
            a6 = Avx512F.FusedMultiplyAdd(a6, x, y); a7 = Avx512F.FusedMultiplyAdd(a7, x, y);
            a8 = Avx512F.FusedMultiplyAdd(a8, x, y); a9 = Avx512F.FusedMultiplyAdd(a9, x, y);
            a10 = Avx512F.FusedMultiplyAdd(a10, x, y); a11 = Avx512F.FusedMultiplyAdd(a11, x, y);
            b0 = Avx512F.FusedMultiplyAdd(b0, x, y); b1 = Avx512F.FusedMultiplyAdd(b1, x, y);
            b2 = Avx512F.FusedMultiplyAdd(b2, x, y); b3 = Avx512F.FusedMultiplyAdd(b3, x, y);
            b4 = Avx512F.FusedMultiplyAdd(b4, x, y); b5 = Avx512F.FusedMultiplyAdd(b5, x, y);
            b6 = Avx512F.FusedMultiplyAdd(b6, x, y); b7 = Avx512F.FusedMultiplyAdd(b7, x, y);
            b8 = Avx512F.FusedMultiplyAdd(b8, x, y); b9 = Avx512F.FusedMultiplyAdd(b9, x, y);
            b10 = Avx512F.FusedMultiplyAdd(b10, x, y); b11 = Avx512F.FusedMultiplyAdd(b11, x, y);
        }

        var s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7 + b8 + b9 + b10 + b11;
        return Vector512.Sum(s);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Run256(long iterations)
    {
        var x = Vector256.Create(0.999999f);
        var y = Vector256.Create(1e-7f);
        Vector256<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x;
        Vector256<float> b0 = y, b1 = y, b2 = y, b3 = y, b4 = y, b5 = y;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, x, y); a1 = Fma.MultiplyAdd(a1, x, y);
            a2 = Fma.MultiplyAdd(a2, x, y); a3 = Fma.MultiplyAdd(a3, x, y);
            a4 = Fma.MultiplyAdd(a4, x, y); a5 = Fma.MultiplyAdd(a5, x, y);
            b0 = Fma.MultiplyAdd(b0, x, y); b1 = Fma.MultiplyAdd(b1, x, y);
            b2 = Fma.MultiplyAdd(b2, x, y); b3 = Fma.MultiplyAdd(b3, x, y);
            b4 = Fma.MultiplyAdd(b4, x, y); b5 = Fma.MultiplyAdd(b5, x, y);
        }

        var s = a0 + a1 + a2 + a3 + a4 + a5 + b0 + b1 + b2 + b3 + b4 + b5;
        return Vector256.Sum(s);
    }
}
