using SliceMoE.Training;

namespace SliceMoE.Reproduction.Plan;

/// <summary>
/// One run of a reproduction: a variant and a seed, the training config that realises it (null for the synthetic
/// task, which is not a <see cref="TrainingRun"/>), and the analyses that follow training.
/// </summary>
/// <param name="Variant">The configuration.</param>
/// <param name="Seed">The seed (1-based).</param>
/// <param name="Task">classification, lm, translation or synthetic.</param>
/// <param name="Config">The training config (output folder unset); null for synthetic.</param>
/// <param name="Overrides">What result.json records: the keys of <paramref name="Config"/> that differ from the defaults, as key=value (for synthetic, its settings).</param>
/// <param name="Analyses">What runs after training.</param>
/// <param name="Cost">Relative cost estimate (for the ETA): tokens processed in training.</param>
public sealed record RunSpec(Variant Variant, int Seed, string Task, TrainingConfig? Config, IReadOnlyList<string> Overrides, RunAnalyses Analyses, double Cost)
{
    /// <summary>The folder name under OUT/runs/.</summary>
    public string Id => Variant.RunId(Seed);
}
