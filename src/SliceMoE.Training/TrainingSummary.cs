namespace SliceMoE.Training;

/// <summary>How a run ended, and its final metrics.</summary>
/// <param name="Steps">Optimiser steps done.</param>
/// <param name="Stopped">"completed", "early-stopped" or "interrupted".</param>
/// <param name="WallSeconds">Wall time of this process's part of the run.</param>
/// <param name="FinalTrainLoss">Mean training loss of the last logged interval.</param>
/// <param name="Validation">Final validation metrics (null when interrupted).</param>
/// <param name="Test">Final test metrics (null when interrupted).</param>
/// <param name="Checkpoint">The last checkpoint written.</param>
public sealed record TrainingSummary(int Steps, string Stopped, double WallSeconds, double FinalTrainLoss, EvaluationResult? Validation, EvaluationResult? Test, string Checkpoint);
