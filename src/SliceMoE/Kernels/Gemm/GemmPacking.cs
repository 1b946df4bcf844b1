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

        if (brs == 1 && Avx2.IsSupported && nr % 8 == 0 && (long)(cols - 1) * bcs < int.MaxValue / 4)
        {
            PackTransposedBPanelGather(pr.B + (j0 * bcs) + p0, bcs, cols, kc, dest, nr);
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
    /// The transposed case (B stored [N, K], e.g. a PyTorch weight): column j of the panel is row j of storage, so each
    /// packed row is a gather of one element from each of nr storage rows. Lanes past cols gather nothing and stay zero.
    /// </summary>
    private static void PackTransposedBPanelGather(float* src, long ld, int cols, int kc, float* dest, int nr)
    {
        for (int v = 0; v < nr; v += 8)
        {
            var lane = Vector256<int>.Indices + Vector256.Create(v);
            var mask = Vector256.LessThan(lane, Vector256.Create(cols)).AsSingle();
            var offsets = Vector256.Min(lane, Vector256.Create(Math.Max(cols - 1, 0))) * Vector256.Create((int)ld);
            for (int p = 0; p < kc; p++)
            {
                var g = Avx2.GatherMaskVector256(Vector256<float>.Zero, src + p, offsets, mask, 4);
                Vector256.Store(g, dest + (p * nr) + v);
            }
        }
    }

    /// <summary>Packs rows [i0, i0+mc) x columns [p0, p0+kc) of op(A) as consecutive tiles of mr rows: tile t at dest + t*kc*mr, element (r, p) at [p*mr + r].</summary>
    public static void PackA(in GemmProblem pr, int i0, int mc, int p0, int kc, float* dest, int mr)
    {
        long ars = pr.ARowStride, acs = pr.AColStride;
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
}
