using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SliceMoE.Kernels.Simd;

namespace SliceMoE.Kernels.Activations;

/// <summary>Vectorised activation loops over float32 rows, shared by <see cref="Activations"/> and the GEMM epilogue.</summary>
internal static unsafe class ActivationSimd
{
    /// <summary>y[i] = f(x[i] + bias[i]) for i &lt; n; also pre[i] = x[i] + bias[i] when <paramref name="pre"/> is not null. Any pointer may equal another.</summary>
    public static void Forward(Activation kind, float* x, float* bias, float* pre, float* y, int n)
    {
        switch (kind)
        {
            case Activation.None: Forward<IdentityOp>(x, bias, pre, y, n); break;
            case Activation.Relu: Forward<ReluOp>(x, bias, pre, y, n); break;
            case Activation.GeluErf: Forward<GeluErfOp>(x, bias, pre, y, n); break;
            case Activation.GeluTanh: Forward<GeluTanhOp>(x, bias, pre, y, n); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");
        }
    }

    /// <summary>y[i] = f(v), derivative[i] = f'(v), v = x[i] + bias[i] (bias may be null), for i &lt; n. y may equal x.</summary>
    public static void ForwardWithDerivative(Activation kind, float* x, float* bias, float* derivative, float* y, int n)
    {
        switch (kind)
        {
            case Activation.None: ForwardWithDerivative<IdentityOp>(x, bias, derivative, y, n); break;
            case Activation.Relu: ForwardWithDerivative<ReluOp>(x, bias, derivative, y, n); break;
            case Activation.GeluErf: ForwardWithDerivative<GeluErfOp>(x, bias, derivative, y, n); break;
            case Activation.GeluTanh: ForwardWithDerivative<GeluTanhOp>(x, bias, derivative, y, n); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");
        }
    }

    /// <summary>dx[i] = (accumulate ? dx[i] : 0) + dy[i] f'(x[i]) for i &lt; n. dx may equal dy.</summary>
    public static void Backward(Activation kind, float* x, float* dy, float* dx, int n, bool accumulate)
    {
        switch (kind)
        {
            case Activation.None: Backward<IdentityOp>(x, dy, dx, n, accumulate); break;
            case Activation.Relu: Backward<ReluOp>(x, dy, dx, n, accumulate); break;
            case Activation.GeluErf: Backward<GeluErfOp>(x, dy, dx, n, accumulate); break;
            case Activation.GeluTanh: Backward<GeluTanhOp>(x, dy, dx, n, accumulate); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");
        }
    }

