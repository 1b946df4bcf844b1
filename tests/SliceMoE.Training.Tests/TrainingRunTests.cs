using System.Text.Json.Nodes;
using SliceMoE.Compute;
using SliceMoE.IO.Safetensors;
using SliceMoE.Tests.Support;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Training;

[Collection(SerialCollection.Name)]
public class TrainingRunTests
{
    private static TrainingConfig Tiny(string task, string outDir, params string[] overrides) => ConfigBinder.Apply(
        new TrainingConfig { Out = outDir },
        [
            $"--task={task}", "--dataset=sample", "--dim=32", "--layers=1", "--heads=2", "--slices=4", "--experts=4", "--top_k=2",
            "--router_hidden=16", "--max_length=24", "--batch_size=16", "--steps=10", "--vocabulary_size=1500", "--eval_every=0",
            "--log_every=1", "--checkpoint_every=0", "--max_train_examples=400", "--max_eval_examples=64", "--warmup_steps=2", .. overrides,
        ]);

    private sealed class Collector(Action<TrainingProgress>? onProgress = null) : ITrainingObserver
    {
        public List<TrainingProgress> Progress { get; } = [];

        public void Started(int step, int totalSteps)
        {
        }

        void ITrainingObserver.Progress(TrainingProgress progress)
        {
            Progress.Add(progress);
            onProgress?.Invoke(progress);
        }

        public void Evaluated(int step, EvaluationResult result)
        {
        }

        public void CheckpointWritten(int step, string path)
        {
        }
    }

    private static float[] Parameters(string checkpoint)
    {
        using var file = SafetensorsFile.Open(checkpoint);
        return file.Entries.Where(e => !e.Name.Contains('.', StringComparison.Ordinal) || !e.Name.StartsWith("optimizer", StringComparison.Ordinal))
            .Where(e => e.Dtype == SafetensorsDtype.F32)
            .SelectMany(e => file.ReadFloat32(e.Name).ToArray()).ToArray();
    }

    [Theory]
    [InlineData("classification")]
    [InlineData("lm")]
    [InlineData("translation")]
    public void An_interrupted_run_resumes_to_the_same_bits(string task)
    {
        using var dir = new TempDirectory();
        string a = Path.Combine(dir.Path, "a"), b = Path.Combine(dir.Path, "b");
        var full = new Collector();
        using (var run = TrainingRun.Start(Tiny(task, a), TaskDatasets.WithoutCache))
        {
            var summary = run.Run(full);
            Assert.Equal("completed", summary.Stopped);
            Assert.Equal(10, summary.Steps);
        }

        using var cancel = new CancellationTokenSource();
        var first = new Collector(p =>
        {
            if (p.Step == 6)
            {
                cancel.Cancel();
            }
        });
        using (var run = TrainingRun.Start(Tiny(task, b), TaskDatasets.WithoutCache))
        {
            Assert.Equal("interrupted", run.Run(first, cancel.Token).Stopped);
        }

        var second = new Collector();
        using (var resumed = TrainingRun.Resume(Path.Combine(b, "checkpoint.safetensors"), TaskDatasets.WithoutCache))
        {
            Assert.Equal(6, resumed.Step);
            resumed.Run(second);
        }

        var lossesFull = full.Progress.Select(p => p.Loss).ToArray();
        var lossesResumed = first.Progress.Concat(second.Progress).Select(p => p.Loss).ToArray();
        Assert.Equal(lossesFull, lossesResumed);
        Tolerance.AssertBitwiseEqual(Parameters(Path.Combine(b, "checkpoint.safetensors")), Parameters(Path.Combine(a, "checkpoint.safetensors")), "final checkpoint");
        var metrics = MetricsWithoutTimings(Path.Combine(a, "metrics.jsonl"));
        Assert.Equal(10 + 2, metrics.Length); // a line per step (log_every=1), then validation and test
        Assert.Equal(metrics, MetricsWithoutTimings(Path.Combine(b, "metrics.jsonl")));
    }

    /// <summary>The wall-clock measurements of a metrics.jsonl training line (<see cref="MetricsLog"/>); every other field must be equal after a resume.</summary>
    private static readonly string[] Timings = ["tokens_per_s", "elapsed_s"];

    /// <summary>Every line of a metrics.jsonl, without its <see cref="Timings"/>.</summary>
    private static string[] MetricsWithoutTimings(string path) => File.ReadAllLines(path).Select(line =>
    {
        var json = JsonNode.Parse(line)!.AsObject();
        foreach (string key in Timings)
        {
            json.Remove(key);
        }

        return json.ToJsonString();
    }).ToArray();

