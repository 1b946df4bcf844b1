using SliceMoE.Compute;
using SliceMoE.Tensors;

namespace SliceMoE.Kernels.Gemm;

/// <summary>
/// Splits the reduction of a GEMM whose C is too small to keep both threads busy (e.g. a router's weight gradient
/// dW [16, 256] = dYᵀ X over 32,768 rows: one work item, so one thread, for a long K): each K chunk is multiplied
/// into its own scratch C, all chunks as one parallel batch, then C (+)= chunk 0 + chunk 1 + ... in chunk order.
/// The split depends only on the shape, never on the thread count, so results stay bit-identical at any thread count.
/// </summary>
internal static unsafe class GemmSplitK
{
    /// <summary>A split is worth it below this many work items (C blocks): fewer would leave threads idle.</summary>
    private const int TargetItems = 16;

    /// <summary>Each chunk keeps at least this much of K, so that the extra pass over the chunk results stays small next to the multiply.</summary>
    private const int MinChunkK = 2048;

    /// <summary>How many K chunks to use for <paramref name="p"/> (1: no split).</summary>
    public static int Chunks(in GemmProblem p)
    {
        if (p.Flops < GemmDriver.ParallelFlopThreshold)
        {
            return 1;
        }

        long items = (long)((p.M + GemmDriver.McBlock - 1) / GemmDriver.McBlock) * ((p.N + GemmDriver.NcBlock - 1) / GemmDriver.NcBlock);
        long byK = p.K / MinChunkK;
        if (items >= TargetItems || byK < 2)
        {
            return 1;
        }

        return (int)Math.Min((TargetItems + items - 1) / items, byK);
    }

    /// <summary>Runs <paramref name="p"/> (no epilogue) as <paramref name="chunks"/> K chunks and reduces them into its C.</summary>
    public static void Run(in GemmProblem p, int chunks, bool accumulate, KernelFamily family)
    {
        // Chunk boundaries on KC-block multiples keep each chunk's inner loop on full blocks.
        int chunkK = (p.K + chunks - 1) / chunks;
        chunkK = (chunkK + GemmDriver.KcBlock - 1) / GemmDriver.KcBlock * GemmDriver.KcBlock;
        chunks = (p.K + chunkK - 1) / chunkK;
        long size = (long)p.M * p.N;
        using var scratch = ScratchPool.Rent<float>(chunks * size);
        var parts = new GemmProblem[chunks];
        for (int i = 0; i < chunks; i++)
        {
            int k0 = i * chunkK;
            parts[i] = p with
            {
                A = p.A + (k0 * p.AColStride),
                B = p.B + (k0 * p.BRowStride),
                C = scratch.Pointer + (i * size),
                Ldc = p.N,
                K = Math.Min(chunkK, p.K - k0),
                Bias = null,
                Aux = null,
                BiasGrad = null,
            };
        }

        GemmDriver.RunBatch(parts, accumulate: false, GemmEpilogueSpec.None, family);
        float* sums = scratch.Pointer;
        GemmProblem target = p;
        ComputeThreads.For(p.M, i =>
        {
            var c = new Span<float>(target.C + (i * target.Ldc), target.N);
            var first = new ReadOnlySpan<float>(sums + ((long)i * target.N), target.N);
            if (accumulate)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(c, first, c);
            }
            else
            {
                first.CopyTo(c);
            }

            for (int chunk = 1; chunk < chunks; chunk++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(c, new ReadOnlySpan<float>(sums + (chunk * size) + ((long)i * target.N), target.N), c);
            }
        });
    }
}
