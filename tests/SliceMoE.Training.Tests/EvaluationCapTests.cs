using SliceMoE.Data;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Training;

public class EvaluationCapTests
{
    [Fact]
    public void A_language_model_evaluation_cap_spreads_its_windows_over_the_split()
    {
        var corpus = SampleData.LanguageModeling();
        var tokenizer = TokenizerFactory.Create("word", () => corpus.Train, 2000);
        var all = new LanguageModelTaskData(corpus, tokenizer, 32);
        var capped = new LanguageModelTaskData(corpus, tokenizer, 32, maxEvalWindows: 10);
        int n = all.Windows("validation");
        Assert.True(n > 10);
        Assert.Equal(Enumerable.Range(0, n), all.EvaluationWindows("validation"));
        var picked = capped.EvaluationWindows("validation");
        Assert.Equal(10, picked.Length);
        Assert.Equal(0, picked[0]);
        Assert.True(picked[^1] >= n * 9 / 10, "the last window comes from the end of the split");
        Assert.Equal(picked.Order(), picked);
        Assert.Equal(10, capped.EvaluationBatches("validation", 4).Sum(b => b.Batch));
        Assert.Equal(all.TrainCount, capped.TrainCount);
    }

    [Fact]
    public void Translation_runs_cap_their_pairs()
    {
        using var dir = new Support.TempDirectory();
        var config = ConfigBinder.Apply(new TrainingConfig { Out = dir.Path }, ["--task=translation", "--dataset=sample", "--max_train_examples=50", "--max_eval_examples=7", "--vocabulary_size=500", "--dim=16", "--heads=2", "--layers=1", "--slices=4", "--experts=4", "--router_hidden=8"]);
        using var runner = (TranslationRunner)RunnerFactory.Create(config, TaskDatasets.WithoutCache);
        Assert.Equal(50, runner.TrainCount);
        Assert.Equal(7, runner.Translate("validation", 100, 1, 4).Count);
    }
}
