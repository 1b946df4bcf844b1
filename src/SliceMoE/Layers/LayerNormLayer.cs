using System.Numerics;
using SliceMoE.Modules;
using SliceMoE.Tensors;

namespace SliceMoE.Layers;

/// <summary>A layer norm with learned gain ({prefix}weight, init 1) and bias ({prefix}bias, init 0) over the last dimension.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class LayerNormLayer<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly GrowableBuffer<T> _x = new();
    private readonly GrowableBuffer<T> _mean = new();
    private readonly GrowableBuffer<T> _rstd = new();
    private int _rows;

    /// <summary>Declares the parameters.</summary>
    public LayerNormLayer(ParameterStore<T> store, string prefix, int dim, double epsilon = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(store);
        Dim = dim;
        Epsilon = epsilon;
        Gain = store.Declare(prefix + "weight", [dim], ParameterInit.Constant(1), weightDecay: false);
        Shift = store.Declare(prefix + "bias", [dim], ParameterInit.Constant(0), weightDecay: false);
    }

    /// <summary>d.</summary>
    public int Dim { get; }

    /// <summary>ε added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>γ.</summary>
    public Parameter<T> Gain { get; }

    /// <summary>β.</summary>
    public Parameter<T> Shift { get; }

    /// <summary>y = LN(x) over <paramref name="rows"/> rows; saves x and the row statistics.</summary>
    public void Forward(ReadOnlySpan<T> x, Span<T> y, int rows)
    {
        _rows = rows;
        x[..(rows * Dim)].CopyTo(_x.Ensure(rows * Dim));
        Kernels.RowOps.LayerNorm.Forward<T>(_x.Span, Gain.Value.Span, Shift.Value.Span, y[..(rows * Dim)], _mean.Ensure(rows), _rstd.Ensure(rows), rows, Dim, Epsilon);
    }

    /// <summary>dx (+)= ∂L/∂x; dγ, dβ += their gradients.</summary>
    public void Backward(ReadOnlySpan<T> dy, Span<T> dx, bool accumulate) =>
        Kernels.RowOps.LayerNorm.Backward<T>(_x.Span, Gain.Value.Span, _mean.Span, _rstd.Span, dy[..(_rows * Dim)], dx[..(_rows * Dim)], Gain.Grad.Span, Shift.Grad.Span, _rows, Dim, accumulate);

    /// <inheritdoc />
    public void Dispose()
    {
        _x.Dispose();
        _mean.Dispose();
        _rstd.Dispose();
    }
}
