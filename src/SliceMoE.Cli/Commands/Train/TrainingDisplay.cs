using SliceMoE.Training;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>
/// Shows a training run as it goes (live bar or plain lines) and keeps what the summaries need: the ETA from the pace
/// since this process started training, and the median training throughput (the median, because the intervals that
/// contain an evaluation or the first JIT compilation are slow outliers).
/// </summary>
internal abstract class TrainingDisplay : ITrainingObserver
{
    private readonly List<double> _rates = [];
    private int _firstStep;

    /// <summary>Median tokens/s over the logged training intervals (NaN before the first).</summary>
    public double MedianTokensPerSecond
    {
        get
        {
            if (_rates.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _rates.Order().ToArray();
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /// <summary>Runs <paramref name="run"/> to its end with this display attached.</summary>
    public abstract TrainingSummary Train(TrainingRun run, string title, CancellationToken cancellation);

    /// <summary>A line of information (data set loaded, resumed, ...).</summary>
    public abstract void Note(string message);

    /// <summary>Called from the signal's thread on the first Ctrl-C.</summary>
    public abstract void Stopping();

    public void Started(int step, int totalSteps)
    {
        _firstStep = step;
        _rates.Clear();
    }

    public void Progress(TrainingProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (double.IsFinite(progress.TokensPerSecond) && progress.TokensPerSecond > 0)
        {
            _rates.Add(progress.TokensPerSecond);
        }

        ShowProgress(progress, Eta(progress));
    }

    public abstract void Evaluated(int step, EvaluationResult result);

    public abstract void CheckpointWritten(int step, string path);

    protected abstract void ShowProgress(TrainingProgress progress, TimeSpan? eta);

    private TimeSpan? Eta(TrainingProgress p)
    {
        int done = p.Step - _firstStep;
        return done <= 0 ? null : TimeSpan.FromSeconds(p.Elapsed.TotalSeconds / done * (p.TotalSteps - p.Step));
    }
}
