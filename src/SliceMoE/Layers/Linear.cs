using System.Numerics;
using SliceMoE.Kernels.Activations;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Modules;

namespace SliceMoE.Layers;

/// <summary>
/// y = f(x Wᵀ + b) with W [out, in] (PyTorch layout, names <c>{prefix}weight</c>, <c>{prefix}bias</c>), the bias and
/// activation fused into the GEMM's epilogue. The backward takes the gradient after the activation has been undone.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Linear<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Declares the parameters (PyTorch's default initialisation).</summary>
    public Linear(ParameterStore<T> store, string prefix, int inFeatures, int outFeatures, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(store);
        In = inFeatures;
        Out = outFeatures;
        Weight = store.Declare(prefix + "weight", [outFeatures, inFeatures], ParameterInit.LinearDefault(inFeatures));
        Bias = bias ? store.Declare(prefix + "bias", [outFeatures], ParameterInit.LinearDefault(inFeatures), weightDecay: false) : null;
    }

    /// <summary>Input features.</summary>
    public int In { get; }

    /// <summary>Output features.</summary>
    public int Out { get; }

    /// <summary>W [out, in].</summary>
    public Parameter<T> Weight { get; }

    /// <summary>b [out], or null.</summary>
    public Parameter<T>? Bias { get; }

    /// <summary>y[n, out] = f(x[n, in] Wᵀ + b); <paramref name="preActivation"/> (if not empty) receives x Wᵀ + b.</summary>
    public void Forward(ReadOnlySpan<T> x, Span<T> y, int rows, Activation activation = Activation.None, Span<T> preActivation = default) =>
        Gemm.Multiply<T>(x, In, false, Weight.Value.Span, In, true, y, Out, rows, Out, In,
            epilogue: GemmEpilogue<T>.BiasActivation(Bias is null ? default : Bias.Value.Span, activation, preActivation));

    /// <summary>dW += dyᵀ x; db += Σ dy; dx (+)= dy W (skipped when <paramref name="dx"/> is empty).</summary>
    public void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, int rows, bool accumulateDx)
    {
        BackwardParameters(x, dy, rows);
        if (!dx.IsEmpty)
        {
            BackwardInput(dy, dx, rows, accumulateDx);
        }
    }

    /// <summary>dW += dyᵀ x [out, in]; db += Σ dy [out] unless <paramref name="bias"/> is false (a caller that took it elsewhere, e.g. in an epilogue).</summary>
    public void BackwardParameters(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, int rows, bool bias = true)
    {
        Gemm.Multiply<T>(dy, Out, true, x, In, false, Weight.Grad.Span, In, Out, In, rows, accumulate: true);
        if (bias && Bias is not null)
        {
            Kernels.RowOps.Bias.Backward<T>(dy, Bias.Grad.Span, rows, Out, accumulate: true);
        }
    }

    /// <summary>dx [rows, in] (+)= dy W, then <paramref name="epilogue"/> on each finished block (e.g. the backward of the activation before this layer).</summary>
    public void BackwardInput(ReadOnlySpan<T> dy, Span<T> dx, int rows, bool accumulate, GemmEpilogue<T> epilogue = default) =>
        Gemm.Multiply<T>(dy, Out, false, Weight.Value.Span, In, false, dx, In, rows, In, Out, accumulate: accumulate, epilogue: epilogue);
}
