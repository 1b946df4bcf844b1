using System.Numerics;
using SliceMoE.Compute;

namespace SliceMoE.Kernels.RowOps;

/// <summary>
/// Layer normalisation over the last dimension: y = (x − μ) / √(σ² + ε) · γ + β (population variance, two-pass so
/// there is no cancellation). The forward saves each row's mean and reciprocal standard deviation for the backward.
/// </summary>
public static unsafe class LayerNorm
{
    /// <summary>Normalises each of <paramref name="rows"/> rows of <paramref name="columns"/> values.</summary>
    /// <exception cref="ArgumentException">When a span's length does not match the shape.</exception>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, Span<T> mean, Span<T> rstd, int rows, int columns, double epsilon = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(x.Length, gamma.Length, beta.Length, y.Length, mean.Length, rstd.Length, rows, columns);
        if (typeof(T) != typeof(float))
        {
            RowOpsReference.LayerNorm(x, gamma, beta, y, mean, rstd, rows, columns, epsilon);
            return;
        }

        fixed (T* px = x, pg = gamma, pb = beta, py = y, pm = mean, pr = rstd)
        {
            float* xs = (float*)px, g = (float*)pg, b = (float*)pb, ys = (float*)py, ms = (float*)pm, rs = (float*)pr;
            RowParallel.For(rows, columns, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    var row = new ReadOnlySpan<float>(xs + ((long)r * columns), columns);
                    float mu = System.Numerics.Tensors.TensorPrimitives.Sum(row) / columns;
                    float var = 0;
                    foreach (float v in row)
                    {
                        float d = v - mu;
                        var += d * d;
                    }

                    float inv = 1f / MathF.Sqrt((var / columns) + (float)epsilon);
                    ms[r] = mu;
                    rs[r] = inv;
                    float* yr = ys + ((long)r * columns);
                    for (int j = 0; j < columns; j++)
                    {
                        yr[j] = ((row[j] - mu) * inv * g[j]) + b[j];
                    }
                }
            });
        }
    }

    /// <summary>dx (+)= ∂/∂x; dγ += Σ_r dy ⊙ n; dβ += Σ_r dy (γ and β gradients always accumulate).</summary>
    /// <exception cref="ArgumentException">When a span's length does not match the shape.</exception>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, ReadOnlySpan<T> dy, Span<T> dx, Span<T> dgamma, Span<T> dbeta, int rows, int columns, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(x.Length, gamma.Length, dgamma.Length, dx.Length, mean.Length, rstd.Length, rows, columns);
        ElementwiseChecks.RowShape(dy.Length, rows, columns, nameof(dy));
        ElementwiseChecks.SameLength(columns, dbeta.Length, nameof(dbeta));
        if (typeof(T) != typeof(float))
        {
            RowOpsReference.LayerNormBackward(x, gamma, mean, rstd, dy, dx, dgamma, dbeta, rows, columns, accumulate);
            return;
        }

        fixed (T* px = x, pg = gamma, pm = mean, pr = rstd, pdy = dy, pdx = dx, pdg = dgamma, pdb = dbeta)
        {
            float* xs = (float*)px, g = (float*)pg, ms = (float*)pm, rs = (float*)pr, dys = (float*)pdy, dxs = (float*)pdx;
            float* dgs = (float*)pdg, dbs = (float*)pdb;
            RowParallel.For(rows, columns, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    float* xr = xs + ((long)r * columns), dyr = dys + ((long)r * columns), dxr = dxs + ((long)r * columns);
                    float mu = ms[r], inv = rs[r], meanG = 0, meanGn = 0;
                    for (int j = 0; j < columns; j++)
                    {
                        float gj = dyr[j] * g[j];
                        meanG += gj;
                        meanGn += gj * (xr[j] - mu) * inv;
                    }

                    meanG /= columns;
                    meanGn /= columns;
                    for (int j = 0; j < columns; j++)
                    {
                        float v = inv * ((dyr[j] * g[j]) - meanG - ((xr[j] - mu) * inv * meanGn));
                        dxr[j] = accumulate ? dxr[j] + v : v;
                    }
                }
            });

            // γ and β gradients reduce over rows: split the columns, never the rows, so the sum order is fixed.
            int blocks = Math.Max(1, Math.Min(ComputeThreads.Count * 4, columns / 64));
            ComputeThreads.For(blocks, blk =>
            {
                int c0 = columns * blk / blocks, c1 = columns * (blk + 1) / blocks;
                for (int r = 0; r < rows; r++)
                {
                    float* xr = xs + ((long)r * columns), dyr = dys + ((long)r * columns);
                    float mu = ms[r], inv = rs[r];
                    for (int j = c0; j < c1; j++)
                    {
                        dgs[j] += dyr[j] * (xr[j] - mu) * inv;
                        dbs[j] += dyr[j];
                    }
                }
            });
        }
    }

    private static void CheckShapes(int x, int gamma, int beta, int y, int mean, int rstd, int rows, int columns)
    {
        ElementwiseChecks.RowShape(x, rows, columns, nameof(x));
        ElementwiseChecks.RowShape(y, rows, columns, nameof(y));
        ElementwiseChecks.SameLength(columns, gamma, nameof(gamma));
        ElementwiseChecks.SameLength(columns, beta, nameof(beta));
        ElementwiseChecks.SameLength(rows, mean, nameof(mean));
        ElementwiseChecks.SameLength(rows, rstd, nameof(rstd));
    }
}
