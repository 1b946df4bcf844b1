using System.Numerics;
using System.Runtime.Intrinsics;
using SliceMoE.Kernels.Simd;

namespace SliceMoE.Kernels.RowOps;

/// <summary>
/// Row-wise softmax with temperature: y[r, :] = softmax(x[r, :] / τ), computed stably (the row maximum is
/// subtracted before exponentiating). Vectorised for float; double-precision reference loops otherwise.
/// </summary>
public static unsafe class Softmax
{
    /// <summary>y = softmax(x / temperature) over each row of <paramref name="columns"/> values. y may be x.</summary>
    /// <exception cref="ArgumentException">When the spans do not hold rows x columns values or the temperature is not positive.</exception>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int columns, double temperature = 1.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.RowShape(x.Length, rows, columns, nameof(x));
        ElementwiseChecks.RowShape(y.Length, rows, columns, nameof(y));
        CheckTemperature(temperature);
        if (typeof(T) != typeof(float))
        {
            RowOpsReference.Softmax(x, y, rows, columns, temperature);
            return;
        }

        fixed (T* px = x, py = y)
        {
            float* xs = (float*)px, ys = (float*)py;
            float invT = (float)(1.0 / temperature);
            RowParallel.For(rows, columns, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    SoftmaxRow(xs + ((long)r * columns), ys + ((long)r * columns), columns, invT);
                }
            });
        }
    }

    /// <summary>dx (+)= (y ⊙ (dy − Σ dy⊙y)) / τ per row, from the forward's output y.</summary>
    /// <exception cref="ArgumentException">When the spans do not hold rows x columns values.</exception>
    public static void Backward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rows, int columns, double temperature = 1.0, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementwiseChecks.RowShape(y.Length, rows, columns, nameof(y));
        ElementwiseChecks.RowShape(dy.Length, rows, columns, nameof(dy));
        ElementwiseChecks.RowShape(dx.Length, rows, columns, nameof(dx));
        CheckTemperature(temperature);
        if (typeof(T) != typeof(float))
        {
            RowOpsReference.SoftmaxBackward(y, dy, dx, rows, columns, temperature, accumulate);
            return;
        }

        fixed (T* py = y, pdy = dy, pdx = dx)
        {
            float* ys = (float*)py, dys = (float*)pdy, dxs = (float*)pdx;
            float invT = (float)(1.0 / temperature);
            RowParallel.For(rows, columns, (r0, r1) =>
            {
                var tmp = new float[columns];
                for (int r = r0; r < r1; r++)
                {
                    var yr = new ReadOnlySpan<float>(ys + ((long)r * columns), columns);
                    var dyr = new ReadOnlySpan<float>(dys + ((long)r * columns), columns);
                    var dxr = new Span<float>(dxs + ((long)r * columns), columns);
                    float dot = System.Numerics.Tensors.TensorPrimitives.Dot(dyr, yr);

                    // dx = y (dy − dot) / τ, computed into a temporary so dx may alias dy.
                    System.Numerics.Tensors.TensorPrimitives.Subtract(dyr, dot, tmp);
                    System.Numerics.Tensors.TensorPrimitives.Multiply(tmp, yr, tmp);
                    System.Numerics.Tensors.TensorPrimitives.Multiply(tmp, invT, tmp);
                    if (accumulate)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Add(dxr, tmp, dxr);
                    }
                    else
                    {
                        tmp.CopyTo(dxr);
                    }
                }
            });
        }
    }

    /// <summary>The vectorised row kernel (also used by the MoE router).</summary>
    internal static void SoftmaxRow(float* x, float* y, int n, float inverseTemperature)
    {
        if (Simd512.IsSupported)
        {
            SoftmaxRow<Simd512, Vector512<float>>(x, y, n, inverseTemperature);
        }
        else if (Simd256.IsSupported)
        {
            SoftmaxRow<Simd256, Vector256<float>>(x, y, n, inverseTemperature);
        }
        else
        {
            RowOpsReference.SoftmaxRow(new ReadOnlySpan<float>(x, n), new Span<float>(y, n), 1.0 / inverseTemperature);
        }
    }

    private static void SoftmaxRow<TS, TV>(float* x, float* y, int n, float inverseTemperature)
        where TS : struct, ISimdF32<TV> where TV : struct
    {
        if (n == 0)
        {
            return;
        }

        int w = TS.Count;
        var scale = TS.Broadcast(inverseTemperature);
        var max = TS.Broadcast(float.NegativeInfinity);
        for (int i = 0; i < n; i += w)
        {
            int m = Math.Min(w, n - i);
            var v = m == w ? TS.Load(x + i) : TS.Select(TS.FirstMask(m), TS.LoadFirst(x + i, m), TS.Broadcast(float.NegativeInfinity));
            max = TS.Max(max, v);
        }

        var shift = TS.Broadcast(TS.MaxAcross(max) * inverseTemperature);
        var sum = TS.Zero;
        for (int i = 0; i < n; i += w)
        {
            int m = Math.Min(w, n - i);
            var e = SimdMath.Exp<TS, TV>(TS.Subtract(TS.Multiply(m == w ? TS.Load(x + i) : TS.LoadFirst(x + i, m), scale), shift));
            if (m == w)
            {
                TS.Store(y + i, e);
            }
            else
            {
                e = TS.Select(TS.FirstMask(m), e, TS.Zero);
                TS.StoreFirst(y + i, e, m);
            }

            sum = TS.Add(sum, e);
        }

        var inv = TS.Broadcast(1f / TS.Sum(sum));
        for (int i = 0; i < n; i += w)
        {
            int m = Math.Min(w, n - i);
            if (m == w)
            {
                TS.Store(y + i, TS.Multiply(TS.Load(y + i), inv));
            }
            else
            {
                TS.StoreFirst(y + i, TS.Multiply(TS.LoadFirst(y + i, m), inv), m);
            }
        }
    }

    private static void CheckTemperature(double temperature)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The softmax temperature must be a positive finite number.");
        }
    }
}
