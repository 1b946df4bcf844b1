using System.Diagnostics;
using System.Text.Json.Nodes;
using SliceMoE.Benchmarks.Measurement;
using SliceMoE.Compute;
using SliceMoE.Diagnostics;
using SliceMoE.Models;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;
using SliceMoE.Training;

namespace SliceMoE.Benchmarks.Suites;

/// <summary>Where the PyTorch replica's worker is, for <see cref="TrainBenchmark"/>.</summary>
/// <param name="Python">The Python interpreter (with torch).</param>
/// <param name="Script">tools/replica/bench_worker.py.</param>
/// <param name="WorkingDirectory">The repository root, where the worker runs.</param>
public sealed record PytorchReplica(string Python, string Script, string WorkingDirectory);

/// <summary>Options of <see cref="TrainBenchmark"/>. The defaults are the benchmark's configuration.</summary>
public sealed record TrainBenchmarkOptions
{
    /// <summary>The layers the benchmark knows, in the order they are timed and reported (Dense first: the others' ratios refer to it).</summary>
    public static IReadOnlyList<string> AllLayers { get; } = ["Dense", "SliceMoE", "TokenMoE"];

    /// <summary>Model widths d.</summary>
    public IReadOnlyList<int> Dims { get; init; } = [256, 512];

    /// <summary>Sequence lengths T.</summary>
    public IReadOnlyList<int> SequenceLengths { get; init; } = [128, 256];

    /// <summary>Transformer blocks.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Sequences per batch.</summary>
    public int Batch { get; init; } = 16;

    /// <summary>Vocabulary size V (the tied output layer is [V, d]).</summary>
    public int Vocabulary { get; init; } = 8000;

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>FFN slots to measure: "SliceMoE", "TokenMoE", "Dense".</summary>
    public IReadOnlyList<string> LayerKinds { get; init; } = AllLayers;

    /// <summary>Slices S of SliceMoE (TokenMoE has 1).</summary>
    public int Slices { get; init; } = 8;

    /// <summary>Experts E.</summary>
    public int Experts { get; init; } = 16;

    /// <summary>Experts per slice (or token) k.</summary>
    public int TopK { get; init; } = 2;

    /// <summary>Router hidden width.</summary>
    public int RouterHidden { get; init; } = 256;

    /// <summary>Alternating rounds of timing.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Minimum timed seconds per configuration, over all rounds (each round times at least 2 steps after a warm-up step).</summary>
    public double MinSeconds { get; init; } = 3.0;

    /// <summary>Compute threads (and the PyTorch worker's).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The PyTorch replica to time in the same rounds, or null.</summary>
    public PytorchReplica? Pytorch { get; init; }

    /// <summary>Seed of the parameters and the token batches.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>AdamW's (constant) learning rate.</summary>
    public double LearningRate { get; init; } = 2e-4;

    /// <summary>Expert hidden width He of the MoE layers: 4d/k, so that SliceMoE, TokenMoE and the dense FFN (4d) have the same expert FLOPs.</summary>
    public int ExpertHidden(int d) => Math.Max(1, 4 * d / TopK);

    /// <summary>Hidden width of the dense FFN: 4d.</summary>
    public static int DenseHidden(int d) => 4 * d;

    /// <summary>Checks every value, naming the offending one.</summary>
    /// <exception cref="ArgumentException">When a value is out of range.</exception>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Require(Dims.Count > 0 && SequenceLengths.Count > 0 && LayerKinds.Count > 0, "--d, --seq and --layer each need at least one value.");
        Require(Heads >= 1 && Slices >= 1 && Experts >= 1 && TopK >= 1 && TopK <= Experts && RouterHidden >= 1, "the MoE shape (heads, S, E, k, router hidden) must be positive with k ≤ E.");
        foreach (int d in Dims)
        {
            Require(d > 0 && d % Heads == 0, $"--d: {d} must be a positive multiple of the {Heads} attention heads.");
            Require(!LayerKinds.Contains("SliceMoE") || d % Slices == 0, $"--d: {d} must be a multiple of SliceMoE's {Slices} slices.");
        }

        foreach (int t in SequenceLengths)
        {
            Require(t > 0, $"--seq: {t} must be positive.");
        }

