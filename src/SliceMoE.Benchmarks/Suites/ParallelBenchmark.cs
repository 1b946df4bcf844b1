using System.Diagnostics;
using SliceMoE.Compute;
using SliceMoE.Distributed;
using SliceMoE.Distributed.Metering;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Benchmarks.Suites;

/// <summary>One run of <see cref="ParallelBenchmark"/> on one rank count, as rank 0 saw it.</summary>
/// <param name="Workload">"layer" (the paper's SliceMoE layer, forward + backward + gradient allreduce) or "lm" (whole training steps of a small language model).</param>
/// <param name="Mode">"single" (one process), "dp" (data parallel) or "ep" (expert parallel over all ranks; the rest data parallel).</param>
/// <param name="Ranks">Processes.</param>
/// <param name="Threads">Compute threads per process.</param>
/// <param name="Transport">"none", "tcp" or "shm" (Open MPI's btl).</param>
/// <param name="TokensPerSecond">Tokens of the global batch per second.</param>
/// <param name="StepSeconds">Seconds per step.</param>
/// <param name="AllToAllSeconds">Per step: in all-to-all (after the barrier that separates waiting).</param>
/// <param name="AllReduceSeconds">Per step: in allreduce.</param>
/// <param name="OtherSeconds">Per step: in the other collectives (all-gather of dropout and capacity counts, ...).</param>
/// <param name="WaitingSeconds">Per step: at the barriers before collectives, waiting for the slower rank.</param>
/// <param name="BytesPerStep">Per step: bytes rank 0 handed to collectives for other ranks (<see cref="CommunicationMeter.Bytes"/>).</param>
/// <param name="AllToAllBytesPerStep">Of which all-to-all.</param>
/// <param name="Steps">Timed steps.</param>
public sealed record ParallelMeasurement(
    string Workload, string Mode, int Ranks, int Threads, string Transport, double TokensPerSecond, double StepSeconds,
    double AllToAllSeconds, double AllReduceSeconds, double OtherSeconds, double WaitingSeconds, long BytesPerStep, long AllToAllBytesPerStep, int Steps)
{
    /// <summary>Per step: what is not communication or waiting.</summary>
    public double ComputeSeconds => StepSeconds - AllToAllSeconds - AllReduceSeconds - OtherSeconds - WaitingSeconds;

    /// <summary>The share of the step in collectives, waiting included.</summary>
    public double CommFraction => (AllToAllSeconds + AllReduceSeconds + OtherSeconds + WaitingSeconds) / StepSeconds;
}

/// <summary>
/// What one rank does in <c>slicemoe bench parallel</c> (which starts it under mpirun, or alone for "single"): builds the
/// workload, runs warm-up steps, then times steps with every collective going through a <see cref="MeteredCommunicator"/>
/// that puts a timed barrier before each one, so that the step splits into compute, all-to-all, allreduce and waiting.
/// </summary>
public static class ParallelBenchmark
{
    /// <summary>The paper's layer: d = 768, S = 8, E = 16, k = 2 (expert hidden 4d/k, router hidden 256).</summary>
    public static readonly MoeConfig PaperLayer = new() { ModelDim = 768, Slices = 8, Experts = 16, TopK = 2 };

    /// <summary>
    /// Times <paramref name="steps"/> forward + backward passes of <see cref="PaperLayer"/> over a global batch of
    /// <paramref name="globalTokens"/> tokens split over the ranks of <paramref name="world"/>, each followed by the
    /// allreduce of the layer's gradients (as data-parallel training does).
    /// </summary>
    public static ParallelMeasurement Layer(ICommunicator world, string mode, string transport, int globalTokens, int steps)
    {
        ArgumentNullException.ThrowIfNull(world);
        var meter = new CommunicationMeter(separateWaiting: true);
        var group = new MeteredCommunicator(world, meter);
        int n = globalTokens / world.Size, d = PaperLayer.ModelDim;
        using var store = new ParameterStore<float>();
        using var layer = new MoeLayer<float>(PaperLayer, store);
        store.Allocate(1);
        var rng = new Rng(2 + (ulong)world.Rank);
        using var x = new Tensor<float>(n, d);
        using var dy = new Tensor<float>(n, d);
        using var dx = new Tensor<float>(n, d);
        using var y = new Tensor<float>(n, d);
        Fill(x.Span, rng);
        Fill(dy.Span, rng);
        var context = new MoeForwardContext(true, new Rng(3))
        {
            Group = world.Size > 1 ? group : null,
            ExpertGroup = mode == "ep" ? group : null,
        };

        void Step()
        {
            store.ZeroGradients();
            layer.Forward(x, y, context);
            layer.Backward(dy, dx, accumulate: false);
            if (world.Size > 1)
            {
                GradientAllReduce.Sum(group, store.Gradients.Span);
            }
        }

        Step();
        Step();
        world.Barrier();
        meter.Reset();
        long begin = Stopwatch.GetTimestamp();
        for (int s = 0; s < steps; s++)
        {
            Step();
        }

        world.Barrier();
        double seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        return Measurement("layer", mode, world.Size, transport, (double)n * world.Size * steps / seconds, seconds, meter, steps);
    }