    [Fact]
    public void Training_gives_the_same_bits_at_one_and_two_threads()
    {
        using var dir = new TempDirectory();
        int saved = ComputeThreads.Count;
        try
        {
            var results = new List<float[]>();
            foreach (int threads in new[] { 1, 2 })
            {
                ComputeThreads.Count = threads;
                string o = Path.Combine(dir.Path, $"t{threads}");
                using var run = TrainingRun.Start(Tiny("classification", o, "--steps=6", "--dim=64", "--batch_size=32"), TaskDatasets.WithoutCache);
                run.Run();
                results.Add(Parameters(Path.Combine(o, "checkpoint.safetensors")));
            }

            Tolerance.AssertBitwiseEqual(results[1], results[0], "2 threads vs 1");
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    /// <summary>A value other than the default for each key of <see cref="TrainingConfig.TaskKeys"/>.</summary>
    private static readonly Dictionary<string, string> ChangedValues = new()
    {
        ["max_train_examples"] = "50", ["label_smoothing"] = "0.2", ["pooling"] = "first", ["freeze_encoder"] = "true", ["embeddings"] = "glove",
    };

    /// <summary>Every (task, key) pair of <see cref="TrainingConfig.TaskKeys"/> but embeddings=glove for classification (it needs the fetched vectors).</summary>
    public static TheoryData<string, string> TasksAndTaskKeys()
    {
        var data = new TheoryData<string, string>();
        foreach (string task in new[] { "classification", "lm", "translation" })
        {
            foreach (string key in TrainingConfig.TaskKeys.Keys.Where(k => !(task == "classification" && k == "embeddings")))
            {
                data.Add(task, key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TasksAndTaskKeys))]
    public void A_task_key_changes_the_training_of_the_tasks_that_use_it_and_of_no_other(string task, string key)
    {
        using var dir = new TempDirectory();
        float[] Train(string name, params string[] overrides)
        {
            string o = Path.Combine(dir.Path, name);
            using var run = TrainingRun.Start(Tiny(task, o, ["--steps=2", .. overrides]), TaskDatasets.WithoutCache);
            run.Run();
            return Parameters(Path.Combine(o, "checkpoint.safetensors"));
        }

        var baseline = Train("baseline");
        var changed = Train("changed", $"--{key}={ChangedValues[key]}");
        if (TrainingConfig.TaskKeys[key].Contains(task))
        {
            Assert.False(baseline.AsSpan().SequenceEqual(changed), $"{key} is listed for {task} but changes nothing");
        }
        else
        {
            Tolerance.AssertBitwiseEqual(baseline, changed, $"{key} is not listed for {task} but changes its training");
        }
    }

    [Fact]
    public void A_checkpoint_with_a_different_model_is_refused()
    {
        using var dir = new TempDirectory();
        string o = Path.Combine(dir.Path, "run");
        using (var run = TrainingRun.Start(Tiny("classification", o, "--steps=2"), TaskDatasets.WithoutCache))
        {
            run.Run();
        }

        var e = Assert.Throws<InvalidOperationException>(() => TrainingRun.Resume(Path.Combine(o, "checkpoint.safetensors"), TaskDatasets.WithoutCache, ["--experts=8"]));
        Assert.Contains("experts = 4 in the checkpoint, 8 requested", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_keys_are_validated_by_name_and_type()
    {
        var e1 = Assert.Throws<FormatException>(() => ConfigBinder.Apply(new TrainingConfig(), ["--learning_rat=1e-3"]));
        Assert.Contains("unknown config key 'learning_rat'. Did you mean 'learning_rate'?", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<FormatException>(() => ConfigBinder.Apply(new TrainingConfig(), ["--batch_size=big"]));
        Assert.Contains("'batch_size' must be an integer", e2.Message, StringComparison.Ordinal);
        var e3 = Assert.Throws<FormatException>(() => ConfigBinder.FromJson("{\"dim\": \"128\"}", "cfg.json"));
        Assert.Contains("cfg.json: config key 'dim' must be an integer, not the string \"128\"", e3.Message, StringComparison.Ordinal);
        var e4 = Assert.Throws<FormatException>(() => ConfigBinder.Apply(new TrainingConfig(), ["--layer=moe"]));
        Assert.Contains("config key 'layer' = moe is not allowed: it must be slicemoe, tokenmoe or dense", e4.Message, StringComparison.Ordinal);
        var round = ConfigBinder.FromJson(ConfigBinder.ToJson(new TrainingConfig { Dim = 64, Steps = 7 }), "round trip");
        Assert.Equal(new TrainingConfig { Dim = 64, Steps = 7 }, round);
    }

    [Fact]
    public void Overrides_name_the_keys_that_differ_and_read_back_to_the_same_config()
    {
        var baseline = new TrainingConfig { Steps = 9 };
        var config = baseline with { Dim = 64, LearningRate = 3e-3, Steps = null, FreezeEncoder = true, Seed = 12345678901234567890UL, Dataset = "tsv:a=b.tsv" };
        var overrides = ConfigBinder.Overrides(config, baseline);
        Assert.Equal(["dataset=tsv:a=b.tsv", "dim=64", "freeze_encoder=true", "learning_rate=0.003", "steps=null", "seed=12345678901234567890"], overrides);
        Assert.Equal(config, ConfigBinder.Apply(baseline, overrides));
        Assert.Equal(config, ConfigBinder.Apply(new TrainingConfig(), ConfigBinder.Overrides(config)));
        Assert.Empty(ConfigBinder.Overrides(new TrainingConfig()));
    }
}
