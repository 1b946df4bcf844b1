using SliceMoE.Training;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>One row of the main job's comparison.</summary>
internal sealed record MainJobResult(
    string Layer, double TestAccuracy, double ValidationAccuracy, double Ele, double Cv2Counts, int DeadExperts, int ExpertSlots,
    double TokensPerSecond, double WallSeconds, double MajorityBaseline, int Steps, string Checkpoint)
{
    /// <summary>
    /// Reads a finished run. ELE, CV² and dead experts are measured on the test split; an expert is dead when it received
    /// no assignment on the whole test split (counted over every MoE layer, out of layers × E slots).
    /// </summary>
    public static MainJobResult From(string layer, TrainingSummary s, double tokensPerSecond, double majority)
    {
        ArgumentNullException.ThrowIfNull(s);
        var test = s.Test ?? throw new InvalidOperationException("The run ended without a test evaluation.");
        var validation = s.Validation ?? throw new InvalidOperationException("The run ended without a validation evaluation.");
        return new MainJobResult(
            layer, test.Accuracy, validation.Accuracy, test.Ele, test.Cv2Counts, test.Load.Sum(l => l.Count(v => v == 0)), test.Load.Sum(l => l.Length),
            tokensPerSecond, s.WallSeconds, majority, s.Steps, s.Checkpoint);
    }
}
