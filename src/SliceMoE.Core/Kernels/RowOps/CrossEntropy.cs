using System.Numerics;
using System.Runtime.Intrinsics;
using SliceMoE.Kernels.Simd;

namespace SliceMoE.Kernels.RowOps;

/// <summary>
/// Softmax cross-entropy over rows of logits with label smoothing and an ignored target index, fused with its
/// gradient (as in llm.c's classifier): the logits are read once for the loss and once for the gradient, and the
/// probabilities are never stored. The loss is the mean over counted (non-ignored) rows.
/// </summary>
public static unsafe class CrossEntropy
{
    /// <summary>Mean loss over counted rows, and how many rows were counted.</summary>
    /// <param name="logits">rows x classes.</param>
    /// <param name="targets">One class per row, or <paramref name="ignoreIndex"/>.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="classes">Classes per row.</param>
    /// <param name="labelSmoothing">ε in [0, 1): the target distribution is (1−ε) onehot + ε/C.</param>
    /// <param name="ignoreIndex">Target value whose rows do not count (e.g. padding).</param>
    /// <exception cref="ArgumentException">When shapes disagree or a target is out of range.</exception>
    public static (double Loss, int Count) Forward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, int rows, int classes, double labelSmoothing = 0, int ignoreIndex = -100)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(logits.Length, targets, rows, classes, labelSmoothing, ignoreIndex);
        var (sum, count) = RowLosses(logits, targets, rows, classes, labelSmoothing, ignoreIndex, default, 0);
        return (count == 0 ? 0 : sum / count, count);
    }

    /// <summary>
    /// Mean loss as in <see cref="Forward{T}"/>, and dlogits (+)= <paramref name="lossScale"/> · ∂loss/∂logits
    /// (the gradient of the mean, so each counted row gets (softmax − q) · lossScale / count; ignored rows get 0).
    /// </summary>
    /// <exception cref="ArgumentException">When shapes disagree or a target is out of range.</exception>
    public static (double Loss, int Count) ForwardBackward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, Span<T> dlogits, int rows, int classes, double labelSmoothing = 0, int ignoreIndex = -100, double lossScale = 1.0, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(logits.Length, targets, rows, classes, labelSmoothing, ignoreIndex);
        ElementwiseChecks.RowShape(dlogits.Length, rows, classes, nameof(dlogits));
        int count = 0;
        foreach (int t in targets)
        {
            count += t == ignoreIndex ? 0 : 1;
        }

        double scale = count == 0 ? 0 : lossScale / count;
        if (!accumulate)
        {
            dlogits.Clear();
        }

        var (sum, _) = RowLosses(logits, targets, rows, classes, labelSmoothing, ignoreIndex, dlogits, scale);
        return (count == 0 ? 0 : sum / count, count);
    }

    private static (double Sum, int Count) RowLosses<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, int rows, int classes, double eps, int ignore, Span<T> dlogits, double scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool backward = !dlogits.IsEmpty;
        if (typeof(T) != typeof(float) || !(Simd512.IsSupported || Simd256.IsSupported))
        {
            var result = RowOpsReference.CrossEntropy(logits, targets, rows, classes, eps, ignore);
            if (backward)
            {
                RowOpsReference.CrossEntropyBackward(logits, targets, dlogits, rows, classes, eps, ignore, scale, accumulate: true);
            }

            return result;
        }

        var losses = new double[rows];
        var t = targets.ToArray();
        fixed (T* pl = logits, pd = dlogits)
        {
            float* l = (float*)pl, d = backward ? (float*)pd : null;
            RowParallel.For(rows, classes, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    if (t[r] == ignore)
                    {
                        continue;
                    }

                    float* row = l + ((long)r * classes);
                    losses[r] = Simd512.IsSupported
                        ? Row<Simd512, Vector512<float>>(row, classes, t[r], eps, d == null ? null : d + ((long)r * classes), (float)scale)
                        : Row<Simd256, Vector256<float>>(row, classes, t[r], eps, d == null ? null : d + ((long)r * classes), (float)scale);
                }
            });
        }

        double sum = 0;
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            if (t[r] != ignore)
            {
                sum += losses[r];
                count++;
            }
        }

        return (sum, count);
    }

    /// <summary>One row: returns its loss; when d is set, adds scale · (softmax − q) to it.</summary>
    private static double Row<TS, TV>(float* x, int n, int target, double eps, float* d, float scale)
        where TS : struct, ISimdF32<TV> where TV : struct
    {
        int w = TS.Count;
        float max = float.NegativeInfinity;
        double rowSum = 0;
        for (int i = 0; i < n; i++)
        {
            max = Math.Max(max, x[i]);
            rowSum += x[i];
        }

        var shift = TS.Broadcast(max);
        var acc = TS.Zero;
        for (int i = 0; i < n; i += w)
        {
            int m = Math.Min(w, n - i);
            var v = m == w ? TS.Load(x + i) : TS.LoadFirst(x + i, m);
            var e = SimdMath.Exp<TS, TV>(TS.Subtract(v, shift));
            if (m < w)
            {
                e = TS.Select(TS.FirstMask(m), e, TS.Zero); // lanes past the row hold exp(0 - max)
            }

            acc = TS.Add(acc, e);
        }

        double lse = max + Math.Log(TS.Sum(acc));
        double logPt = x[target] - lse;
        double meanLogP = (rowSum / n) - lse;
        double loss = -((1 - eps) * logPt) - (eps * meanLogP);
        if (d != null)
        {
            var negLse = TS.Broadcast((float)-lse);
            var s = TS.Broadcast(scale);
            var smooth = TS.Broadcast((float)(scale * eps / n));
            for (int i = 0; i < n; i += w)
            {
                int m = Math.Min(w, n - i);
                var v = m == w ? TS.Load(x + i) : TS.LoadFirst(x + i, m);
                var g = TS.Subtract(TS.Multiply(SimdMath.Exp<TS, TV>(TS.Add(v, negLse)), s), smooth);
                var old = m == w ? TS.Load(d + i) : TS.LoadFirst(d + i, m);
                if (m == w)
                {
                    TS.Store(d + i, TS.Add(old, g));
                }
                else
                {
                    TS.StoreFirst(d + i, TS.Add(old, g), m);
                }
            }

            d[target] -= (float)(scale * (1 - eps));
        }

        return loss;
    }

    private static void Check(int logitsLength, ReadOnlySpan<int> targets, int rows, int classes, double labelSmoothing, int ignoreIndex)
    {
        ElementwiseChecks.RowShape(logitsLength, rows, classes, "logits");
        ElementwiseChecks.SameLength(rows, targets.Length, nameof(targets));
        if (!(labelSmoothing >= 0 && labelSmoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1).");
        }

        for (int r = 0; r < targets.Length; r++)
        {
            if (targets[r] != ignoreIndex && (uint)targets[r] >= (uint)classes)
            {
                throw new ArgumentException($"targets[{r}] = {targets[r]} is outside [0, {classes}) and is not the ignore index {ignoreIndex}.", nameof(targets));
            }
        }
    }
}
