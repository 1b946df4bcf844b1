using SliceMoE.Kernels.Activations;

namespace SliceMoE.Kernels.Gemm;

/// <summary>
/// Work fused into the end of a GEMM, applied to each block of C while it is still in cache.
/// <see cref="BiasActivation"/> and <see cref="BiasActivationSavingDerivative"/> are a linear layer's forward;
/// <see cref="ScaleByDerivative"/> and <see cref="ReluBackward"/> are the backward of the activation that followed it. In grouped GEMMs the bias holds
/// one row of N values per group.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public readonly ref struct GemmEpilogue<T>
{
    private GemmEpilogue(GemmEpilogueKind kind, Activation activation, ReadOnlySpan<T> bias, Span<T> aux, long biasGroupStride, Span<T> biasGradient = default)
    {
        BiasGradient = biasGradient;
        Kind = kind;
        Activation = activation;
        Bias = bias;
        Aux = aux;
        BiasGroupStride = biasGroupStride;
    }

    internal GemmEpilogueKind Kind { get; }

    internal Activation Activation { get; }

    internal ReadOnlySpan<T> Bias { get; }

    /// <summary>Laid out like C: the pre-activation (written by <see cref="BiasActivation"/>), or the activation's derivative (written by <see cref="BiasActivationSavingDerivative"/>, read by <see cref="ScaleByDerivative"/>).</summary>
    internal Span<T> Aux { get; }

    /// <summary>Gradient epilogue: receives (adds) the column sums of the finished C, i.e. the bias gradient of the layer whose activation it undoes.</summary>
    internal Span<T> BiasGradient { get; }

    /// <summary>Distance between consecutive groups' biases in grouped GEMMs (0: the width of C, i.e. packed rows).</summary>
    internal long BiasGroupStride { get; }

    /// <summary>
    /// C = f(C + bias). When <paramref name="preActivation"/> is not empty it receives C + bias (same layout as C),
    /// which is what the backward needs. <paramref name="bias"/> may be empty (no bias).
    /// </summary>
    /// <param name="bias">Bias values (grouped GEMMs: one row per group at <paramref name="biasGroupStride"/>).</param>
    /// <param name="activation">f.</param>
    /// <param name="preActivation">Receives C + bias when not empty.</param>
    /// <param name="biasGroupStride">Grouped GEMMs: distance between groups' biases (0: packed, i.e. the width of C).</param>
    public static GemmEpilogue<T> BiasActivation(ReadOnlySpan<T> bias, Activation activation, Span<T> preActivation = default, long biasGroupStride = 0) =>
        new(GemmEpilogueKind.BiasActivation, activation, bias, preActivation, biasGroupStride);

    /// <summary>
    /// C = f(C + bias), and <paramref name="derivative"/> (laid out like C) receives f'(C + bias): what the backward needs,
    /// in place of the pre-activation, so that it multiplies instead of evaluating f' (for GELU an erf and an exp per element)
    /// and the forward computes f and f' from shared terms while the block is in cache.
    /// </summary>
    /// <param name="bias">Bias values (grouped GEMMs: one row per group at <paramref name="biasGroupStride"/>); may be empty.</param>
    /// <param name="activation">f.</param>
    /// <param name="derivative">Receives f'(C + bias).</param>
    /// <param name="biasGroupStride">Grouped GEMMs: distance between groups' biases (0: the width of C).</param>
    public static GemmEpilogue<T> BiasActivationSavingDerivative(ReadOnlySpan<T> bias, Activation activation, Span<T> derivative, long biasGroupStride = 0) =>
        new(GemmEpilogueKind.BiasActivationDerivative, activation, bias, derivative, biasGroupStride);

    /// <summary>
    /// C = C ⊙ <paramref name="derivative"/> (laid out like C, as <see cref="BiasActivationSavingDerivative"/> saved it): the backward of
    /// an activation. When <paramref name="biasGradient"/> is not empty, the column sums of the result are added to it (grouped
    /// GEMMs: one row per group at <paramref name="biasGroupStride"/>), fused so that C is not read again: the bias gradient of
    /// the layer before the activation.
    /// </summary>
    public static GemmEpilogue<T> ScaleByDerivative(ReadOnlySpan<T> derivative, Span<T> biasGradient = default, long biasGroupStride = 0) =>
        new(GemmEpilogueKind.DerivativeScale, Activation.None, default, System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(derivative), derivative.Length), biasGroupStride, biasGradient);

    /// <summary>
    /// C = C where <paramref name="reluOutput"/> &gt; 0, else 0 (laid out like C: the output of the ReLU that followed the layer):
    /// the ReLU's backward read off its output, so the forward saves nothing beyond the activation it keeps anyway. As in
    /// <see cref="ScaleByDerivative"/>, the column sums of the result are added to <paramref name="biasGradient"/> when it is
    /// not empty.
    /// </summary>
    public static GemmEpilogue<T> ReluBackward(ReadOnlySpan<T> reluOutput, Span<T> biasGradient = default, long biasGroupStride = 0) =>
        new(GemmEpilogueKind.ReluMask, Activation.Relu, default, System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(reluOutput), reluOutput.Length), biasGroupStride, biasGradient);

    internal GemmEpilogueSpec Spec => new(Kind, Activation);
}
