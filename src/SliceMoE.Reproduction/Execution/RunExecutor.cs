using System.Diagnostics;
using SliceMoE.Evaluation;
using SliceMoE.Models;
using SliceMoE.Reproduction.Analysis;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Reproduction.Synthetic;
using SliceMoE.Text;
using SliceMoE.Text.Embeddings;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Reproduction.Execution;

/// <summary>
/// Executes one run into <c>OUT/runs/&lt;id&gt;/</c>: trains (resuming from the folder's checkpoint when an earlier
/// invocation was interrupted), evaluates, runs the analyses the plan asks for, and writes <c>result.json</c> last, so a
/// run is either done (result present) or resumable (checkpoint present) or not started.
/// </summary>
public sealed class RunExecutor
{
    /// <summary>The result file name in a run folder.</summary>
    public const string ResultFile = "result.json";

    private readonly ReproductionPlan _plan;
    private readonly ITaskDataSource _data;
    private readonly Action<string>? _log;
    private IWordVectors? _glove;

    /// <summary>Executes runs of <paramref name="plan"/> on the data <paramref name="data"/> resolves, logging detail lines to <paramref name="log"/>.</summary>
    public RunExecutor(ReproductionPlan plan, ITaskDataSource data, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(data);
        _plan = plan;
        _data = data;
        _log = log;
    }

    /// <summary>The finished result in <paramref name="folder"/>, or null when the run is not done.</summary>
    /// <exception cref="InvalidOperationException">When the folder holds a result made with another configuration.</exception>
    public static RunResult? Finished(RunSpec run, string folder)
    {
        ArgumentNullException.ThrowIfNull(run);
        string path = Path.Combine(folder, ResultFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var result = ResultJson.Read<RunResult>(path);
        var expected = run.Overrides;

        // A training result counts by the config its overrides make: one written before the profiles were typed lists
        // the same keys in another order and form (learning_rate=3e-3, epochs=3 though it is the default).
        var made = run.Config is not null && result.Task == run.Task ? ConfigBinder.Overrides(RunConfigs.Config(result.Overrides)) : result.Overrides;
        if (!made.SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"{path} was made with a different configuration ({string.Join(' ', made.Except(expected))} instead of {string.Join(' ', expected.Except(made))}). " +
                "Use another --out folder for another profile or data, or delete that folder.");
        }

        return result;
    }

    /// <summary>The step of the checkpoint an interrupted run would resume from, or null.</summary>
    public static int? ResumeStep(string folder)
    {
        string checkpoint = Path.Combine(folder, "checkpoint.safetensors");
        if (!File.Exists(checkpoint))
        {
            return null;
        }

        using var file = IO.Safetensors.SafetensorsFile.Open(checkpoint);
        return Checkpoint.ReadInfo(file).Step;
    }

    /// <summary>Runs <paramref name="run"/> into <paramref name="folder"/>; null when cancelled (training then leaves a checkpoint to resume from).</summary>
    public RunResult? Execute(RunSpec run, string folder, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        RunResult? result = run.Task == "synthetic" ? Synthetic(run, clock, cancellation) : Train(run, folder, clock, cancellation);
        if (result is not null)
        {
            ResultJson.Write(Path.Combine(folder, ResultFile), result);
        }

        return result;
    }

    private RunResult? Synthetic(RunSpec run, Stopwatch clock, CancellationToken cancellation)
    {
        var r = SyntheticTraining.Run(_plan.Profile.Synthetic, run.Seed, cancellation);
        return r is null ? null : Base(run, run.Overrides) with { Synthetic = r, WallSeconds = clock.Elapsed.TotalSeconds, Steps = r.Epochs.Count - 1 };
    }

