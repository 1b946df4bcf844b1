using SliceMoE.Compute;

namespace SliceMoE.Kernels.RowOps;

/// <summary>
/// Splits independent rows over the compute threads in fixed blocks. Every row is computed the same way whichever
/// thread runs it, so results do not depend on the thread count.
/// </summary>
internal static class RowParallel
{
    /// <summary>Below this many elements a call stays on the calling thread.</summary>
    private const long ParallelElementThreshold = 1 << 16;

    public static void For(int rows, int columns, Action<int, int> rowRange)
    {
        if ((long)rows * columns < ParallelElementThreshold || ComputeThreads.Count == 1)
        {
            rowRange(0, rows);
            return;
        }

        int blocks = Math.Min(rows, ComputeThreads.Count * 8);
        ComputeThreads.For(blocks, b =>
        {
            int r0 = (int)((long)rows * b / blocks);
            int r1 = (int)((long)rows * (b + 1) / blocks);
            rowRange(r0, r1);
        });
    }
}
