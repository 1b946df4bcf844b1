namespace SliceMoE.Reproduction.Plan;

/// <summary>
/// One run of a reproduction: a variant and a seed, the training overrides that realise it (null for the synthetic
/// task, which is not a <see cref="Training.TrainingRun"/>), and the analyses that follow training.
/// </summary>
/// <param name="Variant">The configuration.</param>
/// <param name="Seed">The seed (1-based).</param>
/// <param name="Task">classification, lm, translation or synthetic.</param>
/// <param name="Overrides">The training config, as key=value pairs applied to the defaults (for synthetic, its settings).</param>
/// <param name="Analyses">What runs after training.</param>
/// <param name="Cost">Relative cost estimate (for the ETA): tokens processed in training.</param>
public sealed record RunSpec(Variant Variant, int Seed, string Task, IReadOnlyList<string> Overrides, RunAnalyses Analyses, double Cost)
{
    /// <summary>The folder name under OUT/runs/.</summary>
    public string Id => Variant.RunId(Seed);
}
