namespace SliceMoE.Reproduction.Baselines;

/// <summary>How a token's occurrences in one sequence become its feature value.</summary>
public enum BagOfWordsFeatures
{
    /// <summary>log(1 + count): repeated words count, with diminishing weight.</summary>
    LogCount,

    /// <summary>1 when the token occurs at all, else 0.</summary>
    Binary,
}

/// <summary>Settings of <see cref="BagOfWordsLogisticRegression"/>; the defaults suit a few thousand short documents.</summary>
/// <param name="Features">Feature value of a present token.</param>
/// <param name="L2Grid">L2 strengths λ tried (the objective is mean cross-entropy + λ/2·‖W‖², bias unregularised); the one with the best validation accuracy wins, ties going to the lower validation loss. Null: 1e-5, 1e-4, 1e-3, 1e-2.</param>
/// <param name="MaxIterations">L-BFGS iterations per λ (each one or a few full passes over the training set).</param>
/// <param name="History">L-BFGS memory: the number of (step, gradient change) pairs kept.</param>
/// <param name="GradientTolerance">L-BFGS stops early once the largest gradient component is below this.</param>
public sealed record BagOfWordsOptions(
    BagOfWordsFeatures Features = BagOfWordsFeatures.LogCount,
    IReadOnlyList<double>? L2Grid = null,
    int MaxIterations = 150,
    int History = 10,
    double GradientTolerance = 1e-6)
{
    /// <summary>The default grid of L2 strengths.</summary>
    public static IReadOnlyList<double> DefaultL2Grid { get; } = [1e-5, 1e-4, 1e-3, 1e-2];

    /// <summary>The L2 grid in effect: <see cref="L2Grid"/>, or <see cref="DefaultL2Grid"/> when that is null.</summary>
    public IReadOnlyList<double> EffectiveL2Grid => L2Grid ?? DefaultL2Grid;
}
