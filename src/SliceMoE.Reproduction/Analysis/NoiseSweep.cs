using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Training;

namespace SliceMoE.Reproduction.Analysis;

/// <summary>
/// The robustness study (Figure 4): one trained model evaluated on the validation split with Gaussian noise of each σ
/// added to every router's logits before the softmax. Noise at evaluation, not in training: the question is whether
/// trained routing decisions survive perturbation. Each σ draws from its own fixed stream, so results are repeatable.
/// </summary>
public static class NoiseSweep
{
    /// <summary>Validation metrics at each σ.</summary>
    public static IReadOnlyList<NoisePoint> Run(TaskRunner runner, IReadOnlyList<double> sigmas, ulong seed, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(sigmas);
        var points = new List<NoisePoint>();
        for (int i = 0; i < sigmas.Count; i++)
        {
            var context = new MoeForwardContext(false, new Rng(seed).Fork(1000 + (ulong)i)) { RouterNoiseStd = sigmas[i] };
            var r = runner.Evaluate("validation", batchSize, context);
            points.Add(new NoisePoint(sigmas[i], r.Accuracy, r.Loss, r.Ele));
        }

        return points;
    }
}