        foreach (var kind in LayerKinds)
        {
            Require(AllLayers.Contains(kind), $"--layer: '{kind}' is not one of {string.Join(", ", AllLayers)}.");
        }

        Require(LayerKinds.Distinct().Count() == LayerKinds.Count, $"--layer: {string.Join(" ", LayerKinds)} names a layer twice.");
        Require(Layers >= 1, $"--layers: {Layers} must be at least 1.");
        Require(Batch >= 1, $"--batch: {Batch} must be at least 1.");
        Require(Vocabulary >= 2, $"--vocab: {Vocabulary} must be at least 2.");
        Require(Rounds >= 1, $"--rounds: {Rounds} must be at least 1.");
        Require(MinSeconds >= 0 && double.IsFinite(MinSeconds), $"--min-seconds: {MinSeconds} must be a finite number ≥ 0.");
        Require(Threads >= 1, $"--threads: {Threads} must be at least 1.");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"the learning rate {LearningRate} must be positive.");
    }
}

/// <summary>One configuration's training throughput.</summary>
/// <param name="Model">"lm": the causal language model.</param>
/// <param name="Layer">"SliceMoE", "TokenMoE" or "Dense".</param>
/// <param name="D">Model width d.</param>
/// <param name="Layers">Blocks.</param>
/// <param name="SequenceLength">T.</param>
/// <param name="Batch">Sequences per step.</param>
/// <param name="Threads">Compute threads.</param>
/// <param name="StepSeconds">Median seconds per training step.</param>
/// <param name="TokensPerSecond">B·T / StepSeconds.</param>
/// <param name="RatioToDense">Tokens/s against the Dense model of the same shape (when measured).</param>
/// <param name="PytorchTokensPerSecond">The PyTorch replica's tokens/s, timed in the same rounds (when on).</param>
/// <param name="RatioToPytorch">Tokens/s against the PyTorch replica's (when on).</param>
/// <param name="FlopsPerToken">Forward matrix-multiply FLOPs per token, counted analytically (training: 3x).</param>
/// <param name="Gflops">3 · FlopsPerToken · tokens/s / 1e9.</param>
/// <param name="PeakGflops">The FMA peak measured in this run.</param>
/// <param name="RatioToPeak">Gflops / PeakGflops.</param>
/// <param name="BytesPerToken">Native buffer bytes the first step added at its peak (activations, gradients of activations, scratch), / (B·T).</param>
/// <param name="ManagedBytesPerStep">Managed bytes a steady-state step allocates.</param>
/// <param name="Parameters">Parameter count.</param>
/// <param name="Parts">Seconds per step of each part (the models' <see cref="ModelPhases"/>, the MoE phases, clip, optimizer), mean over every step this configuration ran.</param>
/// <param name="Contended">Timed steps disturbed by other processes.</param>
/// <param name="PytorchParameters">The replica's parameter count (when on).</param>
/// <param name="PytorchPeakRssBytes">The worker's peak resident set after this shape's measurements (when on; the whole process, over every shape so far: it holds one shape's models at a time).</param>
/// <param name="PytorchContended">The replica's timed steps disturbed by other processes (when on).</param>
public sealed record TrainMeasurement(
    string Model, string Layer, int D, int Layers, int SequenceLength, int Batch, int Threads, double StepSeconds, double TokensPerSecond,
    double? RatioToDense, double? PytorchTokensPerSecond, double? RatioToPytorch, double FlopsPerToken, double Gflops, double PeakGflops,
    double RatioToPeak, double BytesPerToken, long ManagedBytesPerStep, long Parameters, IReadOnlyDictionary<string, double> Parts, int Contended,
    long? PytorchParameters, long? PytorchPeakRssBytes, int? PytorchContended);

/// <summary>
/// Tokens/s of whole training steps of the causal LM (zero the gradients, forward, backward, clip the global norm to 1,
/// AdamW), exactly as the trainer runs them, with SliceMoE (S = 8, E = 16, k = 2, He = 4d/k), TokenMoE (S = 1, same E,
/// k, He) or a dense FFN (4d) in every block: the same expert FLOPs per token, so tokens/s compare directly. Every
/// configuration of one (d, T), ours and the PyTorch replica's, is timed in the same alternating rounds
/// (<see cref="Timing.MeasureInterleaved"/>). Each step's time is split into parts by a <see cref="PhaseTimer"/> on the
/// model (a clock read at each part boundary, about a hundred per step).
/// </summary>
public static class TrainBenchmark
{
    /// <summary>The bench loop's part: global-norm gradient clipping.</summary>
    public const string Clip = "clip";

