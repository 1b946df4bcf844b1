using System.Globalization;
using SliceMoE.Training;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>How training events read, as plain text (the live display and the plain lines share it).</summary>
internal static class ProgressText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"step 120/400  loss 1.8342  acc 0.412  lr 8.12e-04  |g| 1.03  3.4k tok/s  ELE 0.951".</summary>
    public static string Step(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        int width = p.TotalSteps.ToString(Invariant).Length;
        string s = string.Create(Invariant, $"step {p.Step.ToString(Invariant).PadLeft(width)}/{p.TotalSteps}  loss {p.Loss:F4}  acc {p.Accuracy:F3}  lr {p.LearningRate:0.00e+00}  |g| {p.GradientNorm:F2}  {Rate(p.TokensPerSecond)} tok/s");
        return double.IsNaN(p.Ele) ? s : s + string.Create(Invariant, $"  ELE {p.Ele:F3}");
    }

    /// <summary>"validation @ step 100: accuracy 0.6214  loss 1.2345  ELE 0.930  CV² 0.118".</summary>
    public static string Evaluation(int step, EvaluationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        string metric = r.Perplexity is double ppl ? string.Create(Invariant, $"perplexity {ppl:F2}") : string.Create(Invariant, $"accuracy {r.Accuracy:F4}");
        string s = string.Create(Invariant, $"{r.Split} @ step {step}: {metric}  loss {r.Loss:F4}");
        if (r.Bleu is double bleu)
        {
            s += string.Create(Invariant, $"  BLEU {bleu:F2}");
        }

        return double.IsNaN(r.Ele) ? s : s + string.Create(Invariant, $"  ELE {r.Ele:F3}  CV² {r.Cv2Counts:F3}");
    }

    /// <summary>1234 → "1234", 12345 → "12.3k".</summary>
    public static string Rate(double perSecond) => perSecond >= 10_000
        ? string.Create(Invariant, $"{perSecond / 1000:F1}k")
        : string.Create(Invariant, $"{perSecond:F0}");

    /// <summary>"1:05", "12:03", "1:02:03".</summary>
    public static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", Invariant)
        : t.ToString(@"m\:ss", Invariant);
}
