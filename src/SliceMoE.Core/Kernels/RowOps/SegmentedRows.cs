using System.Numerics;
using System.Numerics.Tensors;

namespace SliceMoE.Kernels.RowOps;

/// <summary>
/// Row moves between R source rows and a table of assignment rows, where source row r owns the segment of entries
/// [segmentStart[r], segmentStart[r+1]) and entry i names its assignment row index[i] (−1: the entry is not computed).
/// These are MoE dispatch and combine: a (token, slice) row owns its k candidate assignments in rank order, and the
/// assignment rows are sorted by expert. Every op is parallel over source rows and each source row is computed in entry
/// order whichever thread runs it, so results are bit-identical at any thread count. Plain versions are in
/// <see cref="RowOpsReference"/>.
/// </summary>
public static class SegmentedRows
{
    /// <summary>
    /// Dispatch: assignments[index[i], :] = scale[i] · source[r, :] for every entry i ≥ 0 of segment r
    /// (scale empty: a plain copy). Assignment rows that no entry names are left as they are.
    /// </summary>
    /// <param name="source">[R, columns].</param>
    /// <param name="columns">Row width.</param>
    /// <param name="segmentStart">[R + 1]: segment r is entries [segmentStart[r], segmentStart[r+1]).</param>
    /// <param name="index">[segmentStart[R]]: assignment row of each entry, or −1.</param>
    /// <param name="scale">[segmentStart[R]] per-entry factors, or empty for 1.</param>
    /// <param name="assignments">[A, columns].</param>
    /// <exception cref="ArgumentException">When a length does not match or an index is out of range.</exception>
    public static unsafe void Scatter<T>(ReadOnlySpan<T> source, int columns, ReadOnlySpan<int> segmentStart, ReadOnlySpan<int> index, ReadOnlySpan<T> scale, Span<T> assignments)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = CheckSegments(source.Length, columns, segmentStart, index, assignments.Length, nameof(assignments));
        if (!scale.IsEmpty)
        {
            ElementwiseChecks.SameLength(index.Length, scale.Length, nameof(scale));
        }

