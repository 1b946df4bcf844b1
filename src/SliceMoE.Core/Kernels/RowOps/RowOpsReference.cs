using System.Numerics;

namespace SliceMoE.Kernels.RowOps;

/// <summary>
/// Plain double-precision implementations of every row-wise op and its backward: the oracle for the fast kernels
/// and the path taken for <see cref="double"/> (gradient checks). Written for clarity, not speed.
/// </summary>
public static class RowOpsReference
{
    /// <summary>Row-wise softmax of x / τ.</summary>
    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int columns, double temperature)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            SoftmaxRow(x.Slice(r * columns, columns), y.Slice(r * columns, columns), temperature);
        }
    }

    /// <summary>Softmax of one row of x / τ.</summary>
    public static void SoftmaxRow<T>(ReadOnlySpan<T> x, Span<T> y, double temperature) where T : IFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
        {
            return;
        }

        double max = double.NegativeInfinity;
        foreach (var v in x)
        {
            max = Math.Max(max, double.CreateTruncating(v) / temperature);
        }

        double sum = 0;
        Span<double> e = x.Length <= 1024 ? stackalloc double[x.Length] : new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            e[i] = Math.Exp((double.CreateTruncating(x[i]) / temperature) - max);
            sum += e[i];
        }

        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.CreateTruncating(e[i] / sum);
        }
    }

    /// <summary>dx (+)= y ⊙ (dy − Σ dy⊙y) / τ per row.</summary>
    public static void SoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rows, int columns, double temperature, bool accumulate)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            int o = r * columns;
            double dot = 0;
            for (int j = 0; j < columns; j++)
            {
                dot += double.CreateTruncating(dy[o + j]) * double.CreateTruncating(y[o + j]);
            }

            for (int j = 0; j < columns; j++)
            {
                double g = double.CreateTruncating(y[o + j]) * (double.CreateTruncating(dy[o + j]) - dot) / temperature;
                dx[o + j] = accumulate ? dx[o + j] + T.CreateTruncating(g) : T.CreateTruncating(g);
            }
        }
    }

    /// <summary>Row-wise log-softmax of x / τ.</summary>
    public static void LogSoftmax<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int columns, double temperature)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            int o = r * columns;
            double lse = LogSumExp(x.Slice(o, columns), temperature);
            for (int j = 0; j < columns; j++)
            {
                y[o + j] = T.CreateTruncating((double.CreateTruncating(x[o + j]) / temperature) - lse);
            }
        }
    }

    /// <summary>dx (+)= (dy − softmax · Σ dy) / τ per row, from the forward's output y = log-softmax.</summary>
    public static void LogSoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rows, int columns, double temperature, bool accumulate)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            int o = r * columns;
            double sum = 0;
            for (int j = 0; j < columns; j++)
            {
                sum += double.CreateTruncating(dy[o + j]);
            }

            for (int j = 0; j < columns; j++)
            {
                double g = (double.CreateTruncating(dy[o + j]) - (Math.Exp(double.CreateTruncating(y[o + j])) * sum)) / temperature;
                dx[o + j] = accumulate ? dx[o + j] + T.CreateTruncating(g) : T.CreateTruncating(g);
            }
        }
    }

    /// <summary>log Σ exp(x / τ) of one row, stably.</summary>
    public static double LogSumExp<T>(ReadOnlySpan<T> x, double temperature = 1.0) where T : IFloatingPointIeee754<T>
    {
        double max = double.NegativeInfinity;
        foreach (var v in x)
        {
            max = Math.Max(max, double.CreateTruncating(v) / temperature);
        }

        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        double sum = 0;
        foreach (var v in x)
        {
            sum += Math.Exp((double.CreateTruncating(v) / temperature) - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>
    /// Mean cross-entropy with label smoothing ε over the rows whose target is not <paramref name="ignoreIndex"/>:
    /// loss_r = −Σ_j q_j log softmax(x_r)_j with q = (1−ε) onehot(t_r) + ε/C. Returns (sum of losses, counted rows).
    /// </summary>
    public static (double Sum, int Count) CrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, int rows, int classes, double labelSmoothing, int ignoreIndex)
        where T : IFloatingPointIeee754<T>
    {
        double total = 0;
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            if (targets[r] == ignoreIndex)
            {
                continue;
            }

            var row = logits.Slice(r * classes, classes);
            double lse = LogSumExp(row);
            double meanLogP = 0;
            for (int j = 0; j < classes; j++)
            {
                meanLogP += double.CreateTruncating(row[j]) - lse;
            }

            meanLogP /= classes;
            double logPt = double.CreateTruncating(row[targets[r]]) - lse;
            total += -((1 - labelSmoothing) * logPt) - (labelSmoothing * meanLogP);
            count++;
        }

        return (total, count);
    }

    /// <summary>dlogits (+)= scale · (softmax(x_r) − q_r) for counted rows (zero for ignored rows).</summary>
    public static void CrossEntropyBackward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, Span<T> dlogits, int rows, int classes, double labelSmoothing, int ignoreIndex, double scale, bool accumulate)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var row = logits.Slice(r * classes, classes);
            double lse = LogSumExp(row);
            for (int j = 0; j < classes; j++)
            {
                double g = 0;
                if (targets[r] != ignoreIndex)
                {
                    double q = (labelSmoothing / classes) + (j == targets[r] ? 1 - labelSmoothing : 0);
                    g = scale * (Math.Exp(double.CreateTruncating(row[j]) - lse) - q);
                }

                int o = (r * classes) + j;
                dlogits[o] = accumulate ? dlogits[o] + T.CreateTruncating(g) : T.CreateTruncating(g);
            }
        }
    }

    /// <summary>
    /// Layer norm over each row: y = (x − μ) / √(σ² + ε) · γ + β with population variance σ². Writes the row means and
    /// reciprocal standard deviations that the backward needs.
    /// </summary>
    public static void LayerNorm<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, Span<T> mean, Span<T> rstd, int rows, int columns, double epsilon)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            int o = r * columns;
            double mu = 0;
            for (int j = 0; j < columns; j++)
            {
                mu += double.CreateTruncating(x[o + j]);
            }

            mu /= columns;
            double var = 0;
            for (int j = 0; j < columns; j++)
            {
                double d = double.CreateTruncating(x[o + j]) - mu;
                var += d * d;
            }

            var /= columns;
            double rs = 1 / Math.Sqrt(var + epsilon);
            mean[r] = T.CreateTruncating(mu);
            rstd[r] = T.CreateTruncating(rs);
            for (int j = 0; j < columns; j++)
            {
                double n = (double.CreateTruncating(x[o + j]) - mu) * rs;
                y[o + j] = T.CreateTruncating((n * double.CreateTruncating(gamma[j])) + double.CreateTruncating(beta[j]));
            }
        }
    }

    /// <summary>
    /// Layer-norm backward: dx (+)= rstd (g − mean(g) − n · mean(g ⊙ n)) with g = dy ⊙ γ and n the normalised input;
    /// dγ += Σ_r dy ⊙ n; dβ += Σ_r dy.
    /// </summary>
    public static void LayerNormBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, ReadOnlySpan<T> dy, Span<T> dx, Span<T> dgamma, Span<T> dbeta, int rows, int columns, bool accumulate)
        where T : IFloatingPointIeee754<T>
    {
        var dg = new double[columns];
        var db = new double[columns];
        for (int r = 0; r < rows; r++)
        {
            int o = r * columns;
            double mu = double.CreateTruncating(mean[r]), rs = double.CreateTruncating(rstd[r]);
            double meanG = 0, meanGn = 0;
            for (int j = 0; j < columns; j++)
            {
                double n = (double.CreateTruncating(x[o + j]) - mu) * rs;
                double d = double.CreateTruncating(dy[o + j]);
                double g = d * double.CreateTruncating(gamma[j]);
                meanG += g;
                meanGn += g * n;
                dg[j] += d * n;
                db[j] += d;
            }

            meanG /= columns;
            meanGn /= columns;
            for (int j = 0; j < columns; j++)
            {
                double n = (double.CreateTruncating(x[o + j]) - mu) * rs;
                double g = double.CreateTruncating(dy[o + j]) * double.CreateTruncating(gamma[j]);
                double v = rs * (g - meanG - (n * meanGn));
                dx[o + j] = accumulate ? dx[o + j] + T.CreateTruncating(v) : T.CreateTruncating(v);
            }
        }

        for (int j = 0; j < columns; j++)
        {
            dgamma[j] += T.CreateTruncating(dg[j]);
            dbeta[j] += T.CreateTruncating(db[j]);
        }
    }

    /// <summary>Column sums: dbias (+)= Σ_r dy[r, :].</summary>
    public static void ColumnSums<T>(ReadOnlySpan<T> dy, Span<T> dbias, int rows, int columns, bool accumulate)
        where T : IFloatingPointIeee754<T>
    {
        for (int j = 0; j < columns; j++)
        {
            double s = 0;
            for (int r = 0; r < rows; r++)
            {
                s += double.CreateTruncating(dy[(r * columns) + j]);
            }

            dbias[j] = accumulate ? dbias[j] + T.CreateTruncating(s) : T.CreateTruncating(s);
        }
    }

    /// <summary>The k largest entries of each row, in descending order; ties go to the lower index.</summary>
    public static void TopK<T>(ReadOnlySpan<T> x, int rows, int columns, int k, Span<int> indices, Span<T> values)
        where T : IFloatingPointIeee754<T>
    {
        var order = new int[columns];
        for (int r = 0; r < rows; r++)
        {
            var row = x.Slice(r * columns, columns).ToArray();
            for (int j = 0; j < columns; j++)
            {
                order[j] = j;
            }

            Array.Sort(order, (a, b) =>
            {
                int c = row[b].CompareTo(row[a]);
                return c != 0 ? c : a.CompareTo(b);
            });
            for (int i = 0; i < k; i++)
            {
                indices[(r * k) + i] = order[i];
                values[(r * k) + i] = row[order[i]];
            }
        }
    }

    /// <summary><see cref="SegmentedRows.Scatter{T}"/>: assignments[index[i]] = scale[i] · source[r] for the entries i ≥ 0 of segment r.</summary>
    public static void SegmentScatter<T>(ReadOnlySpan<T> source, int columns, ReadOnlySpan<int> segmentStart, ReadOnlySpan<int> index, ReadOnlySpan<T> scale, Span<T> assignments)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r + 1 < segmentStart.Length; r++)
        {
            for (int i = segmentStart[r]; i < segmentStart[r + 1]; i++)
            {
                for (int j = 0; index[i] >= 0 && j < columns; j++)
                {
                    double f = scale.IsEmpty ? 1 : double.CreateTruncating(scale[i]);
                    assignments[(index[i] * columns) + j] = T.CreateTruncating(f * double.CreateTruncating(source[(r * columns) + j]));
                }
            }
        }
    }

    /// <summary><see cref="SegmentedRows.ScatterBackward{T}"/>: dScale[i] = ⟨dAssignments[index[i]], source[r]⟩, dSource[r] = Σ_i scale[i] · dAssignments[index[i]].</summary>
    public static void SegmentScatterBackward<T>(ReadOnlySpan<T> source, ReadOnlySpan<T> dAssignments, int columns, ReadOnlySpan<int> segmentStart, ReadOnlySpan<int> index, ReadOnlySpan<T> scale, Span<T> dScale, Span<T> dSource)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r + 1 < segmentStart.Length; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                double sum = 0;
                for (int i = segmentStart[r]; i < segmentStart[r + 1]; i++)
                {
                    sum += index[i] < 0 ? 0 : double.CreateTruncating(scale[i]) * double.CreateTruncating(dAssignments[(index[i] * columns) + j]);
                }

                dSource[(r * columns) + j] = T.CreateTruncating(sum);
            }

            for (int i = segmentStart[r]; i < segmentStart[r + 1]; i++)
            {
                double dot = 0;
                for (int j = 0; index[i] >= 0 && j < columns; j++)
                {
                    dot += double.CreateTruncating(dAssignments[(index[i] * columns) + j]) * double.CreateTruncating(source[(r * columns) + j]);
                }

                dScale[i] = T.CreateTruncating(dot);
            }
        }
    }

    /// <summary><see cref="SegmentedRows.GatherSum{T}"/>: destination[r] = Σ assignments[index[i]] over the entries i ≥ 0 of segment r.</summary>
    public static void SegmentGatherSum<T>(ReadOnlySpan<T> assignments, int columns, ReadOnlySpan<int> segmentStart, ReadOnlySpan<int> index, Span<T> destination)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r + 1 < segmentStart.Length; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                double sum = 0;
                for (int i = segmentStart[r]; i < segmentStart[r + 1]; i++)
                {
                    sum += index[i] < 0 ? 0 : double.CreateTruncating(assignments[(index[i] * columns) + j]);
                }

                destination[(r * columns) + j] = T.CreateTruncating(sum);
            }
        }
    }
}
