namespace SliceMoE.Reproduction.Plan;

/// <summary>What a run computes after training, besides its validation and test metrics.</summary>
[Flags]
public enum RunAnalyses
{
    /// <summary>Nothing more.</summary>
    None = 0,

    /// <summary>Validation accuracy with Gaussian noise on the router logits, for each σ of the profile (Figure 4).</summary>
    NoiseSweep = 1,

    /// <summary>Expert Specialisation Score, each expert's top words and a PCA of the slices it processed.</summary>
    Specialisation = 2,

    /// <summary>Decode test sentences and score corpus BLEU.</summary>
    Bleu = 4,
}