        fixed (T* ps = source, pa = assignments, pscale = scale)
        fixed (int* pstart = segmentStart, pidx = index)
        {
            T* s = ps, a = pa, sc = scale.IsEmpty ? null : pscale;
            int* start = pstart, idx = pidx;
            RowParallel.For(rows, 2 * columns, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    var src = new ReadOnlySpan<T>(s + ((long)r * columns), columns);
                    for (int i = start[r]; i < start[r + 1]; i++)
                    {
                        int p = idx[i];
                        if (p < 0)
                        {
                            continue;
                        }

                        var dst = new Span<T>(a + ((long)p * columns), columns);
                        if (sc == null)
                        {
                            src.CopyTo(dst);
                        }
                        else
                        {
                            TensorPrimitives.Multiply(src, sc[i], dst);
                        }
                    }
                }
            });
        }
    }

    /// <summary>
    /// Backward of <see cref="Scatter{T}"/> with a scale: dScale[i] = ⟨dAssignments[index[i], :], source[r, :]⟩ (0 for an
    /// entry of −1) and dSource[r, :] = Σ_i scale[i] · dAssignments[index[i], :], summed in entry order.
    /// </summary>
    /// <param name="source">[R, columns]: the forward's source rows.</param>
    /// <param name="dAssignments">[A, columns]: the gradient of the assignment rows.</param>
    /// <param name="columns">Row width.</param>
    /// <param name="segmentStart">[R + 1].</param>
    /// <param name="index">[segmentStart[R]].</param>
    /// <param name="scale">[segmentStart[R]]: the forward's factors.</param>
    /// <param name="dScale">[segmentStart[R]]: written.</param>
    /// <param name="dSource">[R, columns]: written.</param>
    /// <exception cref="ArgumentException">When a length does not match or an index is out of range.</exception>
    public static unsafe void ScatterBackward<T>(ReadOnlySpan<T> source, ReadOnlySpan<T> dAssignments, int columns, ReadOnlySpan<int> segmentStart, ReadOnlySpan<int> index, ReadOnlySpan<T> scale, Span<T> dScale, Span<T> dSource)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = CheckSegments(source.Length, columns, segmentStart, index, dAssignments.Length, nameof(dAssignments));
        ElementwiseChecks.SameLength(index.Length, scale.Length, nameof(scale));
        ElementwiseChecks.SameLength(index.Length, dScale.Length, nameof(dScale));
        ElementwiseChecks.SameLength(source.Length, dSource.Length, nameof(dSource));
        fixed (T* px = source, pda = dAssignments, pscale = scale, pdscale = dScale, pdx = dSource)
        fixed (int* pstart = segmentStart, pidx = index)
        {
            T* x = px, da = pda, sc = pscale, dsc = pdscale, dx = pdx;
            int* start = pstart, idx = pidx;
            RowParallel.For(rows, 4 * columns, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    var xr = new ReadOnlySpan<T>(x + ((long)r * columns), columns);
                    var o = new Span<T>(dx + ((long)r * columns), columns);
                    o.Clear();
                    for (int i = start[r]; i < start[r + 1]; i++)
                    {
                        int p = idx[i];
                        if (p < 0)
                        {
                            dsc[i] = T.Zero;
                            continue;
                        }

                        var dIn = new ReadOnlySpan<T>(da + ((long)p * columns), columns);
                        dsc[i] = TensorPrimitives.Dot<T>(dIn, xr);
                        TensorPrimitives.MultiplyAdd<T>(dIn, sc[i], o, o);
                    }
                }
            });
        }
    }

    /// <summary>
    /// Combine: destination[r, :] = Σ_i assignments[index[i], :] over the entries i ≥ 0 of segment r, in entry order
    /// (zeros for a segment with none). Its backward is <see cref="Scatter{T}"/> without a scale.
    /// </summary>
    /// <param name="assignments">[A, columns].</param>
    /// <param name="columns">Row width.</param>
    /// <param name="segmentStart">[R + 1].</param>
    /// <param name="index">[segmentStart[R]].</param>
    /// <param name="destination">[R, columns]: written.</param>
    /// <exception cref="ArgumentException">When a length does not match or an index is out of range.</exception>
    public static unsafe void GatherSum<T>(ReadOnlySpan<T> assignments, int columns, ReadOnlySpan<int> segmentStart, ReadOnlySpan<int> index, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = CheckSegments(destination.Length, columns, segmentStart, index, assignments.Length, nameof(assignments));
        fixed (T* pa = assignments, pd = destination)
        fixed (int* pstart = segmentStart, pidx = index)
        {
            T* a = pa, d = pd;
            int* start = pstart, idx = pidx;
            RowParallel.For(rows, 2 * columns, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    var row = new Span<T>(d + ((long)r * columns), columns);
                    row.Clear();
                    for (int i = start[r]; i < start[r + 1]; i++)
                    {
                        int p = idx[i];
                        if (p >= 0)
                        {
                            TensorPrimitives.Add<T>(row, new ReadOnlySpan<T>(a + ((long)p * columns), columns), row);
                        }
                    }
                }
            });
        }
    }

    /// <summary>Checks the shapes and every index; returns R.</summary>
    internal static int CheckSegments(int rowsLength, int columns, ReadOnlySpan<int> segmentStart, ReadOnlySpan<int> index, int assignmentsLength, string assignmentsName)
    {
        if (columns <= 0 || segmentStart.IsEmpty)
        {
            throw new ArgumentException($"Segmented rows need a positive row width (got {columns}) and R + 1 segment starts (got {segmentStart.Length}).", nameof(segmentStart));
        }

        int rows = segmentStart.Length - 1;
        ElementwiseChecks.RowShape(rowsLength, rows, columns, "source");
        if (segmentStart[0] != 0 || segmentStart[rows] != index.Length)
        {
            throw new ArgumentException($"Segments must cover the {index.Length} entries from 0 (they start at {segmentStart[0]} and end at {segmentStart[rows]}).", nameof(segmentStart));
        }

        for (int r = 0; r < rows; r++)
        {
            if (segmentStart[r + 1] < segmentStart[r])
            {
                throw new ArgumentException($"Segment {r} ends ({segmentStart[r + 1]}) before it starts ({segmentStart[r]}).", nameof(segmentStart));
            }
        }

        if (assignmentsLength % columns != 0)
        {
            throw new ArgumentException($"A row length of {columns} does not divide {assignmentsLength} elements.", assignmentsName);
        }

        int assignmentRows = assignmentsLength / columns;
        for (int i = 0; i < index.Length; i++)
        {
            if (index[i] < -1 || index[i] >= assignmentRows)
            {
                throw new ArgumentException($"index[{i}] = {index[i]} is outside [-1, {assignmentRows}).", nameof(index));
            }
        }

        return rows;
    }
}
