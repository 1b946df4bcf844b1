using SliceMoE.Reproduction.Data;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Tests.Support;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Reproduction.Baselines;

[Collection(SerialCollection.Name)]
public class BaselineExecutorTests
{
    [Fact]
    public void A_profile_with_baselines_computes_them_once_and_reports_them()
    {
        using var dir = new TempDirectory();
        var plan = ReproductionPlan.Create(ReproductionProfile.Micro with { Seeds = 1, Baselines = true }, ReproductionData.SampleOnly());
        var outcome = new Reproducer(plan, TaskDatasets.WithoutCache, dir.Path).Run("test");
        Assert.True(outcome.Complete);

        var b = ResultJson.Read<BaselineResults>(Path.Combine(dir.Path, BaselineExecutor.FileName));
        Assert.Equal(["agnews", "dbpedia", "emotion"], b.Classification.Keys.Order());
        Assert.All(b.Classification.Values, c => Assert.InRange(c.TestAccuracy, 0, 1));
        Assert.True(b.LanguageModel!.ValidationPerplexity > 1 && double.IsFinite(b.LanguageModel.ValidationPerplexity));
        var lm = outcome.Results[plan.Resolve(Variants.Slice("lm")).RunId(1)];
        Assert.True(b.LanguageModel.ValidationPerplexity < lm.Validation!.Perplexity, "4-gram counts beat a 3-step model"); // micro LMs train for 3 steps
        Assert.Equal(plan.Profile.BleuSentences, b.Translation!.Sentences);
        Assert.InRange(b.Translation.CopyBleu, 0, 100);
        Assert.Contains("Classical baselines", File.ReadAllText(Path.Combine(dir.Path, "report.md")), StringComparison.Ordinal);

        // The same baselines again from the file: a second invocation does not recompute them.
        File.SetLastWriteTimeUtc(Path.Combine(dir.Path, BaselineExecutor.FileName), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        new Reproducer(plan, TaskDatasets.WithoutCache, dir.Path).Run("test");
        Assert.Equal(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(Path.Combine(dir.Path, BaselineExecutor.FileName)));
    }
}