    /// <summary>
    /// Times whole training steps (forward, backward, allreduce, clipping, AdamW) of a small SliceMoE language model on
    /// the shipped sample: d = 128, 2 layers, S = 8, E = 16, k = 2, T = 64, a global batch of 16 sequences, dropout off.
    /// </summary>
    public static ParallelMeasurement LanguageModel(ICommunicator world, string mode, string transport, ITaskDataSource data, int steps)
    {
        ArgumentNullException.ThrowIfNull(world);
        const int warmup = 2;
        var meter = new CommunicationMeter(separateWaiting: true);
        var group = new MeteredCommunicator(world, meter);
        var folder = Path.Combine(Path.GetTempPath(), $"slicemoe-bench-parallel-{Environment.ProcessId}");
        var config = new TrainingConfig
        {
            Task = "lm", Dataset = "sample", Dim = 128, Layers = 2, Heads = 4, Slices = 8, Experts = 16, TopK = 2, RouterHidden = 64,
            MaxLength = 64, BatchSize = 16, Steps = warmup + steps, VocabularySize = 4000, EvalEvery = 0, CheckpointEvery = 0,
            LogEvery = 1, MaxEvalExamples = 16, Dropout = 0, SliceDropout = 0, WarmupSteps = 2, Out = folder,
            ExpertParallel = mode == "ep" ? world.Size : 1,
        };
        var clock = new StepClock(meter, warmup, warmup + steps);
        try
        {
            using var run = TrainingRun.Start(config, data, overwrite: true, communicator: world.Size > 1 ? group : null);
            run.Run(clock);
        }
        finally
        {
            if (world.Rank == 0 && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        var totals = clock.Totals ?? throw new InvalidOperationException("The benchmark's training run ended before its timed steps.");
        return totals with { Mode = mode, Ranks = world.Size, Transport = transport };
    }

    private static ParallelMeasurement Measurement(string workload, string mode, int ranks, string transport, double tokensPerSecond, double seconds, CommunicationMeter meter, int steps) =>
        new(workload, mode, ranks, ComputeThreads.Count, transport, tokensPerSecond, seconds / steps,
            meter.Seconds(CollectiveKind.AllToAll) / steps, meter.Seconds(CollectiveKind.AllReduce) / steps, meter.Seconds(CollectiveKind.Other) / steps,
            meter.WaitingSeconds / steps, (meter.Bytes(CollectiveKind.AllToAll) + meter.Bytes(CollectiveKind.AllReduce) + meter.Bytes(CollectiveKind.Other)) / steps,
            meter.Bytes(CollectiveKind.AllToAll) / steps, steps);

    private static void Fill(Span<float> values, Rng rng)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((2 * rng.NextDouble()) - 1);
        }
    }

    /// <summary>Resets the meter after the warm-up steps and takes the totals after the last one (every step is logged).</summary>
    private sealed class StepClock(CommunicationMeter meter, int warmup, int last) : ITrainingObserver
    {
        private TimeSpan _start, _previous;
        private double _tokens;

        public ParallelMeasurement? Totals { get; private set; }

        public void Started(int step, int totalSteps)
        {
        }

        public void Progress(TrainingProgress progress)
        {
            if (progress.Step == warmup)
            {
                meter.Reset();
                _start = _previous = progress.Elapsed;
                return;
            }

            if (progress.Step > warmup)
            {
                // The step's tokens: its interval's rate × its length (one step per interval: log_every = 1).
                _tokens += progress.TokensPerSecond * (progress.Elapsed - _previous).TotalSeconds;
                _previous = progress.Elapsed;
            }

            if (progress.Step == last)
            {
                double seconds = (progress.Elapsed - _start).TotalSeconds;
                Totals = Measurement("lm", "", 0, "", _tokens / seconds, seconds, meter, last - warmup);
            }
        }

        public void Evaluated(int step, EvaluationResult result)
        {
        }

        public void CheckpointWritten(int step, string path)
        {
        }
    }
}
