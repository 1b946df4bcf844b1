using System.Numerics;

namespace SliceMoE.Kernels.RowOps;

/// <summary>Row-wise log-softmax with temperature (reference loops for every type: it is not on a hot path).</summary>
public static class LogSoftmax
{
    /// <summary>y = x/τ − logsumexp(x/τ) per row. y may be x.</summary>
    /// <exception cref="ArgumentException">When the spans do not hold rows x columns values.</exception>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int columns, double temperature = 1.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.RowShape(x.Length, rows, columns, nameof(x));
        ElementwiseChecks.RowShape(y.Length, rows, columns, nameof(y));
        RowOpsReference.LogSoftmax(x, y, rows, columns, temperature);
    }

    /// <summary>dx (+)= (dy − softmax · Σ dy) / τ per row, from the forward's output y.</summary>
    /// <exception cref="ArgumentException">When the spans do not hold rows x columns values.</exception>
    public static void Backward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rows, int columns, double temperature = 1.0, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.RowShape(y.Length, rows, columns, nameof(y));
        ElementwiseChecks.RowShape(dy.Length, rows, columns, nameof(dy));
        ElementwiseChecks.RowShape(dx.Length, rows, columns, nameof(dx));
        RowOpsReference.LogSoftmaxBackward(y, dy, dx, rows, columns, temperature, accumulate);
    }
}
