using SliceMoE.IO.Safetensors;
using SliceMoE.Numerics;
using SliceMoE.Tests.Support;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Training;

public class ModelLoaderTests
{
    private static TrainingConfig Tiny(string task, string outDir) => ConfigBinder.Apply(
        new TrainingConfig { Out = outDir },
        [
            $"--task={task}", "--dataset=sample", "--dim=32", "--layers=1", "--heads=2", "--slices=4", "--experts=4", "--router_hidden=16",
            "--max_length=24", "--batch_size=16", "--steps=3", "--vocabulary_size=1500", "--eval_every=0", "--max_eval_examples=16",
        ]);

    [Fact]
    public void A_language_model_loads_without_its_data_and_samples_like_the_trained_one()
    {
        using var dir = new TempDirectory();
        using var run = TrainingRun.Start(Tiny("lm", dir.Path), TaskDatasets.WithoutCache);
        run.Run();
        var trained = (SliceMoE.Models.CausalLanguageModel<float>)((TaskRunner<SliceMoE.Models.LanguageModelBatch>)run.Runner).Model;

        using var loaded = ModelLoader.LoadLanguageModel(run.CheckpointPath);
        Assert.Equal(3, loaded.Info.Step);
        Assert.Equal(run.Runner.Store.Parameters.Select(p => (p.Name, string.Join('x', p.Shape))), loaded.Model.Store.Parameters.Select(p => (p.Name, string.Join('x', p.Shape))));
        Tolerance.AssertBitwiseEqual(run.Runner.Store.Values.Span.ToArray(), loaded.Model.Store.Values.Span.ToArray(), "parameters");
        var prompt = loaded.Tokenizer.Encode("the congress of the united states");
        Assert.Equal(trained.GenerateUncached(prompt, 8, 0.8, 20, new Rng(3)), loaded.Model.GenerateUncached(prompt, 8, 0.8, 20, new Rng(3)));
    }

    [Fact]
    public void A_translator_loads_and_the_wrong_task_is_refused()
    {
        using var dir = new TempDirectory();
        using (var run = TrainingRun.Start(Tiny("translation", dir.Path), TaskDatasets.WithoutCache))
        {
            run.Run();
        }

        string checkpoint = Path.Combine(dir.Path, "checkpoint.safetensors");
        using (var loaded = ModelLoader.LoadTranslator(checkpoint))
        {
            Assert.Equal("translation", loaded.Info.Config.Task);
        }

        var e = Assert.Throws<InvalidOperationException>(() => ModelLoader.LoadLanguageModel(checkpoint));
        Assert.Contains("is a checkpoint of task translation; this needs a language model (task lm)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_safetensors_file_that_is_not_a_checkpoint_is_refused()
    {
        using var dir = new TempDirectory();
        var w = new SafetensorsWriter();
        w.Add("weight", [1f, 2f], [2]);
        string path = dir.File("plain.safetensors");
        w.Save(path);
        var e = Assert.Throws<FormatException>(() => ModelLoader.LoadLanguageModel(path));
        Assert.Contains("is not a SliceMoE.NET training checkpoint", e.Message, StringComparison.Ordinal);
    }
}
