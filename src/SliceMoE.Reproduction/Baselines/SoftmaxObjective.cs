namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// The training objective of <see cref="BagOfWordsLogisticRegression"/> and its gradient, in double:
/// mean over examples of −log softmax(x·W + b)[label], plus λ/2·‖W‖² (the bias is not regularised).
/// Parameters are laid out as W[token·C + class] (a token's C weights adjacent, since a sparse row touches whole
/// tokens) followed by the C biases.
/// </summary>
internal static class SoftmaxObjective
{
    public static int ParameterCount(int vocabularySize, int classes) => (vocabularySize + 1) * classes;

    public static double Evaluate(SparseBagOfWords data, int vocabularySize, int classes, double l2, ReadOnlySpan<double> theta, Span<double> gradient)
    {
        int biasAt = vocabularySize * classes;
        gradient.Clear();
        Span<double> scores = new double[classes];
        double loss = 0;
        for (int i = 0; i < data.Rows; i++)
        {
            int start = data.RowStart[i], end = data.RowStart[i + 1];
            Scores(theta, biasAt, classes, data.Columns.AsSpan(start, end - start), data.Values.AsSpan(start, end - start), scores);
            double max = double.NegativeInfinity;
            foreach (double s in scores)
            {
                max = Math.Max(max, s);
            }

            double z = 0;
            for (int c = 0; c < classes; c++)
            {
                scores[c] = Math.Exp(scores[c] - max);
                z += scores[c];
            }

            int label = data.Labels[i];
            loss += Math.Log(z) - Math.Log(scores[label]);

            // d loss / d score_c = softmax_c − [c = label]; scores now holds exp(score − max).
            for (int c = 0; c < classes; c++)
            {
                scores[c] = (scores[c] / z) - (c == label ? 1 : 0);
            }

            for (int k = start; k < end; k++)
            {
                var g = gradient.Slice(data.Columns[k] * classes, classes);
                double v = data.Values[k];
                for (int c = 0; c < classes; c++)
                {
                    g[c] += v * scores[c];
                }
            }

            var gb = gradient.Slice(biasAt, classes);
            for (int c = 0; c < classes; c++)
            {
                gb[c] += scores[c];
            }
        }

        double inv = 1.0 / Math.Max(data.Rows, 1);
        loss *= inv;
        double penalty = 0;
        for (int p = 0; p < biasAt; p++)
        {
            gradient[p] = (gradient[p] * inv) + (l2 * theta[p]);
            penalty += theta[p] * theta[p];
        }

        for (int p = biasAt; p < gradient.Length; p++)
        {
            gradient[p] *= inv;
        }

        return loss + (0.5 * l2 * penalty);
    }

    public static double Loss(SparseBagOfWords data, int vocabularySize, int classes, ReadOnlySpan<double> theta)
    {
        Span<double> scores = new double[classes];
        double loss = 0;
        for (int i = 0; i < data.Rows; i++)
        {
            int start = data.RowStart[i], end = data.RowStart[i + 1];
            Scores(theta, vocabularySize * classes, classes, data.Columns.AsSpan(start, end - start), data.Values.AsSpan(start, end - start), scores);
            double max = double.NegativeInfinity;
            foreach (double s in scores)
            {
                max = Math.Max(max, s);
            }

            double z = 0;
            foreach (double s in scores)
            {
                z += Math.Exp(s - max);
            }

            loss += Math.Log(z) + max - scores[data.Labels[i]];
        }

        return loss / Math.Max(data.Rows, 1);
    }

    public static void Scores(ReadOnlySpan<double> theta, int biasAt, int classes, ReadOnlySpan<int> columns, ReadOnlySpan<double> values, Span<double> scores)
    {
        theta.Slice(biasAt, classes).CopyTo(scores);
        for (int k = 0; k < columns.Length; k++)
        {
            var w = theta.Slice(columns[k] * classes, classes);
            double v = values[k];
            for (int c = 0; c < classes; c++)
            {
                scores[c] += v * w[c];
            }
        }
    }
}
