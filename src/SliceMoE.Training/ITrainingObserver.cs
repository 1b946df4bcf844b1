namespace SliceMoE.Training;

/// <summary>One logged training interval.</summary>
/// <param name="Step">Optimiser steps done.</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Loss">Mean task loss over the interval.</param>
/// <param name="Accuracy">Training accuracy over the interval.</param>
/// <param name="AuxObjective">Mean auxiliary objective over the interval.</param>
/// <param name="LearningRate">Learning rate of the last step.</param>
/// <param name="GradientNorm">Gradient norm before clipping, last step.</param>
/// <param name="TokensPerSecond">Throughput over the interval.</param>
/// <param name="Ele">Mean ELE over the MoE layers over the interval.</param>
/// <param name="Load">Per MoE layer, expert load fractions over the interval.</param>
/// <param name="Elapsed">Wall time since the run (or resume) started.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double Accuracy, double AuxObjective, double LearningRate, double GradientNorm, double TokensPerSecond, double Ele, IReadOnlyList<double[]> Load, TimeSpan Elapsed);

/// <summary>Receives the training loop's events (the CLI shows a progress bar; tests collect them).</summary>
public interface ITrainingObserver
{
    /// <summary>Once, before the first step (after a resume, at the resumed step).</summary>
    void Started(int step, int totalSteps);

    /// <summary>Every log interval.</summary>
    void Progress(TrainingProgress progress);

    /// <summary>After each evaluation.</summary>
    void Evaluated(int step, EvaluationResult result);

    /// <summary>After each checkpoint write.</summary>
    void CheckpointWritten(int step, string path);
}
