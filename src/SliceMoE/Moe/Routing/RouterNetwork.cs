using System.Numerics;
using SliceMoE.Kernels.Activations;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Tensors;

namespace SliceMoE.Moe.Routing;

/// <summary>
/// The router MLP that every slice of every token shares: logits = fc2(ReLU(fc1(slice))) [+ Gaussian noise],
/// probabilities = softmax(logits / τ). Parameters: {prefix}router.fc1.weight [Hr, d/S], router.fc1.bias [Hr],
/// router.fc2.weight [E, Hr], router.fc2.bias [E]. Forward keeps the hidden layer, the logits and the probabilities
/// for the backward and for the auxiliary losses.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class RouterNetwork<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MoeConfig _config;
    private readonly GrowableBuffer<T> _hidden = new();
    private readonly GrowableBuffer<T> _logits = new();
    private readonly GrowableBuffer<T> _probabilities = new();
    private readonly GrowableBuffer<T> _dHidden = new();

    /// <summary>Declares fc1 and fc2 under {prefix}router.</summary>
    public RouterNetwork(ParameterStore<T> store, string prefix, MoeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        Fc1 = new Linear<T>(store, prefix + "router.fc1.", config.SliceDim, config.RouterHidden);
        Fc2 = new Linear<T>(store, prefix + "router.fc2.", config.RouterHidden, config.Experts);
    }

    /// <summary>fc1: d/S → Hr, followed by ReLU.</summary>
    public Linear<T> Fc1 { get; }

    /// <summary>fc2: Hr → E.</summary>
    public Linear<T> Fc2 { get; }

    /// <summary>The last forward's logits [R, E], noise included.</summary>
    public ReadOnlySpan<T> Logits => _logits.Span;

    /// <summary>The last forward's probabilities [R, E].</summary>
    public ReadOnlySpan<T> Probabilities => _probabilities.Span;

    /// <summary>Logits and probabilities of <paramref name="rows"/> slices [R, d/S].</summary>
    public void Forward(ReadOnlySpan<T> slices, int rows, MoeForwardContext context)
    {
        var c = _config;
        var hidden = _hidden.Ensure(rows * c.RouterHidden);
        var logits = _logits.Ensure(rows * c.Experts);
        Fc1.Forward(slices, hidden, rows, Activation.Relu);
        Fc2.Forward(hidden, logits, rows);
        AddNoise(logits, context);
        Softmax.Forward<T>(logits, _probabilities.Ensure(rows * c.Experts), rows, c.Experts, c.Temperature);
    }

    /// <summary>dLogits += the softmax's backward of dProbabilities [R, E].</summary>
    public void SoftmaxBackward(ReadOnlySpan<T> dProbabilities, Span<T> dLogits, int rows) =>
        Softmax.Backward<T>(_probabilities.Span, dProbabilities, dLogits, rows, _config.Experts, _config.Temperature, accumulate: true);

    /// <summary>Through fc2, ReLU and fc1: parameter gradients are added, and the slices' gradient is added to <paramref name="dSlices"/>.</summary>
    public void NetworkBackward(ReadOnlySpan<T> slices, ReadOnlySpan<T> dLogits, Span<T> dSlices, int rows)
    {
        var hidden = _hidden.Span;
        var dHidden = _dHidden.Ensure(rows * _config.RouterHidden);
        Fc2.BackwardParameters(hidden, dLogits, rows);

        // The ReLU's backward (dh = 0 where h = 0) and fc1's bias gradient (Σ dh) are taken in the epilogue of the GEMM
        // that makes dh, while each block is in cache, instead of two more passes over [R, Hr].
        Fc2.BackwardInput(dLogits, dHidden, rows, accumulate: false, GemmEpilogue<T>.ReluBackward(hidden, Fc1.Bias!.Grad.Span));
        Fc1.BackwardParameters(slices, dHidden, rows, bias: false);
        Fc1.BackwardInput(dHidden, dSlices, rows, accumulate: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _hidden.Dispose();
        _logits.Dispose();
        _probabilities.Dispose();
        _dHidden.Dispose();
    }

    /// <summary>The robustness study's noise: configured σ while training (or always), or the pass's own σ when it sets one.</summary>
    private void AddNoise(Span<T> logits, MoeForwardContext context)
    {
        double sigma = context.RouterNoiseStd ?? _config.RouterNoiseStd;
        bool apply = sigma > 0 && (context.RouterNoiseStd is not null || context.Training || _config.RouterNoiseMode == RouterNoiseMode.Always);
        if (!apply)
        {
            return;
        }

        var rng = context.Rng ?? throw new ArgumentException("Router noise is enabled: the forward context needs an Rng.", nameof(context));
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] += T.CreateTruncating(sigma * rng.NextGaussian());
        }
    }
}
