using System.Numerics;
using SliceMoE.Kernels.Activations;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Modules;

namespace SliceMoE.Layers;

/// <summary>
/// G feed-forward networks FFN_g(x) = fc2(f(fc1(x))) (fc1: in → hidden, fc2: hidden → in, with biases) run as grouped
/// GEMMs over rows sorted by group: the experts of an MoE layer, or, with one group and no name prefix, a dense FFN.
/// Parameters are declared group by group in PyTorch state_dict order ({p}fc1.weight [H, in], {p}fc1.bias [H],
/// {p}fc2.weight [in, H], {p}fc2.bias [in]), so every group's tensors sit at one fixed stride in the store and a
/// grouped GEMM addresses them all without copies.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class FeedForwardBank<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterStore<T> _store;
    private readonly Parameter<T>[] _fc1W;
    private readonly Parameter<T>[] _fc1B;
    private readonly Parameter<T>[] _fc2W;
    private readonly Parameter<T>[] _fc2B;

    /// <summary>Declares <paramref name="prefixes"/>.Length FFNs (e.g. "experts.0.", "experts.1.", … or just "").</summary>
    public FeedForwardBank(ParameterStore<T> store, IReadOnlyList<string> prefixes, int width, int hidden, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(prefixes);
        _store = store;
        Groups = prefixes.Count;
        Width = width;
        Hidden = hidden;
        Activation = activation;
        _fc1W = new Parameter<T>[Groups];
        _fc1B = new Parameter<T>[Groups];
        _fc2W = new Parameter<T>[Groups];
        _fc2B = new Parameter<T>[Groups];
        for (int g = 0; g < Groups; g++)
        {
            string p = prefixes[g];
            _fc1W[g] = store.Declare(p + "fc1.weight", [hidden, width], ParameterInit.LinearDefault(width));
            _fc1B[g] = store.Declare(p + "fc1.bias", [hidden], ParameterInit.LinearDefault(width), weightDecay: false);
            _fc2W[g] = store.Declare(p + "fc2.weight", [width, hidden], ParameterInit.LinearDefault(hidden));
            _fc2B[g] = store.Declare(p + "fc2.bias", [width], ParameterInit.LinearDefault(hidden), weightDecay: false);
        }

        Stride = Groups > 1 ? _fc1W[1].Offset - _fc1W[0].Offset : 0;
        for (int g = 1; g < Groups; g++)
        {
            if (_fc1W[g].Offset - _fc1W[g - 1].Offset != Stride)
            {
                throw new InvalidOperationException("Expert parameters must be declared consecutively so they share one stride.");
            }
        }
    }

    /// <summary>G.</summary>
    public int Groups { get; }

    /// <summary>Input (and output) width.</summary>
    public int Width { get; }

    /// <summary>Hidden width.</summary>
    public int Hidden { get; }

    /// <summary>Nonlinearity.</summary>
    public Activation Activation { get; }

    /// <summary>Elements between one group's parameters and the next's.</summary>
    public long Stride { get; }

    /// <summary>Group g's fc1 weight [hidden, width].</summary>
    public ReadOnlySpan<T> Fc1Weight(int g) => _fc1W[g].Value.Span;

    /// <summary>Group g's fc1 bias [hidden].</summary>
    public ReadOnlySpan<T> Fc1Bias(int g) => _fc1B[g].Value.Span;

    /// <summary>Group g's fc2 weight [width, hidden].</summary>
    public ReadOnlySpan<T> Fc2Weight(int g) => _fc2W[g].Value.Span;

    /// <summary>Group g's fc2 bias [width].</summary>
    public ReadOnlySpan<T> Fc2Bias(int g) => _fc2B[g].Value.Span;

    /// <summary>
    /// y = FFN_g(x) for the rows of each group. Saves for the backward the hidden layer after the activation
    /// (<paramref name="hiddenAct"/>) and the activation's derivative at the hidden pre-activation
    /// (<paramref name="hiddenDerivative"/>): the backward then multiplies by it instead of evaluating f' again. With no
    /// backward to follow (<paramref name="hiddenDerivative"/> empty) nothing is saved: the hidden layer is kept a few rows
    /// at a time in cache (<see cref="GroupedGemm.FeedForwardRowGroups{T}"/>), the same bits at less memory traffic.
    /// </summary>
    /// <param name="x">Rows [A, width], grouped.</param>
    /// <param name="offsets">G + 1 row offsets.</param>
    /// <param name="hiddenDerivative">[A, hidden] out: f'(x W1ᵀ + b1); empty when no backward follows (not computed then).</param>
    /// <param name="hiddenAct">[A, hidden] out: f(x W1ᵀ + b1); unused (may be empty) when <paramref name="hiddenDerivative"/> is.</param>
    /// <param name="y">[A, width] out.</param>
    public void Forward(ReadOnlySpan<T> x, ReadOnlySpan<int> offsets, Span<T> hiddenDerivative, Span<T> hiddenAct, Span<T> y)
    {
        var values = _store.Values.Span;
        var fc1Bias = Slice(values, _fc1B);
        if (hiddenDerivative.IsEmpty)
        {
            GroupedGemm.FeedForwardRowGroups<T>(x, offsets, Slice(values, _fc1W), fc1Bias, Activation, Slice(values, _fc2W), Slice(values, _fc2B), Stride, y, Width, Hidden);
            return;
        }

        var fc1Epilogue = GemmEpilogue<T>.BiasActivationSavingDerivative(fc1Bias, Activation, hiddenDerivative, Stride);
        GroupedGemm.MultiplyRowGroups<T>(x, Width, Slice(values, _fc1W), Width, Stride, true, hiddenAct, Hidden, offsets, Hidden, Width, epilogue: fc1Epilogue);
        GroupedGemm.MultiplyRowGroups<T>(hiddenAct, Hidden, Slice(values, _fc2W), Hidden, Stride, true, y, Width, offsets, Width, Hidden,
            epilogue: GemmEpilogue<T>.BiasActivation(Slice(values, _fc2B), Activation.None, default, Stride));
    }

    /// <summary>
    /// From dy [A, width]: adds every parameter gradient and writes dx [A, width]. Consumes the forward's buffers:
    /// <paramref name="hiddenAct"/> is overwritten with the hidden gradient once the fc2 weight gradient has used it.
    /// </summary>
    public void Backward(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<int> offsets, ReadOnlySpan<T> hiddenDerivative, Span<T> hiddenAct, Span<T> dx)
    {
        var values = _store.Values.Span;
        var grads = _store.Gradients.Span;
        Bias.GroupedBackward<T>(dy, Width, offsets, Slice(grads, _fc2B), Stride, accumulate: true);
        GroupedGemm.MultiplyTransposedRowGroups<T>(dy, Width, hiddenAct, Hidden, Slice(grads, _fc2W), Hidden, Stride, offsets, Width, Hidden, accumulate: true);

        // The activation is dead now: reuse its buffer for the hidden gradient (saves A x hidden floats).
        var dHidden = hiddenAct;
        // The fc1 bias gradient (column sums of dHidden) is taken in the same epilogue, while each block is in cache.
        GroupedGemm.MultiplyRowGroups<T>(dy, Width, Slice(values, _fc2W), Hidden, Stride, false, dHidden, Hidden, offsets, Hidden, Width,
            epilogue: GemmEpilogue<T>.ScaleByDerivative(hiddenDerivative, Slice(grads, _fc1B), Stride));
        GroupedGemm.MultiplyTransposedRowGroups<T>(dHidden, Hidden, x, Width, Slice(grads, _fc1W), Width, Stride, offsets, Hidden, Width, accumulate: true);
        GroupedGemm.MultiplyRowGroups<T>(dHidden, Hidden, Slice(values, _fc1W), Width, Stride, false, dx, Width, offsets, Width, Hidden);
    }

    /// <summary>The span of a flat buffer from group 0's tensor to the end of group G−1's.</summary>
    private static Span<T> Slice(Span<T> flat, Parameter<T>[] perGroup) =>
        flat.Slice(checked((int)perGroup[0].Offset), checked((int)(perGroup[^1].Offset - perGroup[0].Offset + perGroup[^1].Length)));
}
