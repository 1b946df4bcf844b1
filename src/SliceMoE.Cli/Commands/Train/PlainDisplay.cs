using SliceMoE.Training;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>One line per event, for logs, CI and pipes (and <c>--plain</c>).</summary>
internal sealed class PlainDisplay(TextWriter output) : TrainingDisplay
{
    public override TrainingSummary Train(TrainingRun run, string title, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(run);
        output.WriteLine($"{title}: {run.TotalSteps} steps, from step {run.Step}");
        return run.Run(this, cancellation);
    }

    public override void Note(string message) => output.WriteLine(message);

    public override void Stopping() => output.WriteLine("stopping after this step; writing a checkpoint (Ctrl-C again to quit at once)");

    public override void Evaluated(int step, EvaluationResult result) => output.WriteLine(ProgressText.Evaluation(step, result));

    public override void CheckpointWritten(int step, string path) => output.WriteLine($"checkpoint @ step {step}: {path}");

    protected override void ShowProgress(TrainingProgress progress, TimeSpan? eta) =>
        output.WriteLine(ProgressText.Step(progress) + (eta is TimeSpan t ? $"  ETA {ProgressText.Duration(t)}" : string.Empty));
}