    /// <summary>The bench loop's part: AdamW's update, and zeroing the gradients before the step.</summary>
    public const string Optimizer = "optimizer";

    /// <summary>The order parts are reported in (others follow in the order they were first seen).</summary>
    public static IReadOnlyList<string> PartOrder { get; } =
    [
        ModelPhases.Embedding, ModelPhases.Attention, ModelPhases.LayerNorm, ModelPhases.ResidualDropout, ModelPhases.Ffn,
        "router", "dispatch", "expert GEMMs", "combine", "aux", "all-to-all", ModelPhases.Output, ModelPhases.Loss, Clip, Optimizer,
    ];

    /// <summary>What <see cref="TrainMeasurement.BytesPerToken"/> counts, in words.</summary>
    public const string MemoryMeasure = "native buffers (AlignedBuffer) the first step allocated, at their peak, / (B·T)";

    /// <summary>The model's forward matrix-multiply FLOPs per token (causal attention counted over the full T).</summary>
    public static double FlopsPerToken(int d, int layers, int sequenceLength, int vocabulary, double feedForwardFlopsPerToken) =>
        (layers * ((8.0 * d * d) + (4.0 * sequenceLength * d) + feedForwardFlopsPerToken)) + (2.0 * d * vocabulary);

    /// <summary>The FFN slot of one configuration.</summary>
    public static FeedForwardSpec FeedForward(TrainBenchmarkOptions options, string kind, int d)
    {
        ArgumentNullException.ThrowIfNull(options);
        return kind switch
        {
            "Dense" => FeedForwardSpec.Dense(TrainBenchmarkOptions.DenseHidden(d)),
            "SliceMoE" or "TokenMoE" => FeedForwardSpec.Mixture(new MoeConfig
            {
                ModelDim = d, Slices = kind == "SliceMoE" ? options.Slices : 1, Experts = options.Experts, TopK = options.TopK,
                RouterHidden = options.RouterHidden, ExpertHidden = options.ExpertHidden(d), SliceDropout = 0,
            }),
            _ => throw new ArgumentException($"Unknown layer '{kind}'.", nameof(kind)),
        };
    }

    /// <summary>Runs the benchmark, reporting measurements as they complete (shape by shape). The FMA peak is measured first.</summary>
    /// <exception cref="ArgumentException">When an option is out of range.</exception>
    /// <exception cref="InvalidOperationException">When the PyTorch worker fails.</exception>
    public static (double PeakGflops, IReadOnlyList<TrainMeasurement> Measurements) Run(TrainBenchmarkOptions options, Action<TrainMeasurement>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var kinds = TrainBenchmarkOptions.AllLayers.Where(options.LayerKinds.Contains).ToArray();
        int saved = ComputeThreads.Count;
        ComputeThreads.Count = options.Threads;
        var results = new List<TrainMeasurement>();
        PytorchWorker? worker = null;
        try
        {
            if (options.Pytorch is { } replica)
            {
                worker = PytorchWorker.Start(replica.Python, replica.Script, replica.WorkingDirectory, options.Threads);
            }

            ForeignLoad.WaitForIdle(TimeSpan.FromSeconds(30));
            double peak = Enumerable.Range(0, 3).Max(_ => FmaPeak.Measure(options.Threads).Gflops);
            foreach (int d in options.Dims)
            {
                foreach (int t in options.SequenceLengths)
                {
                    foreach (var m in MeasureShape(options, kinds, d, t, peak, worker))
                    {
                        results.Add(m);
                        progress?.Invoke(m);
                    }
                }
            }

            return (peak, results);
        }
        finally
        {
            worker?.Dispose();
            ComputeThreads.Count = saved;
        }
    }

