namespace SliceMoE.Reproduction.Baselines;

/// <summary>One L2 strength tried by <see cref="BagOfWordsLogisticRegression.Train"/>.</summary>
/// <param name="L2">The strength λ.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split of the model trained with it.</param>
/// <param name="ValidationLoss">Mean cross-entropy (no penalty) on the validation split.</param>
/// <param name="Iterations">L-BFGS iterations run.</param>
public sealed record BagOfWordsGridPoint(double L2, double ValidationAccuracy, double ValidationLoss, int Iterations);
