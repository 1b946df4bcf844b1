using SliceMoE.Evaluation;
using SliceMoE.Layers;
using SliceMoE.Numerics;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Training;

public class ValidationBleuTests
{
    [Fact]
    public void With_eval_bleu_sentences_the_validation_metric_is_the_greedy_bleu_of_that_many_sentences()
    {
        using var dir = new Support.TempDirectory();
        string[] tiny = ["--task=translation", "--dataset=sample", "--max_train_examples=50", "--max_eval_examples=7", "--vocabulary_size=500", "--dim=16", "--heads=2", "--layers=1", "--slices=4", "--experts=4", "--router_hidden=8", "--max_length=6"];
        var config = ConfigBinder.Apply(new TrainingConfig { Out = dir.Path }, [.. tiny, "--eval_bleu_sentences=5"]);
        using var runner = (TranslationRunner)RunnerFactory.Create(config, TaskDatasets.WithoutCache);
        Assert.Equal((5, 6), (runner.ValidationBleuSentences, runner.DecodeLength));

        var context = new ForwardContext(false, new Rng(1));
        var validation = runner.Evaluate("validation", 32, context);
        var expected = Bleu.Corpus(
            runner.Translate("validation", 5, 1, 6).Select(d => d.Hypothesis).ToArray(),
            runner.Translate("validation", 5, 1, 6).Select(d => d.Reference).ToArray(),
            new BleuOptions { Lowercase = true });
        Assert.Equal(expected.Score, validation.Bleu);
        Assert.Equal(validation.Bleu, validation.Score); // what patience watches
        Assert.Null(runner.Evaluate("test", 32, context).Bleu); // the test split is decoded by the caller, with its beam

        using var plain = (TranslationRunner)RunnerFactory.Create(ConfigBinder.Apply(new TrainingConfig { Out = dir.Path }, tiny), TaskDatasets.WithoutCache);
        Assert.Null(plain.Evaluate("validation", 32, context).Bleu);
    }
}
