using System.Numerics;

namespace SliceMoE.Kernels.Activations;

/// <summary>Element-wise activations and their gradients: vectorised for <see cref="float"/>, reference loops otherwise.</summary>
public static unsafe class Activations
{
    /// <summary>y = f(x), element-wise. <paramref name="y"/> may be the same span as <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public static void Forward<T>(Activation kind, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.SameLength(x.Length, y.Length, nameof(y));
        if (typeof(T) != typeof(float))
        {
            ActivationReference.Forward(kind, x, y);
            return;
        }

        fixed (T* px = x, py = y)
        {
            ActivationSimd.Forward(kind, (float*)px, null, null, (float*)py, x.Length);
        }
    }

    /// <summary>dx (+)= dy ⊙ f'(x), element-wise, where x is the activation's input. <paramref name="dx"/> may be the same span as <paramref name="dy"/>.</summary>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public static void Backward<T>(Activation kind, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.SameLength(x.Length, dy.Length, nameof(dy));
        ElementwiseChecks.SameLength(x.Length, dx.Length, nameof(dx));
        if (typeof(T) != typeof(float))
        {
            ActivationReference.Backward(kind, x, dy, dx, accumulate);
            return;
        }

        fixed (T* px = x, pdy = dy, pdx = dx)
        {
            ActivationSimd.Backward(kind, (float*)px, (float*)pdy, (float*)pdx, x.Length, accumulate);
        }
    }
}
