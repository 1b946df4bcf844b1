namespace SliceMoE.Reproduction.Plan;

/// <summary>Scale of the synthetic 64-dimensional segment task (the paper's Figure 7).</summary>
/// <param name="Epochs">Training epochs (ELE is recorded after each).</param>
/// <param name="TrainExamples">Training vectors.</param>
/// <param name="TestExamples">Held-out vectors (accuracy per epoch).</param>
/// <param name="BatchSize">Vectors per step.</param>
/// <param name="LearningRate">AdamW learning rate (constant).</param>
/// <param name="Signal">Amplitude of a class's pattern in its segment, in units of the noise's standard deviation.</param>
public sealed record SyntheticSettings(int Epochs, int TrainExamples, int TestExamples, int BatchSize, double LearningRate, double Signal);