    private RunResult? Train(RunSpec run, string folder, Stopwatch clock, CancellationToken cancellation)
    {
        var config = (run.Config ?? throw new ArgumentException($"{run.Id} is not a training run.", nameof(run))) with { Out = folder };
        int? resumeStep = ResumeStep(folder);
        if (resumeStep is null)
        {
            // The reproduction owns its run folders: one without a checkpoint was stopped before its first one and starts over.
            foreach (var partial in new[] { "metrics.jsonl", "summary.json", "config.json" })
            {
                File.Delete(Path.Combine(folder, partial));
            }
        }

        using var training = resumeStep is null
            ? TrainingRun.Start(config, _data, _log)
            : TrainingRun.Resume(Path.Combine(folder, "checkpoint.safetensors"), _data, [$"--out={folder}"], config, _log);
        var summary = training.Run(null, cancellation);
        if (summary.Stopped == "interrupted")
        {
            return null;
        }

        var runner = training.Runner;
        var (ffnParameters, ffnFlops) = RunConfigs.FeedForwardSize(config);
        var result = Base(run, run.Overrides) with
        {
            Steps = summary.Steps,
            ResumedFromStep = resumeStep,
            FeedForwardParameters = ffnParameters,
            FeedForwardFlops = ffnFlops,
            ModelParameters = runner.Store.Length,
            TrainableParameters = runner.Store.Parameters.Where(p => !p.Frozen).Sum(p => p.Length),
            Validation = Metrics(summary.Validation!),
            Test = Metrics(summary.Test!),
            Curve = Curves.Read(Path.Combine(folder, "metrics.jsonl")),
            Counts = Counts(runner, summary),
        };

        int batch = Math.Max(config.BatchSize, 32);
        if (runner is TaskRunner<ClassificationBatch> classifier)
        {
            var data = (ClassificationTaskData)classifier.Data;
            result = result with { LabelNames = data.LabelNames, TestLabels = data.Test.Select(t => t.Label).ToArray(), TestPredictions = summary.Test!.Predictions };
            if (run.Analyses.HasFlag(RunAnalyses.Specialisation) && config.Layer != "dense")
            {
                var p = _plan.Profile;
                result = result with { Specialisation = Analysis.Specialisation.Analyse(classifier, WordVectors(classifier), p.SpecialisationWords, p.SpecialisationExamples, p.PcaExperts, p.PcaPointsPerExpert) };
            }
        }

        if (run.Analyses.HasFlag(RunAnalyses.NoiseSweep) && config.Layer != "dense")
        {
            result = result with { Noise = NoiseSweep.Run(runner, _plan.Profile.NoiseSigmas, config.Seed, batch) };
        }

        if (run.Analyses.HasFlag(RunAnalyses.Bleu) && runner is TranslationRunner translator)
        {
            result = result with { Translation = Translate(translator) };
        }

        return result with { WallSeconds = clock.Elapsed.TotalSeconds };
    }

    private static RunResult Base(RunSpec run, IReadOnlyList<string> overrides) => new()
    {
        Id = run.Id,
        Variant = run.Variant.Key,
        Label = run.Variant.Label,
        Role = run.Variant.Role,
        Task = run.Task,
        Seed = run.Seed,
        Overrides = overrides,
    };

    private static SplitMetrics Metrics(EvaluationResult r) => new(r.Loss, r.Accuracy, r.Perplexity, r.Ele, r.Cv2Counts, r.Count, r.Load);

    private static DataCounts Counts(TaskRunner runner, TrainingSummary summary) => runner switch
    {
        TaskRunner<ClassificationBatch> c when c.Data is ClassificationTaskData d => new DataCounts("examples", d.Train.Count, d.Validation.Count, d.Test.Count),
        TaskRunner<LanguageModelBatch> l when l.Data is LanguageModelTaskData d => new DataCounts("tokens", d.Streams["train"].Length, summary.Validation!.Count, summary.Test!.Count),
        TranslationRunner t when t.Data is TranslationTaskData d => new DataCounts("pairs", d.Pairs["train"].Length, d.Pairs["validation"].Length, d.Pairs["test"].Length),
        _ => new DataCounts("items", runner.TrainCount, summary.Validation!.Count, summary.Test!.Count),
    };

    private TranslationResult Translate(TranslationRunner translator)
    {
        var p = _plan.Profile;
        var decoded = translator.Translate("test", p.BleuSentences, p.Beam, p.DecodeLength);

        bool lowercase = translator.ScoresLowercased;
        var bleu = translator.Score(decoded);
        return new TranslationResult(
            bleu.Score, bleu.Precisions, bleu.BrevityPenalty, bleu.LengthRatio, decoded.Count, p.Beam, lowercase, bleu.ToString(),
            decoded.Take(3).Select(d => new TranslationSample(d.Source, d.Hypothesis, d.Reference)).ToArray());
    }

    // GloVe when the reproduction uses it (loaded once, from its binary cache), else the model's own embeddings.
    private IWordVectors WordVectors(TaskRunner<ClassificationBatch> runner)
    {
        if (_plan.Data.Glove)
        {
            return _glove ??= new GloveWordVectors(_data.Glove());
        }

        var model = (EncoderClassifier<float>)runner.Model;
        return new TableWordVectors(model.Tokens.Weight.Value.ToArray(), model.Tokens.Dim, runner.Tokenizer);
    }
}
