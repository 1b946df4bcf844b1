using System.Numerics;
using SliceMoE.Diagnostics;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Layers;
using SliceMoE.Tensors;

namespace SliceMoE.Models;

/// <summary>
/// The output layer tied to the token embedding E [V, d]: logits = h Eᵀ, trained with token-level cross-entropy
/// (targets −100 ignored). The backward adds dE = dlogitsᵀ h to the embedding's gradient and returns dh = dlogits E.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
internal sealed class TiedOutput<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Embedding<T> _tokens;
    private readonly GrowableBuffer<T> _logits = new();
    private readonly GrowableBuffer<T> _dLogits = new();

    public TiedOutput(Embedding<T> tokens) => _tokens = tokens;

    /// <summary>When set, the logits GEMMs lap <see cref="ModelPhases.Output"/> and the cross-entropy <see cref="ModelPhases.Loss"/>.</summary>
    public PhaseTimer? Timer { get; set; }

    /// <summary>Logits of the last forward [rows, V].</summary>
    public ReadOnlySpan<T> Logits => _logits.Span;

    /// <summary>Loss over the rows' targets; fills dlogits (scaled) for <see cref="Backward"/>; counts argmax hits.</summary>
    public (double Loss, int Count, int Correct) Forward(ReadOnlySpan<T> states, ReadOnlySpan<int> targets, int rows, double labelSmoothing, double lossScale)
    {
        int v = _tokens.Count, d = _tokens.Dim;
        var logits = _logits.Ensure(rows * v);
        Gemm.Multiply<T>(states, d, false, _tokens.Weight.Value.Span, d, true, logits, v, rows, v, d);
        Timer?.Lap(ModelPhases.Output);
        var dLogits = _dLogits.Ensure(rows * v);
        var (loss, count) = CrossEntropy.ForwardBackward<T>(logits, targets, dLogits, rows, v, labelSmoothing, lossScale: lossScale);
        int correct = 0;
        for (int r = 0; r < rows; r++)
        {
            if (targets[r] >= 0 && ModelSupport.ArgMax<T>(logits.Slice(r * v, v)) == targets[r])
            {
                correct++;
            }
        }

        Timer?.Lap(ModelPhases.Loss);
        return (loss, count, correct);
    }

    /// <summary>Logits only (decoding).</summary>
    public ReadOnlySpan<T> LogitsOnly(ReadOnlySpan<T> states, int rows)
    {
        int v = _tokens.Count, d = _tokens.Dim;
        var logits = _logits.Ensure(rows * v);
        Gemm.Multiply<T>(states, d, false, _tokens.Weight.Value.Span, d, true, logits, v, rows, v, d);
        return logits;
    }

    /// <summary>dstates = dlogits E; dE += dlogitsᵀ states (unless the embedding is frozen).</summary>
    public void Backward(ReadOnlySpan<T> states, Span<T> dStates, int rows)
    {
        int v = _tokens.Count, d = _tokens.Dim;
        var dLogits = _dLogits.Span;
        Gemm.Multiply<T>(dLogits, v, false, _tokens.Weight.Value.Span, d, false, dStates, d, rows, d, v);
        if (!_tokens.Weight.Frozen)
        {
            Gemm.Multiply<T>(dLogits, v, true, states, d, false, _tokens.Weight.Grad.Span, d, v, d, rows, accumulate: true);
        }

        Timer?.Lap(ModelPhases.Output);
    }

    public void Dispose()
    {
        _logits.Dispose();
        _dLogits.Dispose();
    }
}
