using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Execution;

/// <summary>Chooses each family's learning rate from the finished runs of a plan's sweep (see <see cref="LearningRateSweep"/>).</summary>
public static class LearningRateChoice
{
    /// <summary>
    /// The best rate of every family whose sweep runs (seed 1) are all finished in <paramref name="results"/>: highest
    /// validation accuracy for classification, lowest validation loss otherwise; ties go to the earlier rate of the sweep.
    /// </summary>
    public static IReadOnlyDictionary<LearningRateFamily, double> Choose(ReproductionPlan plan, IReadOnlyDictionary<string, RunResult> results)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        var chosen = new Dictionary<LearningRateFamily, double>();
        foreach (var (family, variants) in plan.SweepVariants)
        {
            var scored = variants.Select(v => (v.LearningRate!.Value, Score: results.GetValueOrDefault(v.RunId(1)) is { } r ? Score(r) : (double?)null)).ToArray();
            if (scored.All(s => s.Score is not null))
            {
                chosen[family] = scored.Aggregate((best, next) => next.Score > best.Score ? next : best).Value;
            }
        }

        return chosen;
    }

    /// <summary>The number the sweep maximises: validation accuracy for classification, −validation loss otherwise (NaN counts as worst).</summary>
    public static double Score(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        double score = result.Task == "classification" ? result.Validation?.Accuracy ?? double.NaN : -(result.Validation?.Loss ?? double.NaN);
        return double.IsNaN(score) ? double.NegativeInfinity : score;
    }
}
