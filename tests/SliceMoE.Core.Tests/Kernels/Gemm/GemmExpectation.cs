using SliceMoE.Kernels.Activations;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Kernels.Gemm;

/// <summary>The exact (double) value of op(A)·op(B) (+ C), with the per-element float error bound.</summary>
internal sealed class GemmExpectation
{
    public GemmExpectation(float[] a, int lda, bool ta, float[] b, int ldb, bool tb, float[]? c0, int ldc, int m, int n, int k)
    {
        M = m;
        N = n;
        Ldc = ldc;
        Exact = new double[m * n];
        Bound = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = ta ? a[(p * lda) + i] : a[(i * lda) + p];
                    double y = tb ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += x * y;
                    abs += Math.Abs(x * y);
                }

                if (c0 != null)
                {
                    sum += c0[(i * ldc) + j];
                    abs += Math.Abs(c0[(i * ldc) + j]);
                }

                Exact[(i * n) + j] = sum;
                Bound[(i * n) + j] = Tolerance.DotProductBound(k, abs);
            }
        }
    }

    public int M { get; }

    public int N { get; }

    public int Ldc { get; }

    public double[] Exact { get; }

    public double[] Bound { get; }

    /// <summary>The m x n window of a C stored with leading dimension ldc.</summary>
    public float[] Window(float[] c)
    {
        var w = new float[M * N];
        for (int i = 0; i < M; i++)
        {
            Array.Copy(c, i * Ldc, w, i * N, N);
        }

        return w;
    }

    public void AssertMatches(float[] c, string what) =>
        Tolerance.AssertWithin(Window(c), Exact, Bound, 1e-30, what);

    /// <summary>Applies bias + activation to the exact values (and widens the bound by the activation's slope, at most 1.13 for GELU).</summary>
    public (double[] Pre, double[] Post, double[] Bound) WithBiasActivation(float[] bias, Activation activation)
    {
        var pre = new double[Exact.Length];
        var post = new double[Exact.Length];
        var bound = new double[Exact.Length];
        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                int e = (i * N) + j;
                pre[e] = Exact[e] + bias[j];
                post[e] = ActivationReference.Forward(activation, pre[e]);
                bound[e] = (1.2 * (Bound[e] + (Tolerance.FloatUnitRoundoff * Math.Abs(pre[e])))) + (4e-7 * Math.Abs(post[e])) + 1e-7;
            }
        }

        return (pre, post, bound);
    }
}
