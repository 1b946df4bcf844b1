using System.Numerics;
using SliceMoE.Compute;
using SliceMoE.Modules;
using SliceMoE.Tensors;

namespace SliceMoE.Training;

/// <summary>AdamW hyper-parameters (the paper: β = (0.9, 0.98), learning rate 2e-4).</summary>
/// <param name="Beta1">First-moment decay.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="Epsilon">Denominator term.</param>
/// <param name="WeightDecay">Decoupled weight decay, applied to parameters flagged for it (weights, not biases or norms).</param>
public sealed record AdamWOptions(double Beta1 = 0.9, double Beta2 = 0.98, double Epsilon = 1e-8, double WeightDecay = 0.01);

/// <summary>
/// AdamW (Loshchilov &amp; Hutter) over a whole <see cref="ParameterStore{T}"/>: moments live in two flat buffers laid out
/// like the parameters, so a step is one pass per parameter; frozen parameters are skipped. Element-wise, so the
/// result does not depend on how the pass is split over threads.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class AdamW<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterStore<T> _store;

    /// <summary>Creates the optimiser with zero moments.</summary>
    public AdamW(ParameterStore<T> store, AdamWOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        Options = options;
        FirstMoment = new Tensor<T>(checked((int)store.Length));
        SecondMoment = new Tensor<T>(checked((int)store.Length));
    }

    /// <summary>Hyper-parameters.</summary>
    public AdamWOptions Options { get; }

    /// <summary>Steps taken (bias correction uses it).</summary>
    public long StepCount { get; set; }

    /// <summary>m, flat like the parameters.</summary>
    public Tensor<T> FirstMoment { get; }

    /// <summary>v, flat like the parameters.</summary>
    public Tensor<T> SecondMoment { get; }

    /// <summary>One update with learning rate <paramref name="learningRate"/>, from the gradients in the store.</summary>
    public void Step(double learningRate)
    {
        StepCount++;
        double b1 = Options.Beta1, b2 = Options.Beta2;
        double c1 = 1 - Math.Pow(b1, StepCount), c2 = 1 - Math.Pow(b2, StepCount);
        var parameters = _store.Parameters.Where(p => !p.Frozen).ToArray();
        ComputeThreads.For(parameters.Length, i =>
        {
            var p = parameters[i];
            var w = p.Value.Span;
            var g = p.Grad.Span;
            var m = FirstMoment.Span.Slice((int)p.Offset, (int)p.Length);
            var v = SecondMoment.Span.Slice((int)p.Offset, (int)p.Length);
            double decay = p.WeightDecay ? Options.WeightDecay : 0;
            for (int j = 0; j < w.Length; j++)
            {
                double gj = double.CreateTruncating(g[j]);
                double mj = (b1 * double.CreateTruncating(m[j])) + ((1 - b1) * gj);
                double vj = (b2 * double.CreateTruncating(v[j])) + ((1 - b2) * gj * gj);
                m[j] = T.CreateTruncating(mj);
                v[j] = T.CreateTruncating(vj);
                double wj = double.CreateTruncating(w[j]);
                wj -= learningRate * ((mj / c1 / (Math.Sqrt(vj / c2) + Options.Epsilon)) + (decay * wj));
                w[j] = T.CreateTruncating(wj);
            }
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        FirstMoment.Dispose();
        SecondMoment.Dispose();
    }
}