    /// <summary>c[i] *= d[i] for i &lt; n, and columnSums[i] += c[i] when <paramref name="columnSums"/> is not null.</summary>
    public static void Scale(float* c, float* d, float* columnSums, int n)
    {
        if (Simd512.IsSupported)
        {
            Scale<Simd512, Vector512<float>>(c, d, columnSums, n);
        }
        else if (Simd256.IsSupported)
        {
            Scale<Simd256, Vector256<float>>(c, d, columnSums, n);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                c[i] *= d[i];
                if (columnSums != null)
                {
                    columnSums[i] += c[i];
                }
            }
        }
    }

    /// <summary>c[i] = mask[i] &gt; 0 ? c[i] : 0 for i &lt; n (the ReLU's backward from its output), and columnSums[i] += c[i] when <paramref name="columnSums"/> is not null.</summary>
    public static void MaskByPositive(float* c, float* mask, float* columnSums, int n)
    {
        if (Simd512.IsSupported)
        {
            MaskByPositive<Simd512, Vector512<float>>(c, mask, columnSums, n);
        }
        else if (Simd256.IsSupported)
        {
            MaskByPositive<Simd256, Vector256<float>>(c, mask, columnSums, n);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                c[i] = mask[i] > 0 ? c[i] : 0;
                if (columnSums != null)
                {
                    columnSums[i] += c[i];
                }
            }
        }
    }

    private static void Forward<TAct>(float* x, float* bias, float* pre, float* y, int n) where TAct : struct, IActivationOp
    {
        if (Simd512.IsSupported)
        {
            Forward<Simd512, Vector512<float>, TAct>(x, bias, pre, y, n);
        }
        else if (Simd256.IsSupported)
        {
            Forward<Simd256, Vector256<float>, TAct>(x, bias, pre, y, n);
        }
        else
        {
            ForwardScalar(TActKind<TAct>(), x, bias, pre, y, n);
        }
    }

    private static void ForwardWithDerivative<TAct>(float* x, float* bias, float* derivative, float* y, int n) where TAct : struct, IActivationOp
    {
        if (Simd512.IsSupported)
        {
            ForwardWithDerivative<Simd512, Vector512<float>, TAct>(x, bias, derivative, y, n);
        }
        else if (Simd256.IsSupported)
        {
            ForwardWithDerivative<Simd256, Vector256<float>, TAct>(x, bias, derivative, y, n);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                float v = bias == null ? x[i] : x[i] + bias[i];
                derivative[i] = (float)ActivationReference.Derivative(TActKind<TAct>(), v);
                y[i] = (float)ActivationReference.Forward(TActKind<TAct>(), v);
            }
        }
    }

    private static void Backward<TAct>(float* x, float* dy, float* dx, int n, bool accumulate) where TAct : struct, IActivationOp
    {
        if (Simd512.IsSupported)
        {
            Backward<Simd512, Vector512<float>, TAct>(x, dy, dx, n, accumulate);
        }
        else if (Simd256.IsSupported)
        {
            Backward<Simd256, Vector256<float>, TAct>(x, dy, dx, n, accumulate);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                float g = (float)(dy[i] * ActivationReference.Derivative(TActKind<TAct>(), x[i]));
                dx[i] = accumulate ? dx[i] + g : g;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Forward<TS, TV, TAct>(float* x, float* bias, float* pre, float* y, int n)
        where TS : struct, ISimdF32<TV> where TV : struct where TAct : struct, IActivationOp
    {
        int w = TS.Count;
        int i = 0;

        // Four independent vectors per iteration: the activations are long dependency chains (polynomials, exp),
        // and interleaving them keeps the FMA units busy instead of waiting on latency.
        for (; i + (4 * w) <= n; i += 4 * w)
        {
            var v0 = TS.Load(x + i);
            var v1 = TS.Load(x + i + w);
            var v2 = TS.Load(x + i + (2 * w));
            var v3 = TS.Load(x + i + (3 * w));
            if (bias != null)
            {
                v0 = TS.Add(v0, TS.Load(bias + i));
                v1 = TS.Add(v1, TS.Load(bias + i + w));
                v2 = TS.Add(v2, TS.Load(bias + i + (2 * w)));
                v3 = TS.Add(v3, TS.Load(bias + i + (3 * w)));
            }

            if (pre != null)
            {
                TS.Store(pre + i, v0);
                TS.Store(pre + i + w, v1);
                TS.Store(pre + i + (2 * w), v2);
                TS.Store(pre + i + (3 * w), v3);
            }

            TS.Store(y + i, TAct.Forward<TS, TV>(v0));
            TS.Store(y + i + w, TAct.Forward<TS, TV>(v1));
            TS.Store(y + i + (2 * w), TAct.Forward<TS, TV>(v2));
            TS.Store(y + i + (3 * w), TAct.Forward<TS, TV>(v3));
        }

        for (; i < n; i += w)
        {
            int m = Math.Min(w, n - i);
            bool full = m == w;
            var v = full ? TS.Load(x + i) : TS.LoadFirst(x + i, m);
            if (bias != null)
            {
                v = TS.Add(v, full ? TS.Load(bias + i) : TS.LoadFirst(bias + i, m));
            }

            if (pre != null)
            {
                if (full)
                {
                    TS.Store(pre + i, v);
                }
                else
                {
                    TS.StoreFirst(pre + i, v, m);
                }
            }

            v = TAct.Forward<TS, TV>(v);
            if (full)
            {
                TS.Store(y + i, v);
            }
            else
            {
                TS.StoreFirst(y + i, v, m);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ForwardWithDerivative<TS, TV, TAct>(float* x, float* bias, float* derivative, float* y, int n)
        where TS : struct, ISimdF32<TV> where TV : struct where TAct : struct, IActivationOp
    {
        // Two independent vectors per iteration: enough to overlap the long chains without spilling the shared terms.
        // The derivative is read only by the backward, after everything else: stream it past the caches when it is aligned
        // (saves the read-for-ownership of every line, a third of this epilogue's memory traffic).
        int w = TS.Count;
        int i = 0;
        bool stream = ((nint)derivative & ((w * sizeof(float)) - 1)) == 0;
        for (; i + (2 * w) <= n; i += 2 * w)
        {
            var v0 = TS.Load(x + i);
            var v1 = TS.Load(x + i + w);
            if (bias != null)
            {
                v0 = TS.Add(v0, TS.Load(bias + i));
                v1 = TS.Add(v1, TS.Load(bias + i + w));
            }

            TS.Store(y + i, TAct.Forward<TS, TV>(v0, out var d0));
            TS.Store(y + i + w, TAct.Forward<TS, TV>(v1, out var d1));
            if (stream)
            {
                TS.StoreStreaming(derivative + i, d0);
                TS.StoreStreaming(derivative + i + w, d1);
            }
            else
            {
                TS.Store(derivative + i, d0);
                TS.Store(derivative + i + w, d1);
            }
        }

        for (; i < n; i += w)
        {
            int m = Math.Min(w, n - i);
            var v = TS.LoadFirst(x + i, m);
            if (bias != null)
            {
                v = TS.Add(v, TS.LoadFirst(bias + i, m));
            }

            TS.StoreFirst(y + i, TAct.Forward<TS, TV>(v, out var d), m);
            TS.StoreFirst(derivative + i, d, m);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Backward<TS, TV, TAct>(float* x, float* dy, float* dx, int n, bool accumulate)
        where TS : struct, ISimdF32<TV> where TV : struct where TAct : struct, IActivationOp
    {
        // One vector per iteration: the derivative keeps many vectors live, and interleaving chains spills registers (measured slower).
        int w = TS.Count;
        int i = 0;
        for (; i < n; i += w)
        {
            int m = Math.Min(w, n - i);
            bool full = m == w;
            var g = TS.Multiply(full ? TS.Load(dy + i) : TS.LoadFirst(dy + i, m), TAct.Derivative<TS, TV>(full ? TS.Load(x + i) : TS.LoadFirst(x + i, m)));
            if (accumulate)
            {
                g = TS.Add(g, full ? TS.Load(dx + i) : TS.LoadFirst(dx + i, m));
            }

            if (full)
            {
                TS.Store(dx + i, g);
            }
            else
            {
                TS.StoreFirst(dx + i, g, m);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale<TS, TV>(float* c, float* d, float* columnSums, int n)
        where TS : struct, ISimdF32<TV> where TV : struct
    {
        int w = TS.Count;
        int i = 0;
        for (; i + w <= n; i += w)
        {
            var g = TS.Multiply(TS.Load(c + i), TS.Load(d + i));
            TS.Store(c + i, g);
            if (columnSums != null)
            {
                TS.Store(columnSums + i, TS.Add(TS.Load(columnSums + i), g));
            }
        }

        if (i < n)
        {
            int m = n - i;
            var g = TS.Multiply(TS.LoadFirst(c + i, m), TS.LoadFirst(d + i, m));
            TS.StoreFirst(c + i, g, m);
            if (columnSums != null)
            {
                TS.StoreFirst(columnSums + i, TS.Add(TS.LoadFirst(columnSums + i, m), g), m);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaskByPositive<TS, TV>(float* c, float* mask, float* columnSums, int n)
        where TS : struct, ISimdF32<TV> where TV : struct
    {
        int w = TS.Count;
        int i = 0;
        for (; i + w <= n; i += w)
        {
            var g = TS.Select(TS.GreaterThan(TS.Load(mask + i), TS.Zero), TS.Load(c + i), TS.Zero);
            TS.Store(c + i, g);
            if (columnSums != null)
            {
                TS.Store(columnSums + i, TS.Add(TS.Load(columnSums + i), g));
            }
        }

        if (i < n)
        {
            int m = n - i;
            var g = TS.Select(TS.GreaterThan(TS.LoadFirst(mask + i, m), TS.Zero), TS.LoadFirst(c + i, m), TS.Zero);
            TS.StoreFirst(c + i, g, m);
            if (columnSums != null)
            {
                TS.StoreFirst(columnSums + i, TS.Add(TS.LoadFirst(columnSums + i, m), g), m);
            }
        }
    }

    private static void ForwardScalar(Activation kind, float* x, float* bias, float* pre, float* y, int n)
    {
        for (int i = 0; i < n; i++)
        {
            float v = bias == null ? x[i] : x[i] + bias[i];
            if (pre != null)
            {
                pre[i] = v;
            }

            y[i] = (float)ActivationReference.Forward(kind, v);
        }
    }

    private static Activation TActKind<TAct>() where TAct : struct, IActivationOp =>
        typeof(TAct) == typeof(ReluOp) ? Activation.Relu
        : typeof(TAct) == typeof(GeluErfOp) ? Activation.GeluErf
        : typeof(TAct) == typeof(GeluTanhOp) ? Activation.GeluTanh
        : Activation.None;
}
