namespace SliceMoE.Training;

/// <summary>Shapes of learning-rate schedules.</summary>
public enum ScheduleKind
{
    /// <summary>Linear warm-up, then cosine decay to MinRatio · peak at the last step.</summary>
    Cosine,

    /// <summary>Linear warm-up, then peak · √(warmup / step) (the Transformer's schedule).</summary>
    InverseSqrt,

    /// <summary>Linear warm-up, then constant.</summary>
    Constant,
}

/// <summary>A learning-rate schedule: a pure function of the step (0-based), so a resumed run gets the same rates.</summary>
/// <param name="Kind">Shape.</param>
/// <param name="Peak">Learning rate after warm-up.</param>
/// <param name="WarmupSteps">Steps of linear warm-up from Peak/WarmupSteps.</param>
/// <param name="TotalSteps">Steps of the run (cosine ends here).</param>
/// <param name="MinRatio">Cosine floor as a fraction of the peak.</param>
public sealed record LearningRateSchedule(ScheduleKind Kind, double Peak, int WarmupSteps, int TotalSteps, double MinRatio = 0.1)
{
    /// <summary>The learning rate at <paramref name="step"/>.</summary>
    public double At(int step)
    {
        if (WarmupSteps > 0 && step < WarmupSteps)
        {
            return Peak * (step + 1) / WarmupSteps;
        }

        switch (Kind)
        {
            case ScheduleKind.Cosine:
                int span = Math.Max(1, TotalSteps - WarmupSteps);
                double progress = Math.Clamp((double)(step - WarmupSteps) / span, 0, 1);
                return Peak * (MinRatio + ((1 - MinRatio) * 0.5 * (1 + Math.Cos(Math.PI * progress))));
            case ScheduleKind.InverseSqrt:
                return Peak * Math.Sqrt(Math.Max(1, WarmupSteps) / (double)Math.Max(step + 1, 1));
            default:
                return Peak;
        }
    }
}
