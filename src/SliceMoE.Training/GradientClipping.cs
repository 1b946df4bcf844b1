using System.Numerics;
using SliceMoE.Modules;

namespace SliceMoE.Training;

/// <summary>Global-norm gradient clipping over the trainable parameters.</summary>
public static class GradientClipping
{
    /// <summary>
    /// The L2 norm of every non-frozen gradient (summed in double, parameter by parameter, in declaration order, so the
    /// value is deterministic); when it exceeds <paramref name="maxNorm"/> (&gt; 0) the gradients are scaled to that norm.
    /// Returns the norm before clipping.
    /// </summary>
    public static double ClipByGlobalNorm<T>(ParameterStore<T> store, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(store);
        double sum = 0;
        foreach (var p in store.Parameters)
        {
            if (p.Frozen)
            {
                continue;
            }

            foreach (var g in p.Grad.Span)
            {
                double x = double.CreateTruncating(g);
                sum += x * x;
            }
        }

        double norm = Math.Sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm)
        {
            var scale = T.CreateTruncating(maxNorm / (norm + 1e-6));
            foreach (var p in store.Parameters.Where(p => !p.Frozen))
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply<T>(p.Grad.Span, scale, p.Grad.Span);
            }
        }

        return norm;
    }
}
