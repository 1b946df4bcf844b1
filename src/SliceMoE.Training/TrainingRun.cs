using System.Diagnostics;
using System.Text.Json;
using SliceMoE.Distributed;
using SliceMoE.IO.Safetensors;
using SliceMoE.Layers;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Training.Data;

namespace SliceMoE.Training;

/// <summary>
/// One training run, top to bottom: data and model from the config, AdamW, the schedule, then the loop — zero the
/// gradients; for each micro-batch forward and backward (losses scaled by 1/accumulation); clip; step; log; evaluate;
/// checkpoint. Every random draw comes from streams saved in checkpoints, so <see cref="Resume"/> continues bit for bit.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly Rng _trainRng;
    private readonly EpochSampler _sampler;
    private readonly AdamW<float> _optimizer;
    private readonly Action<string>? _log;
    private double _bestScore = double.NegativeInfinity;
    private int _badEvaluations;
    private bool _resumed;
    private bool _overwrite;
    private DataParallel? _parallel;

    /// <summary>The files that make a folder hold a run.</summary>
    private static readonly string[] RunFiles = ["checkpoint.safetensors", "summary.json", "metrics.jsonl"];

    private TrainingRun(TrainingConfig config, TaskRunner runner, Action<string>? log)
    {
        Config = config;
        Runner = runner;
        _log = log;
        var root = new Rng(config.Seed);
        _trainRng = root.Fork(1);
        _sampler = new EpochSampler(runner.TrainCount, root.Fork(2));
        _optimizer = new AdamW<float>(runner.Store, new AdamWOptions(config.Beta1, config.Beta2, config.Epsilon, config.WeightDecay));
        int perStep = config.BatchSize * config.GradientAccumulation;
        TotalSteps = config.Steps ?? Math.Max(1, (int)Math.Ceiling((double)config.Epochs * runner.TrainCount / perStep));
    }

    /// <summary>The configuration.</summary>
    public TrainingConfig Config { get; }

    /// <summary>Data and model.</summary>
    public TaskRunner Runner { get; }

    /// <summary>Optimiser steps done.</summary>
    public int Step { get; private set; }

    /// <summary>Steps planned.</summary>
    public int TotalSteps { get; }

    /// <summary>Where checkpoints go.</summary>
    public string CheckpointPath => Path.Combine(Config.Out, "checkpoint.safetensors");

    /// <summary>
    /// Builds a fresh run on the data <paramref name="data"/> resolves (e.g. <see cref="TaskDatasets.WithoutCache"/>).
    /// A run writes nothing into <see cref="TrainingConfig.Out"/> until it has taken its first step, and a folder that
    /// already holds a run (a checkpoint, metrics or a summary) is refused unless <paramref name="overwrite"/>, as
    /// PyTorch Lightning and Hugging Face's Trainer refuse an output folder in use; then the old run's files are removed
    /// when the new one has really started.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the out folder holds a run and <paramref name="overwrite"/> is false, or the config cannot fit in memory (<see cref="MemoryEstimate"/>).</exception>
    /// <remarks>
    /// Under a <paramref name="communicator"/> of several ranks (mpirun), the run is data parallel: each rank takes its
    /// share of every global batch of <see cref="TrainingConfig.BatchSize"/>, and rank 0 alone writes the run's files.
    /// </remarks>
    public static TrainingRun Start(TrainingConfig config, ITaskDataSource data, Action<string>? log = null, bool overwrite = false, ICommunicator? communicator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var existing = RunFiles.Where(f => File.Exists(Path.Combine(config.Out, f))).ToArray();
        if (existing.Length > 0 && !overwrite)
        {
            throw new InvalidOperationException(
                $"{config.Out} already holds a run ({string.Join(", ", existing)}): continue it with --resume {config.Out}, choose another out, " +
                "or pass --overwrite to replace it (its files stay untouched until the new run has taken its first step).");
        }

        MemoryEstimate.For(config).RequireFits();
        return new TrainingRun(config, RunnerFactory.Create(config, data, log: log), log) { _overwrite = overwrite }.Distributed(communicator);
    }

    /// <summary>
    /// Continues from a checkpoint, after checking every tensor it reads against the checksums the checkpoint recorded.
    /// <paramref name="overrides"/> may change keys that do not affect the model (e.g. steps, out, eval_every); a config
    /// whose model keys differ from the checkpoint's is refused, naming each difference.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the requested config does not match the checkpoint's model.</exception>
    /// <exception cref="CheckpointDamagedException">When a tensor is not what the checkpoint wrote.</exception>
    public static TrainingRun Resume(string checkpoint, ITaskDataSource data, IEnumerable<string>? overrides = null, TrainingConfig? expected = null, Action<string>? log = null, ICommunicator? communicator = null)
    {
        using var file = SafetensorsFile.Open(checkpoint);
        var (run, info) = Rebuild(file, data, overrides, expected, log);
        run.Distributed(communicator);
        Checkpoint.Restore(file, run.Runner.Store, run._optimizer, run._trainRng, run._sampler);
        run.Step = info.Step;
        run._bestScore = info.BestScore;
        run._badEvaluations = info.BadEvaluations;
        run._resumed = true;
        log?.Invoke($"resumed from {checkpoint} at step {info.Step}");
        return run;
    }

    /// <summary>
    /// A checkpoint's model, for evaluation: as <see cref="Resume"/>, but only the parameters are read (and checked), so
    /// a checkpoint whose optimizer state is damaged can still be evaluated. <see cref="Step"/> is the checkpoint's.
    /// </summary>
    /// <exception cref="CheckpointDamagedException">When a parameter is not what the checkpoint wrote.</exception>
    public static TrainingRun ForEvaluation(string checkpoint, ITaskDataSource data, IEnumerable<string>? overrides = null)
    {
        using var file = SafetensorsFile.Open(checkpoint);
        var (run, info) = Rebuild(file, data, overrides, expected: null, log: null);
        Checkpoint.LoadParameters(file, run.Runner.Store);
        run.Step = info.Step;
        return run;
    }

    /// <summary>The run a checkpoint describes (its config with <paramref name="overrides"/>, its tokenizer), before any tensor is read.</summary>
    private static (TrainingRun Run, CheckpointInfo Info) Rebuild(SafetensorsFile file, ITaskDataSource data, IEnumerable<string>? overrides, TrainingConfig? expected, Action<string>? log)
    {
        var info = Checkpoint.ReadInfo(file);
        // A run continues in the folder of the checkpoint it was pointed at (a copy of a run folder continues the copy),
        // unless the overrides name another out; the checkpoint's own config still names the folder it was written in.
        overrides = [.. overrides ?? []];
        var config = ConfigBinder.Apply(info.Config with { Out = Path.GetDirectoryName(Path.GetFullPath(file.Path))! }, overrides);
        foreach (var candidate in new[] { config, expected })
        {
            if (candidate is null)
            {
                continue;
            }

            var diff = ConfigBinder.Differences(info.Config, candidate, TrainingConfig.ModelKeys);
            if (diff.Count > 0)
            {
                throw new InvalidOperationException($"The checkpoint {file.Path} was trained with a different model: " +
                    string.Join("; ", diff.Select(k => $"{k} = {ConfigBinder.Describe(info.Config, k)} in the checkpoint, {ConfigBinder.Describe(candidate, k)} requested")) +
                    ". Resume with the checkpoint's settings or start a new run in another folder.");
            }
        }

        MemoryEstimate.For(config).RequireFits();
        var tokenizer = TokenizerFactory.Restore(info.TokenizerKind, info.Tokenizer, $"{file.Path} __metadata__.tokenizer");
        return (new TrainingRun(config, RunnerFactory.Create(config, data, tokenizer, log), log), info);
    }

    /// <summary>Whether this process writes the run's files (rank 0, or the only process).</summary>
    public bool IsRoot => _parallel is null || _parallel.Rank == 0;

    /// <summary>Ranks training this run together (1 in one process).</summary>
    public int Ranks => _parallel?.Size ?? 1;

    /// <summary>Runs to the end (or early stop, or cancellation, which writes a checkpoint first).</summary>
    public TrainingSummary Run(ITrainingObserver? observer = null, CancellationToken cancellation = default)
    {
        var c = Config;
        bool started = _resumed;
        MetricsLog? metrics = _resumed ? Begin() : null;
        var schedule = new LearningRateSchedule(
            c.Schedule switch { "inverse_sqrt" => ScheduleKind.InverseSqrt, "constant" => ScheduleKind.Constant, _ => ScheduleKind.Cosine },
            c.LearningRate, c.WarmupSteps, TotalSteps, c.MinLearningRateRatio);
        observer?.Started(Step, TotalSteps);
        var clock = Stopwatch.StartNew();
        var interval = new Interval();
        string stopped = "completed";
        double lastTrainLoss = double.NaN;
        while (Step < TotalSteps)
        {
            if (Agreed(cancellation.IsCancellationRequested))
            {
                stopped = "interrupted";
                break;
            }

            Runner.Store.ZeroGradients();
            double scale = 1.0 / c.GradientAccumulation;
            var context = new MoeForwardContext(true, _trainRng) { AuxLossScale = scale, Group = _parallel?.Communicator, ExpertGroup = _parallel?.ExpertGroup };
            for (int micro = 0; micro < c.GradientAccumulation; micro++)
            {
                var batch = _sampler.Next(c.BatchSize);
                if (_parallel is null)
                {
                    var (result, tokens) = Runner.Train(batch, context, scale);
                    interval.Add(result, tokens);
                }
                else
                {
                    var (local, localTokens) = Runner.Train(_parallel.Share(batch), context, terms => _parallel.LossScale(terms, scale));
                    var (result, tokens) = _parallel.Global(local, localTokens);
                    interval.Add(result, tokens);
                }
            }

            _parallel?.AllReduceGradients(Runner.Store);
            double norm = GradientClipping.ClipByGlobalNorm(Runner.Store, c.ClipNorm);
            double lr = schedule.At(Step);
            _optimizer.Step(lr);
            Step++;
            if (!started)
            {
                started = true;
                metrics = Begin();
            }

            if (Step % Math.Max(1, c.LogEvery) == 0 || Step == TotalSteps)
            {
                var progress = interval.Report(Step, TotalSteps, lr, norm, clock.Elapsed);
                lastTrainLoss = progress.Loss;
                metrics?.Write(progress);
                observer?.Progress(progress);
                interval = new Interval();
            }

            if (c.EvalEvery > 0 && Step % c.EvalEvery == 0 && Step < TotalSteps && EvaluateAndCheckPatience(metrics, observer))
            {
                stopped = "early-stopped";
                break;
            }

            if (c.CheckpointEvery > 0 && Step % c.CheckpointEvery == 0)
            {
                SaveCheckpoint(observer);
            }
        }

        EvaluationResult? validation = null, test = null;
        if (!started)
        {
            // Interrupted before its first step. Replacing another run, it never started: the old run's files stay. In a
            // fresh folder it writes its step-0 checkpoint, from which --resume gives the same bits as an uninterrupted run.
            if (_overwrite)
            {
                return new TrainingSummary(Step, stopped, clock.Elapsed.TotalSeconds, lastTrainLoss, null, null, CheckpointPath);
            }

            metrics = Begin();
        }

        if (stopped != "interrupted")
        {
            validation = Evaluate("validation");
            metrics?.Write(Step, validation);
            observer?.Evaluated(Step, validation);
            test = Evaluate("test");
            metrics?.Write(Step, test);
            observer?.Evaluated(Step, test);
        }

        SaveCheckpoint(observer);
        var summary = new TrainingSummary(Step, stopped, clock.Elapsed.TotalSeconds, lastTrainLoss, validation, test, CheckpointPath);
        if (IsRoot)
        {
            File.WriteAllText(Path.Combine(c.Out, "summary.json"), JsonSerializer.Serialize(summary, SummaryJson.Options));
        }

        return summary;
    }

    /// <summary>Metrics on a split (evaluation mode; router noise at evaluation draws from a fixed stream).</summary>
    public EvaluationResult Evaluate(string split) =>
        Runner.Evaluate(split, Math.Max(Config.BatchSize, 32), new ForwardContext(false, new Rng(Config.Seed).Fork(3)));

    /// <summary>Writes the checkpoint now (rank 0, after checking that every rank holds the same parameters).</summary>
    public void SaveCheckpoint(ITrainingObserver? observer = null)
    {
        _parallel?.RequireSameParameters(Runner.Store, Step);
        if (!IsRoot)
        {
            return;
        }

        var info = new CheckpointInfo(Config, Config.Tokenizer, TokenizerFactory.Serialize(Runner.Tokenizer), Step, _bestScore, _badEvaluations);
        Checkpoint.Save(CheckpointPath, info, Runner.Store, _optimizer, _trainRng, _sampler);
        observer?.CheckpointWritten(Step, CheckpointPath);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Runner.Dispose();
        _optimizer.Dispose();
    }

    /// <summary>Makes the run data parallel over <paramref name="communicator"/> when it has several ranks, after checking that they agree.</summary>
    private TrainingRun Distributed(ICommunicator? communicator)
    {
        int ranks = communicator?.Size ?? 1, expertParallel = Config.ExpertParallel;
        if (ranks % expertParallel != 0)
        {
            throw new InvalidOperationException($"config key 'expert_parallel' = {expertParallel} does not divide the {ranks} rank(s) of this job: start it with mpirun -np N where N is a multiple of {expertParallel}, or set expert_parallel=1.");
        }

        if (communicator is { Size: > 1 })
        {
            _parallel = new DataParallel(communicator, expertParallel);
            _parallel.Share(new int[Config.BatchSize]); // a batch that does not split is refused before anything runs
            _parallel.RequireAgreement(Config, Runner);
        }

        return this;
    }

    /// <summary>A stop request holds for every rank as soon as one rank has it, so that all stop at the same step.</summary>
    private bool Agreed(bool local)
    {
        if (_parallel is null)
        {
            return local;
        }

        var flag = new[] { local ? 1 : 0 };
        _parallel.Communicator.AllReduce<int>(flag, ReduceOperation.Max);
        return flag[0] != 0;
    }

    /// <summary>The run has really started: rank 0's folder gets config.json and metrics.jsonl (an overwritten run's files go first); other ranks write nothing.</summary>
    private MetricsLog? Begin()
    {
        if (!IsRoot)
        {
            return null;
        }

        var c = Config;
        Directory.CreateDirectory(c.Out);
        if (_overwrite && !_resumed)
        {
            foreach (var f in RunFiles)
            {
                File.Delete(Path.Combine(c.Out, f));
            }
        }

        File.WriteAllText(Path.Combine(c.Out, "config.json"), ConfigBinder.ToJson(c));
        return new MetricsLog(Path.Combine(c.Out, "metrics.jsonl"), _resumed ? Step : null);
    }

    private bool EvaluateAndCheckPatience(MetricsLog? metrics, ITrainingObserver? observer)
    {
        var result = Evaluate("validation");
        metrics?.Write(Step, result);
        observer?.Evaluated(Step, result);
        if (result.Score > _bestScore)
        {
            _bestScore = result.Score;
            _badEvaluations = 0;
        }
        else
        {
            _badEvaluations++;
        }

        bool stop = Config.Patience > 0 && _badEvaluations >= Config.Patience;
        if (stop)
        {
            _log?.Invoke($"early stop at step {Step}: no validation improvement in {Config.Patience} evaluations");
        }

        return stop;
    }

    /// <summary>Sums over one log interval.</summary>
    private sealed class Interval
    {
        private readonly LoadAccumulator _loads = new();
        private readonly long _start = Stopwatch.GetTimestamp();
        private double _loss;
        private double _aux;
        private int _count;
        private int _correct;
        private int _batches;
        private long _tokens;

        public void Add(Models.StepResult r, int tokens)
        {
            _loss += r.Loss * r.Count;
            _aux += r.AuxObjective;
            _count += r.Count;
            _correct += r.Correct;
            _tokens += tokens;
            _batches++;
            _loads.Add(r.MoeReports);
        }

        public TrainingProgress Report(int step, int total, double lr, double norm, TimeSpan elapsed)
        {
            double seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
            return new TrainingProgress(step, total, _count > 0 ? _loss / _count : double.NaN, _count > 0 ? (double)_correct / _count : double.NaN,
                _batches > 0 ? _aux / _batches : 0, lr, norm, seconds > 0 ? _tokens / seconds : 0, _loads.Ele, _loads.Load, elapsed);
        }
    }
}

/// <summary>JSON options for summary files.</summary>
internal static class SummaryJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
