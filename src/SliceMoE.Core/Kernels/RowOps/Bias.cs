using System.Numerics;
using SliceMoE.Compute;

namespace SliceMoE.Kernels.RowOps;

/// <summary>Adding a bias row to every row, and its backward (column sums).</summary>
public static unsafe class Bias
{
    /// <summary>y[r, :] = x[r, :] + bias. y may be x.</summary>
    /// <exception cref="ArgumentException">When lengths do not match the shape.</exception>
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> bias, Span<T> y, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.RowShape(x.Length, rows, columns, nameof(x));
        ElementwiseChecks.RowShape(y.Length, rows, columns, nameof(y));
        ElementwiseChecks.SameLength(columns, bias.Length, nameof(bias));
        for (int r = 0; r < rows; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(x.Slice(r * columns, columns), bias, y.Slice(r * columns, columns));
        }
    }

    /// <summary>dbias (+)= Σ_r dy[r, :]. Columns are split over threads; each column sums its rows in order, so the result does not depend on the thread count.</summary>
    /// <exception cref="ArgumentException">When lengths do not match the shape.</exception>
    public static void Backward<T>(ReadOnlySpan<T> dy, Span<T> dbias, int rows, int columns, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.RowShape(dy.Length, rows, columns, nameof(dy));
        ElementwiseChecks.SameLength(columns, dbias.Length, nameof(dbias));
        if (typeof(T) != typeof(float))
        {
            RowOpsReference.ColumnSums(dy, dbias, rows, columns, accumulate);
            return;
        }

        fixed (T* pdy = dy, pdb = dbias)
        {
            float* d = (float*)pdy, db = (float*)pdb;
            ColumnSums(d, columns, rows, columns, db, accumulate);
        }
    }

    /// <summary>
    /// Per-group column sums: for every group g with rows [o_g, o_{g+1}), dbias[g·stride + j] (+)= Σ_r dy[r, j] — the bias
    /// gradient of a grouped (expert) layer whose biases sit <paramref name="biasGroupStride"/> apart.
    /// </summary>
    /// <exception cref="ArgumentException">When lengths do not match.</exception>
    public static void GroupedBackward<T>(ReadOnlySpan<T> dy, int columns, ReadOnlySpan<int> offsets, Span<T> dbias, long biasGroupStride, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int groups = offsets.Length - 1;
        if (groups < 0)
        {
            throw new ArgumentException("Group offsets need at least one entry.", nameof(offsets));
        }

        ElementwiseChecks.AtLeast((long)offsets[groups] * columns, dy.Length, nameof(dy), $"{offsets[groups]} rows of {columns}");
        if (groups > 0)
        {
            ElementwiseChecks.AtLeast(((groups - 1) * biasGroupStride) + columns, dbias.Length, nameof(dbias), $"{groups} biases at stride {biasGroupStride}");
        }

        for (int g = 0; g < groups; g++)
        {
            int r0 = offsets[g], rows = offsets[g + 1] - r0;
            Backward(dy.Slice(r0 * columns, rows * columns), dbias.Slice(checked((int)(g * biasGroupStride)), columns), rows, columns, accumulate);
        }
    }

    /// <summary>out[j] (+)= Σ_{r &lt; rows} src[r*ld + j] for j &lt; columns.</summary>
    internal static void ColumnSums(float* src, long ld, int rows, int columns, float* output, bool accumulate)
    {
        // Column blocks of up to 512 are summed row by row (long contiguous adds, in row order, so the result does not
        // depend on how blocks are spread over threads).
        const int Block = 512;
        int blocks = (columns + Block - 1) / Block;
        Action<int> body = blk =>
        {
            int c0 = blk * Block, width = Math.Min(Block, columns - c0);
            Span<float> acc = stackalloc float[Block];
            var a = acc[..width];
            a.Clear();
            for (int r = 0; r < rows; r++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(a, new ReadOnlySpan<float>(src + (r * ld) + c0, width), a);
            }

            var o = new Span<float>(output + c0, width);
            if (accumulate)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(o, a, o);
            }
            else
            {
                a.CopyTo(o);
            }
        };
        if ((long)rows * columns < 1 << 16 || blocks == 1)
        {
            for (int b = 0; b < blocks; b++)
            {
                body(b);
            }
        }
        else
        {
            ComputeThreads.For(blocks, body);
        }
    }
}
