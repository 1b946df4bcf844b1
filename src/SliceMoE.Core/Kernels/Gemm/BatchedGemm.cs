using System.Numerics;

namespace SliceMoE.Kernels.Gemm;

/// <summary>
/// Many independent multiplies of one shape whose operands sit at given offsets in three buffers: C_i (+)= op(A_i)·op(B_i).
/// Attention uses it with one problem per (sequence, head): the heads are column blocks of the projected rows, so
/// every operand is a strided view and nothing is copied. All problems share one pool of work items.
/// </summary>
public static unsafe class BatchedGemm
{
    /// <summary>For every i: C[cOffsets[i]..] (+)= op(A[aOffsets[i]..]) · op(B[bOffsets[i]..]), each an m x n result with the given leading dimensions.</summary>
    /// <exception cref="ArgumentException">When the offset arrays differ in length or an operand runs past its buffer.</exception>
    public static void Multiply<T>(
        ReadOnlySpan<T> a, int lda, bool transposeA, ReadOnlySpan<long> aOffsets,
        ReadOnlySpan<T> b, int ldb, bool transposeB, ReadOnlySpan<long> bOffsets,
        Span<T> c, int ldc, ReadOnlySpan<long> cOffsets, int m, int n, int k, bool accumulate = false, KernelFamily family = KernelFamily.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmChecks.Dimensions(m, n, k);
        int count = aOffsets.Length;
        if (bOffsets.Length != count || cOffsets.Length != count)
        {
            throw new ArgumentException($"Offset arrays differ in length: A {aOffsets.Length}, B {bOffsets.Length}, C {cOffsets.Length}.", nameof(bOffsets));
        }

        GemmChecks.NoOverlap<T>(c, a, "C", "A");
        GemmChecks.NoOverlap<T>(c, b, "C", "B");
        var problems = new GemmProblem[count];
        fixed (T* pa = a, pb = b, pc = c)
        {
            for (int i = 0; i < count; i++)
            {
                CheckOperand("A", a.Length, aOffsets[i], transposeA ? k : m, transposeA ? m : k, lda);
                CheckOperand("B", b.Length, bOffsets[i], transposeB ? n : k, transposeB ? k : n, ldb);
                CheckOperand("C", c.Length, cOffsets[i], m, n, ldc);
                problems[i] = new GemmProblem
                {
                    A = (float*)(pa + aOffsets[i]),
                    ARowStride = transposeA ? 1 : lda,
                    AColStride = transposeA ? lda : 1,
                    B = (float*)(pb + bOffsets[i]),
                    BRowStride = transposeB ? 1 : ldb,
                    BColStride = transposeB ? ldb : 1,
                    C = (float*)(pc + cOffsets[i]),
                    Ldc = ldc,
                    M = m,
                    N = n,
                    K = k,
                };
            }

            Gemm.Dispatch<T>(problems, accumulate, GemmEpilogueSpec.None, family);
        }
    }

    private static void CheckOperand(string name, int length, long offset, int rows, int cols, int ld)
    {
        if (offset < 0 || offset > length)
        {
            throw new ArgumentException($"{name}: offset {offset} is outside its buffer of {length} elements.", name);
        }

        GemmChecks.Operand(name, (int)Math.Min(int.MaxValue, length - offset), rows, cols, ld);
    }
}
