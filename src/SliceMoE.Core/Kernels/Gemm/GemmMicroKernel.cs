using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using SliceMoE.Kernels.Simd;

namespace SliceMoE.Kernels.Gemm;

/// <summary>
/// The register-blocked inner kernel: a tile of up to 12 rows x 2 vectors (12 x 32 floats with AVX-512,
/// 6 x 16 with AVX2) of C, accumulated over kc steps of an outer product between a column of A and a packed
/// row of B. A is read through strides, so the same kernel serves row-major A, transposed A and packed A.
/// 24 accumulators + 2 B vectors + 1 broadcast fit AVX-512's 32 registers; the AVX2 instantiation uses
/// at most 6 rows (12 accumulators of 16 registers).
/// </summary>
internal static unsafe class GemmMicroKernel
{
    /// <summary>
    /// C[r, 0..cols) (+)= sum over p &lt; kc of A(r, p) * B[p, 0..cols) for r &lt; rows, where A(r, p) = a[r*rs + p*cs]
    /// and row p of B is 2*TS.Count floats at b + p*bs: a packed panel (bs = 2*TS.Count, zero beyond cols) or, for a full
    /// panel of row-major B, B itself (bs = its row stride).
    /// </summary>
    public static void Tile<TS, TV>(int rows, int kc, float* a, long rs, long cs, float* b, long bs, float* c, long ldc, int cols, bool accumulate)
        where TS : struct, ISimdF32<TV> where TV : struct =>
        Tile<TS, TV, Float32Panel>(rows, kc, a, rs, cs, (byte*)b, bs, c, ldc, cols, accumulate);

    /// <summary>
    /// As <see cref="Tile{TS, TV}"/>, with B's rows held as bfloat16 (a pre-packed inference weight), widened to float32 in
    /// registers: the same arithmetic, in the same order, as the float32 tile on the widened values, at half the bytes read.
    /// </summary>
    public static void TileBFloat16<TS, TV>(int rows, int kc, float* a, long rs, long cs, ushort* b, long bs, float* c, long ldc, int cols, bool accumulate)
        where TS : struct, ISimdF32<TV> where TV : struct =>
        Tile<TS, TV, BFloat16Panel>(rows, kc, a, rs, cs, (byte*)b, bs, c, ldc, cols, accumulate);

