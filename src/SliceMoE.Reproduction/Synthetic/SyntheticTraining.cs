using SliceMoE.Kernels.RowOps;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Tensors;
using SliceMoE.Training;

namespace SliceMoE.Reproduction.Synthetic;

/// <summary>
/// Trains a SliceMoE layer (d = 64, S = 8, the paper's k = 2, E = 16, cross-slice dropout 0.2, α = 0.05) and a linear
/// head directly on <see cref="SegmentTask"/> vectors with AdamW, recording after each epoch the ELE of that epoch's
/// training assignments and the held-out accuracy (epoch 0: the untrained model), and at the end which experts the
/// signal-carrying slice of each class went to.
/// </summary>
public static class SyntheticTraining
{
    /// <summary>The settings as text, stored with the result so a different configuration is not mistaken for this one.</summary>
    public static IReadOnlyList<string> Describe(SyntheticSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return [$"epochs={s.Epochs}", $"train={s.TrainExamples}", $"test={s.TestExamples}", $"batch_size={s.BatchSize}", $"learning_rate={s.LearningRate:R}", $"signal={s.Signal:R}"];
    }

    /// <summary>Runs the task with <paramref name="seed"/>; null when cancelled (nothing is saved: it takes seconds).</summary>
    public static SyntheticResult? Run(SyntheticSettings settings, int seed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rng = new Rng((ulong)seed);
        var train = SegmentTask.Generate(settings.TrainExamples, settings.Signal, 20251004, rng.Fork(1));
        var test = SegmentTask.Generate(settings.TestExamples, settings.Signal, 20251004, rng.Fork(2));
        var config = new MoeConfig { ModelDim = SegmentTask.Dim, Slices = SegmentTask.Segments, SliceDropout = 0.2, CapacityAlpha = 0.05 };
        using var store = new ParameterStore<float>();
        using var moe = new MoeLayer<float>(config, store, "moe.");
        var head = new Linear<float>(store, "head.", SegmentTask.Dim, SegmentTask.Segments);
        store.Allocate((ulong)seed);
        using var optimizer = new AdamW<float>(store, new AdamWOptions());
        var epochs = new List<SyntheticEpoch>
        {
            new(0, Evaluate(moe, head, train, null).Ele, double.NaN, Evaluate(moe, head, test, null).Accuracy),
        };
        var order = Enumerable.Range(0, train.Count).ToArray();
        var trainRng = rng.Fork(3);
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            if (cancellation.IsCancellationRequested)
            {
                return null;
            }

            trainRng.Shuffle<int>(order);
            var counts = new long[config.Experts];
            double lossSum = 0;
            for (int start = 0; start < order.Length; start += settings.BatchSize)
            {
                var idx = order.AsSpan(start, Math.Min(settings.BatchSize, order.Length - start)).ToArray();
                store.ZeroGradients();
                var (loss, report) = Step(moe, head, train, idx, new ForwardContext(true, trainRng));
                lossSum += loss * idx.Length;
                for (int e = 0; e < counts.Length; e++)
                {
                    counts[e] += report.Statistics.Counts[e];
                }

                GradientClipping.ClipByGlobalNorm(store, 1.0);
                optimizer.Step(settings.LearningRate);
            }

            epochs.Add(new SyntheticEpoch(epoch, RoutingStatistics.ExpertLoadEntropy(counts.Select(c => (int)c).ToArray()), lossSum / train.Count, Evaluate(moe, head, test, null).Accuracy));
        }

        var segments = new double[SegmentTask.Segments][];
        for (int s = 0; s < segments.Length; s++)
        {
            segments[s] = new double[config.Experts];
        }

        Evaluate(moe, head, test, segments);
        foreach (var row in segments)
        {
            double total = row.Sum();
            for (int e = 0; e < row.Length && total > 0; e++)
            {
                row[e] /= total;
            }
        }

        return new SyntheticResult(epochs, segments, SegmentTask.Dim, SegmentTask.Segments, config.Experts, SegmentTask.Segments);
    }

    // Forward, loss and backward over the examples idx; returns the mean loss and the routing report.
    private static (double Loss, MoeForwardReport Report) Step(MoeLayer<float> moe, Linear<float> head, SegmentTask data, int[] idx, ForwardContext context)
    {
        int n = idx.Length, d = SegmentTask.Dim, c = SegmentTask.Segments;
        using var x = Gather(data, idx);
        using var y = new Tensor<float>(n, d);
        var report = moe.Forward(x, y, context);
        var logits = new float[n * c];
        head.Forward(y.Span, logits, n);
        var dLogits = new float[n * c];
        var labels = idx.Select(i => data.Labels[i]).ToArray();
        var (loss, _) = CrossEntropy.ForwardBackward<float>(logits, labels, dLogits, n, c);
        using var dy = new Tensor<float>(n, d);
        head.Backward(y.Span, dLogits, dy.Span, n, accumulateDx: false);
        using var dx = new Tensor<float>(n, d);
        moe.Backward(dy, dx, accumulate: false);
        return (loss, report);
    }

    // Accuracy and ELE in evaluation mode; when segments is given, adds where each class's signal slice went.
    private static (double Accuracy, double Ele) Evaluate(MoeLayer<float> moe, Linear<float> head, SegmentTask data, double[][]? segments)
    {
        int correct = 0, d = SegmentTask.Dim, c = SegmentTask.Segments, s = moe.Config.Slices;
        var counts = new int[moe.Config.Experts];
        for (int start = 0; start < data.Count; start += 256)
        {
            var idx = Enumerable.Range(start, Math.Min(256, data.Count - start)).ToArray();
            using var x = Gather(data, idx);
            using var y = new Tensor<float>(idx.Length, d);
            var report = moe.Forward(x, y, ForwardContext.NoGrad);
            var logits = new float[idx.Length * c];
            head.Forward(y.Span, logits, idx.Length);
            for (int i = 0; i < idx.Length; i++)
            {
                var row = logits.AsSpan(i * c, c);
                correct += row.IndexOf(row.ToArray().Max()) == data.Labels[idx[i]] ? 1 : 0;
            }

            for (int e = 0; e < counts.Length; e++)
            {
                counts[e] += report.Statistics.Counts[e];
            }

            if (segments is not null)
            {
                var plan = moe.Plan;
                for (int i = 0; i < idx.Length; i++)
                {
                    int label = data.Labels[idx[i]], r = (i * s) + label;
                    for (int k = plan.RowStart[r]; k < plan.RowStart[r + 1]; k++)
                    {
                        if (plan.Active[k])
                        {
                            segments[label][plan.Expert[k]]++;
                        }
                    }
                }
            }
        }

        return ((double)correct / data.Count, RoutingStatistics.ExpertLoadEntropy(counts));
    }

    private static Tensor<float> Gather(SegmentTask data, int[] idx)
    {
        var x = new Tensor<float>(idx.Length, SegmentTask.Dim);
        for (int i = 0; i < idx.Length; i++)
        {
            data.Inputs.AsSpan(idx[i] * SegmentTask.Dim, SegmentTask.Dim).CopyTo(x.Span.Slice(i * SegmentTask.Dim, SegmentTask.Dim));
        }

        return x;
    }
}
