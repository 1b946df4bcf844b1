namespace SliceMoE.Reproduction.Plan;

/// <summary>
/// A learning-rate sweep: the peak rates each compared model family is trained with on seed 1, per task. The best
/// rate by the final validation metric (accuracy for classification, loss for language modelling and translation,
/// ties to the earlier rate in the list) is the one every run of the family then uses, so a comparison is not decided
/// by a rate that happens to suit one model. Classification sweeps on the first data set (AG NEWS's) and uses its
/// choice on all three.
/// </summary>
/// <param name="Classification">Rates for the classifiers.</param>
/// <param name="LanguageModel">Rates for the language models.</param>
/// <param name="Translation">Rates for the translators.</param>
public sealed record LearningRateSweep(IReadOnlyList<double> Classification, IReadOnlyList<double> LanguageModel, IReadOnlyList<double> Translation)
{
    /// <summary>The rates of a task (classification, lm, translation).</summary>
    public IReadOnlyList<double> For(string task) => task switch
    {
        "classification" => Classification,
        "lm" => LanguageModel,
        _ => Translation,
    };
}

/// <summary>What a learning rate is chosen for: one model kind on one task.</summary>
/// <param name="Task">classification, lm or translation.</param>
/// <param name="Model">The FFN slot.</param>
public sealed record LearningRateFamily(string Task, ModelKind Model);