    private static void Tile<TS, TV, TPanel>(int rows, int kc, float* a, long rs, long cs, byte* b, long bs, float* c, long ldc, int cols, bool accumulate)
        where TS : struct, ISimdF32<TV> where TV : struct where TPanel : struct, IPanelFormat
    {
        switch (rows)
        {
            case 1: Tile<TS, TV, Rows1, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 2: Tile<TS, TV, Rows2, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 3: Tile<TS, TV, Rows3, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 4: Tile<TS, TV, Rows4, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 5: Tile<TS, TV, Rows5, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 6: Tile<TS, TV, Rows6, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 7: Tile<TS, TV, Rows7, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 8: Tile<TS, TV, Rows8, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 9: Tile<TS, TV, Rows9, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 10: Tile<TS, TV, Rows10, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 11: Tile<TS, TV, Rows11, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            case 12: Tile<TS, TV, Rows12, TPanel>(kc, a, rs, cs, b, bs, c, ldc, cols, accumulate); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows), rows, "A micro-tile has 1 to 12 rows.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TS, TV, TRows, TPanel>(int kc, float* a, long rs, long cs, byte* b, long bs, float* c, long ldc, int cols, bool accumulate)
        where TS : struct, ISimdF32<TV> where TV : struct where TRows : struct, IRowCount where TPanel : struct, IPanelFormat
    {
        int rows = TRows.Value;
        int w = TS.Count;
        TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c40 = TS.Zero, c41 = TS.Zero, c50 = TS.Zero, c51 = TS.Zero;
        TV c60 = TS.Zero, c61 = TS.Zero, c70 = TS.Zero, c71 = TS.Zero, c80 = TS.Zero, c81 = TS.Zero;
        TV c90 = TS.Zero, c91 = TS.Zero, ca0 = TS.Zero, ca1 = TS.Zero, cb0 = TS.Zero, cb1 = TS.Zero;

        // Rows are addressed from three bases (rows 0-3, 4-7, 8-11) and three offsets, which keeps the
        // general-purpose register count low whatever the strides.
        // Ask for C's lines now: the stores at the end would otherwise wait for them (read-for-ownership),
        // which costs as much as a short K loop when C streams through memory (e.g. 12 x 1536 rows, K = 96).
        for (int r = 0; r < rows; r++)
        {
            Sse.Prefetch0(c + (r * ldc));
            Sse.Prefetch0(c + (r * ldc) + (2 * w) - 1);
        }

        float* a0 = a;
        float* a4 = a + (4 * rs);
        float* a8 = a + (8 * rs);
        long r2 = 2 * rs, r3 = 3 * rs;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TPanel.Load<TS, TV>(b);
            TV b1 = TPanel.Load<TS, TV>(b + (w * TPanel.Size));
            TV x = TS.Broadcast(a0[0]);
            c00 = TS.MultiplyAdd(x, b0, c00);
            c01 = TS.MultiplyAdd(x, b1, c01);
            if (rows > 1)
            {
                x = TS.Broadcast(a0[rs]);
                c10 = TS.MultiplyAdd(x, b0, c10);
                c11 = TS.MultiplyAdd(x, b1, c11);
            }

            if (rows > 2)
            {
                x = TS.Broadcast(a0[r2]);
                c20 = TS.MultiplyAdd(x, b0, c20);
                c21 = TS.MultiplyAdd(x, b1, c21);
            }

            if (rows > 3)
            {
                x = TS.Broadcast(a0[r3]);
                c30 = TS.MultiplyAdd(x, b0, c30);
                c31 = TS.MultiplyAdd(x, b1, c31);
            }

            if (rows > 4)
            {
                x = TS.Broadcast(a4[0]);
                c40 = TS.MultiplyAdd(x, b0, c40);
                c41 = TS.MultiplyAdd(x, b1, c41);
            }

            if (rows > 5)
            {
                x = TS.Broadcast(a4[rs]);
                c50 = TS.MultiplyAdd(x, b0, c50);
                c51 = TS.MultiplyAdd(x, b1, c51);
            }

            if (rows > 6)
            {
                x = TS.Broadcast(a4[r2]);
                c60 = TS.MultiplyAdd(x, b0, c60);
                c61 = TS.MultiplyAdd(x, b1, c61);
            }

            if (rows > 7)
            {
                x = TS.Broadcast(a4[r3]);
                c70 = TS.MultiplyAdd(x, b0, c70);
                c71 = TS.MultiplyAdd(x, b1, c71);
            }

            if (rows > 8)
            {
                x = TS.Broadcast(a8[0]);
                c80 = TS.MultiplyAdd(x, b0, c80);
                c81 = TS.MultiplyAdd(x, b1, c81);
            }

            if (rows > 9)
            {
                x = TS.Broadcast(a8[rs]);
                c90 = TS.MultiplyAdd(x, b0, c90);
                c91 = TS.MultiplyAdd(x, b1, c91);
            }

            if (rows > 10)
            {
                x = TS.Broadcast(a8[r2]);
                ca0 = TS.MultiplyAdd(x, b0, ca0);
                ca1 = TS.MultiplyAdd(x, b1, ca1);
            }

            if (rows > 11)
            {
                x = TS.Broadcast(a8[r3]);
                cb0 = TS.MultiplyAdd(x, b0, cb0);
                cb1 = TS.MultiplyAdd(x, b1, cb1);
            }

            a0 += cs;
            a4 += cs;
            a8 += cs;
            b += bs * TPanel.Size;
        }

        StoreRow<TS, TV>(c, c00, c01, cols, accumulate);
        if (rows > 1) StoreRow<TS, TV>(c + ldc, c10, c11, cols, accumulate);
        if (rows > 2) StoreRow<TS, TV>(c + (2 * ldc), c20, c21, cols, accumulate);
        if (rows > 3) StoreRow<TS, TV>(c + (3 * ldc), c30, c31, cols, accumulate);
        if (rows > 4) StoreRow<TS, TV>(c + (4 * ldc), c40, c41, cols, accumulate);
        if (rows > 5) StoreRow<TS, TV>(c + (5 * ldc), c50, c51, cols, accumulate);
        if (rows > 6) StoreRow<TS, TV>(c + (6 * ldc), c60, c61, cols, accumulate);
        if (rows > 7) StoreRow<TS, TV>(c + (7 * ldc), c70, c71, cols, accumulate);
        if (rows > 8) StoreRow<TS, TV>(c + (8 * ldc), c80, c81, cols, accumulate);
        if (rows > 9) StoreRow<TS, TV>(c + (9 * ldc), c90, c91, cols, accumulate);
        if (rows > 10) StoreRow<TS, TV>(c + (10 * ldc), ca0, ca1, cols, accumulate);
        if (rows > 11) StoreRow<TS, TV>(c + (11 * ldc), cb0, cb1, cols, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TS, TV>(float* c, TV v0, TV v1, int cols, bool accumulate)
        where TS : struct, ISimdF32<TV> where TV : struct
    {
        int w = TS.Count;
        if (cols >= 2 * w)
        {
            if (accumulate)
            {
                v0 = TS.Add(v0, TS.Load(c));
                v1 = TS.Add(v1, TS.Load(c + w));
            }

            TS.Store(c, v0);
            TS.Store(c + w, v1);
        }
        else if (cols > w)
        {
            if (accumulate)
            {
                v0 = TS.Add(v0, TS.Load(c));
                v1 = TS.Add(v1, TS.LoadFirst(c + w, cols - w));
            }

            TS.Store(c, v0);
            TS.StoreFirst(c + w, v1, cols - w);
        }
        else
        {
            if (accumulate)
            {
                v0 = TS.Add(v0, TS.LoadFirst(c, cols));
            }

            TS.StoreFirst(c, v0, cols);
        }
    }
}
