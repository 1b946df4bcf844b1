using System.Numerics;
using SliceMoE.Kernels.Activations;
using SliceMoE.Modules;
using SliceMoE.Tensors;

namespace SliceMoE.Layers;

/// <summary>
/// The dense baseline FFN: y = fc2(f(fc1(x))), fc1: d → H, fc2: H → d, with biases. Parameters: fc1.weight [H, d],
/// fc1.bias [H], fc2.weight [d, H], fc2.bias [d] (under the given prefix). It runs on the same grouped-GEMM code as
/// the experts (one group), which is what makes "a 1-expert MoE equals the dense FFN" an exact test.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class DenseFfn<T> : IFeedForward<T>, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly FeedForwardBank<T> _bank;
    private readonly GrowableBuffer<T> _x = new();
    private readonly GrowableBuffer<T> _derivative = new();
    private readonly GrowableBuffer<T> _act = new();
    private readonly GrowableBuffer<T> _dx = new();
    private int _rows = -1;

    /// <summary>Declares the parameters.</summary>
    public DenseFfn(ParameterStore<T> store, int modelDim, int hidden, Activation activation = Activation.GeluErf, string prefix = "")
    {
        _bank = new FeedForwardBank<T>(store, [prefix], modelDim, hidden, activation);
    }

    /// <inheritdoc />
    public int ModelDim => _bank.Width;

    /// <summary>H.</summary>
    public int Hidden => _bank.Hidden;

    /// <inheritdoc />
    public double FlopsPerToken => 4.0 * _bank.Width * _bank.Hidden;

    /// <inheritdoc />
    public FeedForwardReport? Forward(Tensor<T> x, Tensor<T> y, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int n = x.Rank == 2 && x.Dim(1) == ModelDim ? x.Dim(0) : throw new ArgumentException($"x must have shape [N, {ModelDim}] but has {x.ShapeText}.", nameof(x));
        y.RequireShape(nameof(y), n, ModelDim);
        ArgumentNullException.ThrowIfNull(context);

        // The backward reads the input and f'; without gradients neither is kept.
        bool saves = context.GradEnabled;
        ReadOnlySpan<T> input = x.Span;
        if (saves)
        {
            x.Span.CopyTo(_x.Ensure(n * ModelDim));
            input = _x.Span;
        }

        _rows = saves ? n : -1;
        _bank.Forward(input, [0, n], saves ? _derivative.Ensure(n * Hidden) : [], saves ? _act.Ensure(n * Hidden) : [], y.Span);
        return null;
    }

    /// <inheritdoc />
    public void Backward(Tensor<T> dy, Tensor<T> dx, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(dy);
        ArgumentNullException.ThrowIfNull(dx);
        if (_rows < 0)
        {
            throw new InvalidOperationException("Backward needs a forward pass with GradEnabled first (and runs once per forward).");
        }

        int n = _rows;
        _rows = -1;
        dy.RequireShape(nameof(dy), n, ModelDim);
        dx.RequireShape(nameof(dx), n, ModelDim);
        var target = accumulate ? _dx.Ensure(n * ModelDim) : dx.Span;
        _bank.Backward(dy.Span, _x.Span, [0, n], _derivative.Span, _act.Span, target);
        if (accumulate)
        {
            System.Numerics.Tensors.TensorPrimitives.Add<T>(dx.Span, target, dx.Span);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _x.Dispose();
        _derivative.Dispose();
        _act.Dispose();
        _dx.Dispose();
    }
}
