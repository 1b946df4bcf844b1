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
        Dataset = "sample",                  // shipped WordNet glosses: runs on a fresh clone, no fetch
        Layer = "slicemoe",
        Dim = 64,                            // d: small enough for a few minutes on 2 cores, and 8 slices of 8 dims
        Layers = 1,                          // one block learns the glosses' keyword cues; a second mostly adds time
        Heads = 4,
        Slices = 8,                          // S = 8 as in the paper
        Experts = 16,                        // E = 16 experts as in the paper's classification setup
        TopK = 2,                            // k = 2; expert hidden stays the default 4d/k for both layers (matched FLOPs)
        RouterHidden = 64,                   // the paper's 256 would make the router bigger than the model at d = 64
        VocabularySize = 6000,               // covers the frequent words of 4,200 short glosses; the tail is <unk>
        MaxLength = 32,                      // most glosses are shorter; longer ones keep their first 32 words
        BatchSize = 32,                      // the paper's batch size
        Epochs = 5,                          // enough passes for a model trained from scratch to settle
        LearningRate = 2e-3,                 // a from-scratch model this small tolerates (and needs) more than 1e-3
        WarmupSteps = 30,
        EvalEvery = 100,                     // a few validation points on the way
        LogEvery = 10,
        CheckpointEvery = 200,
        Seed = 1,
    };

    public static int Run(TrainSession session, Interrupt interrupt)
    {
        ArgumentNullException.ThrowIfNull(session);
        var output = session.Output;
        output.WriteLine($"Main job: a SliceMoE classifier and a TokenMoE trained the same way on the shipped WordNet glosses, into {Folder}/.");
        var clock = Stopwatch.StartNew();
        var results = new List<MainJobResult>();
        foreach (string layer in new[] { "slicemoe", "tokenmoe" })
        {
            var config = Config with { Layer = layer, Out = Path.Combine(Folder, layer) };
            using var run = TrainingRun.Start(config, session.Log);
            var summary = session.Train(run, layer == "slicemoe" ? "SliceMoE" : "TokenMoE", interrupt);
            if (summary.Stopped == "interrupted")
            {
                output.WriteLine("The comparison needs both runs: run ./slicemoe train again to start the main job over.");
                return 130;
            }

            results.Add(MainJobResult.From(layer, summary, session.Display.MedianTokensPerSecond, Majority(run)));
        }

        double total = clock.Elapsed.TotalSeconds;
        session.Console.Write(ComparisonTable.Build(Config, results, total));
        string json = Path.Combine(Folder, "comparison.json");
        File.WriteAllText(json, JsonSerializer.Serialize(new { config = JsonDocument.Parse(ConfigBinder.ToJson(Config)).RootElement, total_seconds = total, runs = results }, JsonLines.Indented));
        output.WriteLine($"Written {json}. Inspect a model with: slicemoe eval {Folder}/slicemoe --split test");
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
