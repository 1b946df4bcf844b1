using System.Numerics;

namespace SliceMoE.Kernels.RowOps;

/// <summary>
/// The k largest entries of each row, in descending order. Ties go to the lower column index, NaN ranks below every
/// number, so the choice is a pure function of the values (the MoE routers depend on this for determinism).
/// </summary>
public static class TopK
{
    /// <summary>Writes, for each row, k column indices and their values (rows x k each).</summary>
    /// <exception cref="ArgumentException">When k is not in [0, columns] or the spans do not match the shape.</exception>
    public static void Rows<T>(ReadOnlySpan<T> x, int rows, int columns, int k, Span<int> indices, Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.RowShape(x.Length, rows, columns, nameof(x));
        if (k < 0 || k > columns)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [0, {columns}] for rows of {columns} values.");
        }

        ElementwiseChecks.RowShape(indices.Length, rows, k, nameof(indices));
        ElementwiseChecks.RowShape(values.Length, rows, k, nameof(values));
        for (int r = 0; r < rows; r++)
        {
            Row(x.Slice(r * columns, columns), indices.Slice(r * k, k), values.Slice(r * k, k));
        }
    }

    /// <summary>Top-k of one row by insertion into a sorted buffer: O(columns) for small k on typical data.</summary>
    public static void Row<T>(ReadOnlySpan<T> row, Span<int> indices, Span<T> values) where T : IFloatingPointIeee754<T>
    {
        int k = indices.Length;
        int filled = 0;
        for (int j = 0; j < row.Length && k > 0; j++)
        {
            T v = row[j];
            if (filled == k && !RanksAbove(v, values[k - 1]))
            {
                continue;
            }

            int pos = Math.Min(filled, k - 1);
            while (pos > 0 && RanksAbove(v, values[pos - 1]))
            {
                values[pos] = values[pos - 1];
                indices[pos] = indices[pos - 1];
                pos--;
            }

            values[pos] = v;
            indices[pos] = j;
            filled = Math.Min(filled + 1, k);
        }
    }

    /// <summary>Whether a ranks strictly above b in this order: a larger number, or a number against NaN.</summary>
    public static bool RanksAbove<T>(T a, T b) where T : IFloatingPointIeee754<T> =>
        a > b || (T.IsNaN(b) && !T.IsNaN(a));
}
