using System.Diagnostics;
using System.Text.Json;
using SliceMoE.Cli.Output;
using SliceMoE.Models;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>
/// <c>slicemoe train</c> with no arguments: a SliceMoE classifier on the shipped WordNet glosses (14 classes), then a
/// TokenMoE trained the same way (same seed, data order, d, k, E and expert hidden width 4d/k, so the same active FLOPs
/// per token), then a table comparing the two against the majority-class baseline.
/// </summary>
internal static class MainJob
{
    /// <summary>Where the two runs go (runs/main/slicemoe, runs/main/tokenmoe) and the comparison (comparison.json).</summary>
    public const string Folder = "runs/main";

    /// <summary>
    /// The main job's preset, sized so that both runs together take a few minutes on 2 CPU cores while each model
    /// learns the task well past the majority baseline. Every other key keeps its <see cref="TrainingConfig"/> default.
    /// </summary>
    public static TrainingConfig Config { get; } = new()
    {
        Task = "classification",
        Dataset = "sample",          // the shipped WordNet glosses (14 classes, 4,200/700/700): runs on a fresh clone, no fetch
        Layer = "slicemoe",          // the TokenMoE run changes this key only
        Dim = 128,                   // d: S = 8 slices of 16 dims; about 0.1 s a step on 2 cores
        Layers = 2,                  // two MoE layers, so load balance is measured at two depths
        Heads = 4,
        Slices = 8,                  // S = 8, the paper's setting
        Experts = 16,                // E = 16, the paper's classification setting
        TopK = 2,                    // k = 2; expert hidden is left at its default 4d/k for both layers (matched active FLOPs)
        RouterHidden = 128,          // the paper's 256 is for d = 768; at d = 128 it would be a router wider than the model
        VocabularySize = 6000,       // about the words seen at least twice in the training glosses (13k distinct); the rest is <unk>
        MaxLength = 32,              // 95% of the glosses are shorter (median 14 tokens)
        BatchSize = 32,              // the paper's batch size
        Epochs = 4,                  // validation accuracy levels off after about 3 epochs (train accuracy is near 100% by then)
        LearningRate = 2e-3,         // a small model from scratch: higher than the paper's 2e-4 for a pretrained encoder
        WarmupSteps = 30,            // then cosine decay to 10% over the 525 steps
        EvalEvery = 100,             // five validation points on the way
        LogEvery = 10,
        CheckpointEvery = 100,       // a Ctrl-C or crash loses at most ~10 s
        Seed = 1,
    };

    /// <summary>Runs the main job with <see cref="Config"/> into <see cref="Folder"/>; 0 when done, 130 when interrupted.</summary>
    public static int Run(TrainSession session, Interrupt interrupt) => Run(session, interrupt, Config, Folder);

    /// <summary>The same with another preset and folder (the tests use a tiny one).</summary>
    public static int Run(TrainSession session, Interrupt interrupt, TrainingConfig preset, string folder)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(preset);
        var output = session.Output;
        output.WriteLine($"Main job: a SliceMoE classifier and a TokenMoE trained the same way on {preset.Dataset} ({preset.Task}), into {folder}/.");
        var clock = Stopwatch.StartNew();
        var results = new List<MainJobResult>();
        foreach (string layer in new[] { "slicemoe", "tokenmoe" })
        {
            var config = preset with { Layer = layer, Out = Path.Combine(folder, layer) };
            using var run = TrainingRun.Start(config, TaskDatasets.WithoutCache, session.Log, overwrite: true); // the main job owns its folders
            var summary = session.Train(run, layer == "slicemoe" ? "SliceMoE" : "TokenMoE", interrupt);
            if (summary.Stopped == "interrupted")
            {
                output.WriteLine("The comparison needs both runs: run ./slicemoe train again to start the main job over.");
                return 130;
            }

            results.Add(MainJobResult.From(layer, summary, session.Display.MedianTokensPerSecond, Majority(run)));
        }

        double total = clock.Elapsed.TotalSeconds;
        session.Console.Write(ComparisonTable.Build(preset, results));
        output.WriteLine(ComparisonTable.Settings(preset, total));
        string json = Path.Combine(folder, "comparison.json");
        using (var config = JsonDocument.Parse(ConfigBinder.ToJson(preset)))
        {
            File.WriteAllText(json, JsonSerializer.Serialize(new { config = config.RootElement, total_seconds = total, runs = results }, JsonLines.Indented));
        }

        output.WriteLine($"Written {json}. Inspect a model with: slicemoe eval {Path.Combine(folder, "slicemoe")} --split test");
        return 0;
    }

    /// <summary>The majority-class baseline: the most frequent training label, scored on the test split.</summary>
    private static double Majority(TrainingRun run)
    {
        var data = (ClassificationTaskData)((TaskRunner<ClassificationBatch>)run.Runner).Data;
        int majority = data.Train.GroupBy(e => e.Label).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        return data.Test.Count == 0 ? double.NaN : (double)data.Test.Count(e => e.Label == majority) / data.Test.Count;
    }
}
