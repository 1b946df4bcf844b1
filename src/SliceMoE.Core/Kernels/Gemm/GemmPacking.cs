using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SliceMoE.Kernels.Gemm;

/// <summary>
/// Copies operands into the layouts the micro-kernel streams: B as panels of kc rows x NR columns
/// (zero-padded past N), A as tiles of kc columns x MR rows. Packing makes every inner-loop load
/// contiguous and removes cache-set conflicts when leading dimensions are powers of two.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>dest[p*nr + j] = op(B)(p0 + p, j0 + j) for p &lt; kc, j &lt; cols; zero for cols &lt;= j &lt; nr.</summary>
    public static void PackBPanel(in GemmProblem pr, int j0, int cols, int p0, int kc, float* dest, int nr)
    {
        long brs = pr.BRowStride, bcs = pr.BColStride;
        if (bcs == 1)
        {
            int bytes = cols * sizeof(float);
            for (int p = 0; p < kc; p++)
            {
                float* src = pr.B + ((p0 + p) * brs) + j0;
                float* d = dest + (p * nr);
                Unsafe.CopyBlockUnaligned(d, src, (uint)bytes);
                for (int j = cols; j < nr; j++)
                {
                    d[j] = 0;
                }
            }

            return;
        }

        if (brs == 1 && Avx.IsSupported)
        {
            PackTransposedBPanel(pr.B + (j0 * bcs) + p0, bcs, cols, kc, dest, nr);
            return;
        }

        for (int j = 0; j < cols; j++)
        {
            float* src = pr.B + ((j0 + j) * bcs) + (p0 * brs);
            float* d = dest + j;
            for (int p = 0; p < kc; p++)
            {
                d[p * nr] = src[p * brs];
            }
        }

        for (int p = 0; p < kc; p++)
        {
            for (int j = cols; j < nr; j++)
            {
                dest[(p * nr) + j] = 0;
            }
        }
    }

    /// <summary>
    /// The transposed case (B stored [N, K], e.g. a PyTorch weight): column j of the panel is row j of storage. Full 8 x 8
    /// blocks are transposed in registers (8 loads, 24 shuffles, 8 stores: several times faster than gathering one element
    /// per lane, which made packing a grouped GEMM's 16 expert weights cost a fifth of its multiply); the ragged edges are
    /// copied one element at a time, and columns past <paramref name="cols"/> are zero.
    /// </summary>
    private static void PackTransposedBPanel(float* src, long ld, int cols, int kc, float* dest, int nr)
    {
        int fullCols = cols & ~7;
        int fullK = kc & ~7;
        for (int p = 0; p < fullK; p += 8)
        {
            for (int j = 0; j < fullCols; j += 8)
            {
                Transpose8x8(src + (j * ld) + p, ld, dest + (p * nr) + j, nr);
            }
        }

        for (int p = 0; p < kc; p++)
        {
            float* d = dest + (p * nr);
            for (int j = p < fullK ? fullCols : 0; j < cols; j++)
            {
                d[j] = src[(j * ld) + p];
            }

            for (int j = cols; j < nr; j++)
            {
                d[j] = 0;
            }
        }
    }

    /// <summary>dst[c * ldd + r] = src[r * lds + c] for an 8 x 8 block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, long lds, float* dst, long ldd)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + (2 * lds));
        var r3 = Avx.LoadVector256(src + (3 * lds));
        var r4 = Avx.LoadVector256(src + (4 * lds));
        var r5 = Avx.LoadVector256(src + (5 * lds));
        var r6 = Avx.LoadVector256(src + (6 * lds));
        var r7 = Avx.LoadVector256(src + (7 * lds));

        // Interleave pairs of rows, then pairs of pairs: s_k holds columns k and k + 4 of rows 0-3 (s0-s3) or 4-7 (s4-s7).
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);

        // Join the 128-bit halves: low halves give columns 0-3, high halves columns 4-7.
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + (2 * ldd), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + (3 * ldd), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + (4 * ldd), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + (5 * ldd), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + (6 * ldd), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + (7 * ldd), Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>How many storage rows ahead <see cref="PackTransposedA"/> prefetches.</summary>
    private const int TransposedAPrefetchRows = 16;

    /// <summary>Packs rows [i0, i0+mc) x columns [p0, p0+kc) of op(A) as consecutive tiles of mr rows: tile t at dest + t*kc*mr, element (r, p) at [p*mr + r].</summary>
    public static void PackA(in GemmProblem pr, int i0, int mc, int p0, int kc, float* dest, int mr)
    {
        long ars = pr.ARowStride, acs = pr.AColStride;
        if (ars == 1 && acs != 1 && (mr == 6 || mr == 12) && Sse.IsSupported)
        {
            PackTransposedA(pr, i0, mc, p0, kc, dest, mr);
            return;
        }

        for (int t = 0; t * mr < mc; t++)
        {
            int r0 = i0 + (t * mr);
            int rows = Math.Min(mr, mc - (t * mr));
            float* tile = dest + ((long)t * kc * mr);
            if (acs == 1)
            {
                for (int r = 0; r < rows; r++)
                {
                    float* src = pr.A + ((r0 + r) * ars) + p0;
                    for (int p = 0; p < kc; p++)
                    {
                        tile[(p * mr) + r] = src[p];
                    }
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = pr.A + (r0 * ars) + ((p0 + p) * acs);
                    float* d = tile + (p * mr);
                    for (int r = 0; r < rows; r++)
                    {
                        d[r] = src[r * ars];
                    }
                }
            }
        }
    }

    /// <summary>
    /// The transposed case (A stored [K, M], e.g. a weight gradient's dYᵀ): step p of every tile lies in one storage row,
    /// mc contiguous floats, and consecutive steps lie a whole row (often several KB, a new page) apart, beyond the reach of
    /// the hardware prefetchers. So the block is read row by row, each row's mc floats scattered to the tiles, with the
    /// row <see cref="TransposedAPrefetchRows"/> ahead requested meanwhile: on a Zen 2 core this packs a 1536 x 4096 A at
    /// 5 GB/s instead of 2.6 GB/s tile by tile.
    /// </summary>
    private static void PackTransposedA(in GemmProblem pr, int i0, int mc, int p0, int kc, float* dest, int mr)
    {
        long ld = pr.AColStride;
        int fullTiles = mc / mr;
        int rest = mc - (fullTiles * mr);
        float* restTile = dest + ((long)fullTiles * kc * mr);
        for (int p = 0; p < kc; p++)
        {
            float* src = pr.A + i0 + ((p0 + p) * ld);
            if (p0 + p + TransposedAPrefetchRows < pr.K)
            {
                byte* ahead = (byte*)(src + (TransposedAPrefetchRows * ld));
                for (int offset = 0; offset < mc * sizeof(float); offset += 64)
                {
                    Sse.Prefetch0(ahead + offset);
                }
            }

            float* d = dest + (p * mr);
            for (int t = 0; t < fullTiles; t++, src += mr, d += (long)kc * mr)
            {
                if (mr == 12)
                {
                    Vector256.Store(Vector256.Load(src), d);
                    Vector128.Store(Vector128.Load(src + 8), d + 8);
                }
                else
                {
                    Vector128.Store(Vector128.Load(src), d);
                    *(double*)(d + 4) = *(double*)(src + 4);
                }
            }

            for (int r = 0; r < rest; r++)
            {
                restTile[(p * mr) + r] = src[r];
            }
        }
    }
}
