using System.Numerics;
using SliceMoE.Compute;

namespace SliceMoE.Kernels.RowOps;

/// <summary>
/// Moving whole rows by index: the gather and scatter of MoE dispatch and of embedding lookups. Scatter-add is
/// deterministic: destinations are split over threads and each thread adds its sources in increasing order.
/// </summary>
public static class RowGather
{
    /// <summary>destination[i, :] = source[rowIndex[i], :] · (rowScale.IsEmpty ? 1 : rowScale[i]).</summary>
    /// <exception cref="ArgumentException">When an index is out of range or lengths do not match.</exception>
    public static unsafe void Gather<T>(ReadOnlySpan<T> source, int columns, ReadOnlySpan<int> rowIndex, Span<T> destination, ReadOnlySpan<T> rowScale = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int sourceRows = CheckSource(source.Length, columns);
        CheckIndex(rowIndex, sourceRows, nameof(rowIndex));
        ElementwiseChecks.RowShape(destination.Length, rowIndex.Length, columns, nameof(destination));
        if (!rowScale.IsEmpty)
        {
            ElementwiseChecks.SameLength(rowIndex.Length, rowScale.Length, nameof(rowScale));
        }

        fixed (T* ps = source, pd = destination, pscale = rowScale)
        fixed (int* pi = rowIndex)
        {
            T* s = ps, d = pd, sc = rowScale.IsEmpty ? null : pscale;
            int* idx = pi;
            RowParallel.For(rowIndex.Length, columns, (i0, i1) =>
            {
                for (int i = i0; i < i1; i++)
                {
                    var src = new ReadOnlySpan<T>(s + ((long)idx[i] * columns), columns);
                    var dst = new Span<T>(d + ((long)i * columns), columns);
                    if (sc == null)
                    {
                        src.CopyTo(dst);
                    }
                    else
                    {
                        System.Numerics.Tensors.TensorPrimitives.Multiply(src, sc[i], dst);
                    }
                }
            });
        }
    }

    /// <summary>destination[rowIndex[i], :] += source[i, :] · (rowScale.IsEmpty ? 1 : rowScale[i]), sources in increasing i for every destination.</summary>
    /// <exception cref="ArgumentException">When an index is out of range or lengths do not match.</exception>
    public static unsafe void ScatterAdd<T>(ReadOnlySpan<T> source, int columns, ReadOnlySpan<int> rowIndex, Span<T> destination, ReadOnlySpan<T> rowScale = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.RowShape(source.Length, rowIndex.Length, columns, nameof(source));
        int destinationRows = CheckSource(destination.Length, columns);
        CheckIndex(rowIndex, destinationRows, nameof(rowIndex));
        if (!rowScale.IsEmpty)
        {
            ElementwiseChecks.SameLength(rowIndex.Length, rowScale.Length, nameof(rowScale));
        }

        int n = rowIndex.Length;
        fixed (T* ps = source, pd = destination, pscale = rowScale)
        fixed (int* pi = rowIndex)
        {
            T* s = ps, d = pd, sc = rowScale.IsEmpty ? null : pscale;
            int* idx = pi;
            int blocks = (long)n * columns < 1 << 16 ? 1 : ComputeThreads.Count * 4;
            Action<int> body = b =>
            {
                int d0 = (int)((long)destinationRows * b / blocks), d1 = (int)((long)destinationRows * (b + 1) / blocks);
                for (int i = 0; i < n; i++)
                {
                    int r = idx[i];
                    if (r < d0 || r >= d1)
                    {
                        continue;
                    }

                    var src = new ReadOnlySpan<T>(s + ((long)i * columns), columns);
                    var dst = new Span<T>(d + ((long)r * columns), columns);
                    T scale = sc == null ? T.One : sc[i];
                    for (int j = 0; j < columns; j++)
                    {
                        dst[j] += src[j] * scale;
                    }
                }
            };
            if (blocks == 1)
            {
                body(0);
            }
            else
            {
                ComputeThreads.For(blocks, body);
            }
        }
    }

    /// <summary>result[r] = Σ_j a[r, j] b[r, j] (e.g. the gradient of a per-row gate).</summary>
    /// <exception cref="ArgumentException">When lengths do not match.</exception>
    public static void RowDot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, int rows, int columns, Span<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.RowShape(a.Length, rows, columns, nameof(a));
        ElementwiseChecks.RowShape(b.Length, rows, columns, nameof(b));
        ElementwiseChecks.SameLength(rows, result.Length, nameof(result));
        for (int r = 0; r < rows; r++)
        {
            result[r] = System.Numerics.Tensors.TensorPrimitives.Dot(a.Slice(r * columns, columns), b.Slice(r * columns, columns));
        }
    }

    private static int CheckSource(int length, int columns)
    {
        if (columns <= 0 || length % columns != 0)
        {
            throw new ArgumentException($"A row length of {columns} does not divide {length} elements.", nameof(columns));
        }

        return length / columns;
    }

    private static void CheckIndex(ReadOnlySpan<int> index, int rows, string name)
    {
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)rows)
            {
                throw new ArgumentException($"{name}[{i}] = {index[i]} is outside the {rows} rows available.", name);
            }
        }
    }
}
