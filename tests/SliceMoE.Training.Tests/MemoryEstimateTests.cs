using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Training;

/// <summary>Configurations that cannot fit are refused before anything is allocated or written.</summary>
public class MemoryEstimateTests
{
    private static TrainingConfig Config(string task, string layer, params string[] more) => ConfigBinder.Apply(new TrainingConfig(),
        [$"--task={task}", $"--layer={layer}", "--dataset=sample", "--dim=32", "--layers=2", "--heads=2", "--slices=4", "--experts=4", "--router_hidden=16",
         "--max_length=24", "--batch_size=8", "--steps=1", "--vocabulary_size=300", "--eval_every=0", "--max_train_examples=64", "--max_eval_examples=8", .. more]);

    [Theory]
    [InlineData("classification", "slicemoe")]
    [InlineData("lm", "tokenmoe")]
    [InlineData("translation", "dense")]
    public void The_parameter_count_is_the_models_to_within_the_unused_vocabulary(string task, string layer)
    {
        using var dir = new TempDirectory();
        var config = Config(task, layer, $"--out={dir.Path}");
        using var run = TrainingRun.Start(config, TaskDatasets.WithoutCache);
        long actual = run.Runner.Store.Length, estimate = MemoryEstimate.For(config).Parameters;
        // The estimate takes the configured vocabulary size (the tokenizer may end below it) and, for the classifier, a
        // vocabulary-sized output layer in place of its smaller head: it may only be above the model, by at most the two.
        long vocabularySlack = 2L * (config.VocabularySize - run.Runner.Tokenizer.VocabularySize + 1) * config.Dim;
        Assert.InRange(estimate, actual, actual + vocabularySlack + (config.VocabularySize * config.Dim));
    }

    [Theory]
    [InlineData("--experts=100000", "parameters")]
    [InlineData("--batch_size=1000000", "activations")]
    public void A_configuration_that_cannot_fit_is_refused_with_the_estimate_before_allocating(string key, string what)
    {
        using var dir = new TempDirectory();
        var config = Config("classification", "slicemoe", $"--out={dir.File("run")}", key, "--dim=512", "--layers=4");
        var e = Assert.Throws<InvalidOperationException>(() => TrainingRun.Start(config, TaskDatasets.WithoutCache));
        Assert.Contains("This configuration needs about", e.Message, StringComparison.Ordinal);
        Assert.Contains("GiB are available", e.Message, StringComparison.Ordinal);
        Assert.True(MemoryEstimate.For(config).TotalBytes > GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        Assert.Contains(what == "parameters" ? "experts" : "batch_size", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("run")));
    }

    [Fact]
    public void The_main_jobs_configuration_fits_with_room_to_spare()
    {
        var estimate = MemoryEstimate.For(ConfigBinder.Apply(new TrainingConfig(), ["--dim=128", "--layers=2", "--experts=16", "--batch_size=32", "--max_length=64", "--vocabulary_size=8000"]));
        Assert.True(estimate.TotalBytes < 1L << 30, $"{estimate}");
    }
}
