using SliceMoE.Moe;

namespace SliceMoE.Models;

/// <summary>What one forward (and backward) over a batch produced.</summary>
/// <param name="Loss">Mean task loss over <see cref="Count"/> items (examples or tokens).</param>
/// <param name="AuxObjective">What the MoE layers' auxiliary losses add to the objective.</param>
/// <param name="Count">Items the loss averages over.</param>
/// <param name="Correct">Correct predictions (classification: examples; language models: tokens whose argmax is the target).</param>
/// <param name="MoeReports">Each MoE layer's routing statistics and auxiliary losses, bottom to top.</param>
/// <param name="Predictions">Predicted class per example (classification), else empty.</param>
public sealed record StepResult(double Loss, double AuxObjective, int Count, int Correct, IReadOnlyList<MoeForwardReport> MoeReports, int[] Predictions)
{
    /// <summary>Mean ELE over the MoE layers (NaN without MoE layers).</summary>
    public double MeanEle => MoeReports.Count == 0 ? double.NaN : MoeReports.Average(r => r.Statistics.Ele);
}