    private static List<TrainMeasurement> MeasureShape(TrainBenchmarkOptions options, string[] kinds, int d, int t, double peak, PytorchWorker? worker)
    {
        var cases = new List<TrainCase>();
        try
        {
            foreach (var kind in kinds)
            {
                cases.Add(new TrainCase(options, kind, d, t));
            }

            // Each model's first step, alone: what its buffers cost (and the JIT's warm-up).
            foreach (var c in cases)
            {
                c.MeasureMemory();
            }

            var actions = new List<Action>();
            var helpers = new List<Process?>();
            foreach (var c in cases)
            {
                c.StartTiming();
                actions.Add(c.Step);
                helpers.Add(null);
            }

            var torchParameters = new long[kinds.Length];
            if (worker is not null)
            {
                for (int i = 0; i < kinds.Length; i++)
                {
                    string key = Key(kinds[i], d, t);
                    var built = worker.Send(BuildCommand(options, kinds[i], d, t, key));
                    torchParameters[i] = built["parameters"]?.GetValue<long>() ?? 0;
                    var step = new JsonObject { ["cmd"] = "step", ["key"] = key, ["count"] = 1 };
                    worker.Send(step); // its first step: allocation and warm-up, as ours
                    actions.Add(() => worker.Send(step));
                    helpers.Add(worker.Process);
                }
            }

            ForeignLoad.WaitForIdle(TimeSpan.FromSeconds(10));
            var pause = worker is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(20);
            var timings = Timing.MeasureInterleaved(actions, options.Rounds, options.MinSeconds, pause, helpers);
            long? rss = worker?.Send(new JsonObject { ["cmd"] = "memory" })["peak_rss_bytes"]?.GetValue<long>();
            worker?.Send(new JsonObject { ["cmd"] = "clear" }); // one shape's models at a time: 12 at once outgrew 24 GiB

            int tokens = options.Batch * t;
            int dense = Array.IndexOf(kinds, "Dense");
            var measurements = new List<TrainMeasurement>();
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var timing = timings[i];
                double tps = tokens / timing.MedianSeconds;
                double? torchTps = worker is null ? null : tokens / timings[cases.Count + i].MedianSeconds;
                double flops = FlopsPerToken(d, options.Layers, t, options.Vocabulary, c.FeedForwardFlopsPerToken);
                double gflops = 3 * flops * tps / 1e9;
                measurements.Add(new TrainMeasurement(
                    "lm", c.Kind, d, options.Layers, t, options.Batch, options.Threads, timing.MedianSeconds, tps,
                    dense >= 0 ? tps / (tokens / timings[dense].MedianSeconds) : null, torchTps, torchTps is { } tt ? tps / tt : null,
                    flops, gflops, peak, peak > 0 ? gflops / peak : double.NaN, (double)c.FirstStepBytes / tokens, c.ManagedBytesPerStep,
                    c.Parameters, c.Parts(), timing.Contended, worker is null ? null : torchParameters[i], rss,
                    worker is null ? null : timings[cases.Count + i].Contended));
            }

            return measurements;
        }
        finally
        {
            foreach (var c in cases)
            {
                c.Dispose();
            }

            ScratchPool.Trim();
        }
    }

    private static string Key(string kind, int d, int t) => FormattableString.Invariant($"lm-{kind}-{d}-{t}");

    /// <summary>The worker's build command for one configuration (the same shape and hyper-parameters as ours).</summary>
    private static JsonObject BuildCommand(TrainBenchmarkOptions o, string kind, int d, int t, string key) => new()
    {
        ["cmd"] = "build",
        ["key"] = key,
        ["model"] = "lm",
        ["layer"] = kind,
        ["d"] = d,
        ["layers"] = o.Layers,
        ["heads"] = o.Heads,
        ["seq"] = t,
        ["batch"] = o.Batch,
        ["vocab"] = o.Vocabulary,
        ["slices"] = kind == "SliceMoE" ? o.Slices : 1,
        ["experts"] = o.Experts,
        ["top_k"] = o.TopK,
        ["router_hidden"] = o.RouterHidden,
        ["expert_hidden"] = o.ExpertHidden(d),
        ["dense_hidden"] = TrainBenchmarkOptions.DenseHidden(d),
        ["threads"] = o.Threads,
        ["seed"] = o.Seed,
    };

    /// <summary>One model with its optimizer and token batches, stepping as the trainer does.</summary>
    private sealed class TrainCase : IDisposable
    {
        private const int BatchCount = 4;
        private readonly CausalLanguageModel<float> _model;
        private readonly AdamW<float> _optimizer;
        private readonly LanguageModelBatch[] _batches;
        private readonly MoeForwardContext _context;
        private readonly double _learningRate;
        private readonly PhaseTimer _timer = new();
        private int _next;
        private long _steps;

        public TrainCase(TrainBenchmarkOptions options, string kind, int d, int t)
        {
            Kind = kind;
            var config = new LanguageModelConfig(options.Vocabulary, d, options.Layers, options.Heads, t, FeedForward(options, kind, d), Dropout: 0);
            _model = new CausalLanguageModel<float>(config, options.Seed);
            _optimizer = new AdamW<float>(_model.Store, new AdamWOptions());
            _learningRate = options.LearningRate;
            var rng = new Rng(options.Seed).Fork(1);
            _batches = Enumerable.Range(0, BatchCount).Select(_ => RandomBatch(rng, options.Batch, t, options.Vocabulary)).ToArray();
            _context = new MoeForwardContext(true, new Rng(options.Seed).Fork(2));
            FeedForwardFlopsPerToken = _model.Decoder.Blocks[0].FeedForward.FlopsPerToken;
        }

        public string Kind { get; }

        public long Parameters => _model.Store.Length;

        public double FeedForwardFlopsPerToken { get; }

        /// <summary>Native bytes the first step added at its peak.</summary>
        public long FirstStepBytes { get; private set; }

        /// <summary>Managed bytes the second step allocated.</summary>
        public long ManagedBytesPerStep { get; private set; }

        /// <summary>The first step (its buffers: native peak over it; the scratch pool emptied first, so that it counts its own), then a second for managed allocations.</summary>
        public void MeasureMemory()
        {
            ScratchPool.Trim();
            NativeMemoryStatistics.ResetPeak();
            long before = NativeMemoryStatistics.LiveBytes;
            Step();
            FirstStepBytes = NativeMemoryStatistics.PeakBytes - before;
            long managed = GC.GetTotalAllocatedBytes(precise: true);
            Step();
            ManagedBytesPerStep = GC.GetTotalAllocatedBytes(precise: true) - managed;
        }

        /// <summary>Attaches the timer from now on, with every part at zero.</summary>
        public void StartTiming()
        {
            _model.Timer = _timer;
            _timer.Reset();
            _steps = 0;
        }

        /// <summary>One training step, as the trainer's loop runs it.</summary>
        public void Step()
        {
            var timer = _model.Timer;
            timer?.Start();
            _model.Store.ZeroGradients();
            timer?.Lap(Optimizer);
            _model.Step(_batches[_next], _context, backward: true);
            _next = (_next + 1) % _batches.Length;
            GradientClipping.ClipByGlobalNorm(_model.Store, 1.0);
            timer?.Lap(Clip);
            _optimizer.Step(_learningRate);
            timer?.Lap(Optimizer);
            _steps++;
        }

        /// <summary>Seconds per step of each part, over the steps since <see cref="StartTiming"/>, in <see cref="PartOrder"/>.</summary>
        public IReadOnlyDictionary<string, double> Parts()
        {
            var seconds = _timer.Seconds;
            var ordered = PartOrder.Where(seconds.ContainsKey).Concat(seconds.Keys.Where(k => !PartOrder.Contains(k)));
            var parts = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in ordered)
            {
                parts[p] = _steps == 0 ? 0 : seconds[p] / _steps;
            }

            return parts;
        }

        public void Dispose()
        {
            _model.Timer = null;
            _optimizer.Dispose();
            _model.Dispose();
        }

        /// <summary>B random sequences of T + 1 tokens: inputs and next-token targets.</summary>
        private static LanguageModelBatch RandomBatch(Rng rng, int batch, int length, int vocabulary)
        {
            var ids = new int[batch * length];
            var targets = new int[batch * length];
            for (int b = 0; b < batch; b++)
            {
                int previous = rng.NextInt(vocabulary);
                for (int i = 0; i < length; i++)
                {
                    int next = rng.NextInt(vocabulary);
                    ids[(b * length) + i] = previous;
                    targets[(b * length) + i] = next;
                    previous = next;
                }
            }

            return new LanguageModelBatch(ids, targets, Enumerable.Repeat(length, batch).ToArray(), batch, length);
        }
    }
}
