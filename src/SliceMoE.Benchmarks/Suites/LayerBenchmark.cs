using System.Text.Json;
using SliceMoE.Benchmarks.Measurement;
using SliceMoE.Compute;
using SliceMoE.Diagnostics;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Benchmarks.Suites;

/// <summary>One timed layer measurement.</summary>
/// <param name="Layer">"SliceMoE", "TokenMoE" or "Dense".</param>
/// <param name="D">Model width d.</param>
/// <param name="N">Tokens per call.</param>
/// <param name="Pass">"fwd" or "fwdbwd".</param>
/// <param name="Threads">Compute threads.</param>
/// <param name="Seconds">Median seconds per call.</param>
/// <param name="TokensPerSecond">N / seconds.</param>
/// <param name="Gflops">Matrix-multiply GFLOP/s (forward FLOPs = N · FLOPs/token; forward + backward = 3x).</param>
/// <param name="RatioToPeak">Against the FMA peak measured in this run.</param>
/// <param name="RatioToDense">Tokens/s against the dense FFN of the same d, N and pass (same active FLOPs).</param>
/// <param name="RatioToPytorch">Tokens/s against the PyTorch reference's, when its results were given.</param>
/// <param name="FlopsPerToken">Forward FLOPs per token (experts + router).</param>
/// <param name="Parameters">Parameter count.</param>
/// <param name="Breakdown">Seconds per phase of one profiled call (MoE layers).</param>
/// <param name="Contended">Timed runs disturbed by other processes.</param>
public sealed record LayerMeasurement(
    string Layer, int D, int N, string Pass, int Threads, double Seconds, double TokensPerSecond, double Gflops,
    double RatioToPeak, double? RatioToDense, double? RatioToPytorch, double FlopsPerToken, long Parameters,
    IReadOnlyDictionary<string, double> Breakdown, int Contended);

/// <summary>Options of <see cref="LayerBenchmark"/>.</summary>
/// <param name="Shapes">(d, N) pairs to measure.</param>
/// <param name="Threads">Compute threads.</param>
/// <param name="MinSeconds">Minimum timed seconds per measurement.</param>
/// <param name="PytorchResults">Path of bench_ref.py's JSON results, for ratio_to_pytorch (optional; where it measured a configuration twice, its faster result).</param>
public sealed record LayerBenchmarkOptions(IReadOnlyList<(int D, int N)> Shapes, int Threads, double MinSeconds = 1.0, string? PytorchResults = null);

/// <summary>
/// Forward and forward+backward throughput of SliceMoE (S = 8, k = 2, E = 16, He = 4d/k), TokenMoE (S = 1, same k, E, He)
/// and a dense FFN (H = 4d): the three have the same active expert FLOPs per token (16 d²), so tokens/s compare directly.
/// The three layers of a shape are timed in alternating rounds (<see cref="Timing.MeasureInterleaved"/>), so that a slow
/// spell of a shared machine falls on all of them and does not decide the ratios.
/// </summary>
public static class LayerBenchmark
{
    private const int Rounds = 3;

    /// <summary>The layers, in the order they are timed and reported (Dense first: the others' ratios refer to it).</summary>
    private static readonly string[] Kinds = ["Dense", "SliceMoE", "TokenMoE"];

    /// <summary>The paper's configuration at three batch sizes, and a small model.</summary>
    public static IReadOnlyList<(int D, int N)> DefaultShapes { get; } = [(768, 1024), (768, 4096), (768, 16384), (256, 4096)];

    /// <summary>Runs the benchmark, reporting measurements as they complete. The first measurement is the FMA peak.</summary>
    public static (double PeakGflops, IReadOnlyList<LayerMeasurement> Measurements) Run(LayerBenchmarkOptions options, Action<LayerMeasurement>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pytorch = options.PytorchResults is null ? null : LoadPytorch(options.PytorchResults);
        int saved = ComputeThreads.Count;
        ComputeThreads.Count = options.Threads;
        var results = new List<LayerMeasurement>();
        try
        {
            ForeignLoad.WaitForIdle(TimeSpan.FromSeconds(30));
            double peak = Enumerable.Range(0, 3).Max(_ => FmaPeak.Measure(options.Threads).Gflops);
            foreach (var (d, n) in options.Shapes)
            {
                var cases = Kinds.Select(kind => new LayerCase(kind, d, n)).ToArray();
                try
                {
                    foreach (var (pass, multiplier) in new[] { ("fwd", 1.0), ("fwdbwd", 3.0) })
                    {
                        ForeignLoad.WaitForIdle(TimeSpan.FromSeconds(10));
                        var actions = cases.Select(c => pass == "fwd" ? (Action)c.Forward : c.ForwardBackward).ToArray();
                        var timings = Timing.MeasureInterleaved(actions, Rounds, options.MinSeconds, TimeSpan.Zero);
                        double denseTokensPerSecond = n / timings[0].MedianSeconds;
                        for (int i = 0; i < cases.Length; i++)
                        {
                            var c = cases[i];
                            var t = timings[i];
                            double tokensPerSecond = n / t.MedianSeconds;
                            double gflops = multiplier * n * c.Layer.FlopsPerToken / t.MedianSeconds / 1e9;
                            double? ratioTorch = pytorch is not null && pytorch.TryGetValue((c.Kind, d, n, pass), out var tps) ? tokensPerSecond / tps : null;
                            var m = new LayerMeasurement(c.Kind, d, n, pass, options.Threads, t.MedianSeconds, tokensPerSecond, gflops, gflops / peak,
                                tokensPerSecond / denseTokensPerSecond, ratioTorch, c.Layer.FlopsPerToken, c.Parameters, c.Breakdown(actions[i]), t.Contended);
                            results.Add(m);
                            progress?.Invoke(m);
                        }
                    }
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

            return (peak, results);
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    private static Tensor<float> RandomTensor(Rng rng, int rows, int cols)
    {
        var t = new Tensor<float>(rows, cols);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = (float)rng.NextGaussian();
        }

        return t;
    }

    /// <summary>Reads bench_ref.py's JSON: rows with model, d, N, mode ("fwd" or "fwd+bwd") and tokens_per_s (the main/small/scaling suites).</summary>
    private static Dictionary<(string, int, int, string), double> LoadPytorch(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var map = new Dictionary<(string, int, int, string), double>();
        foreach (var row in doc.RootElement.GetProperty("rows").EnumerateArray())
        {
            if (!row.TryGetProperty("model", out var model) || !row.TryGetProperty("tokens_per_s", out var tps))
            {
                continue;
            }

            string pass = row.GetProperty("mode").GetString() == "fwd" ? "fwd" : "fwdbwd";
            // bench_ref.py measures some configurations in two suites (main and scaling); keep PyTorch's faster one.
            var key = (model.GetString()!, row.GetProperty("d").GetInt32(), row.GetProperty("N").GetInt32(), pass);
            map[key] = Math.Max(map.GetValueOrDefault(key), tps.GetDouble());
        }

        return map;
    }

    /// <summary>One layer with its parameters, input and upstream gradient, ready to be timed.</summary>
    private sealed class LayerCase : IDisposable
    {
        private readonly ParameterStore<float> _store = new();
        private readonly Tensor<float> _x, _dy, _y, _dx;

        public LayerCase(string kind, int d, int n)
        {
            Kind = kind;
            Layer = kind switch
            {
                "Dense" => new DenseFfn<float>(_store, d, 4 * d),
                "SliceMoE" => new MoeLayer<float>(new MoeConfig { ModelDim = d, Slices = 8, Experts = 16, TopK = 2 }, _store),
                _ => new MoeLayer<float>(new MoeConfig { ModelDim = d, Slices = 1, Experts = 16, TopK = 2 }, _store),
            };
            _store.Allocate(1);
            var rng = new Rng(2);
            _x = RandomTensor(rng, n, d);
            _dy = RandomTensor(rng, n, d);
            _y = new Tensor<float>(n, d);
            _dx = new Tensor<float>(n, d);
        }

        public string Kind { get; }

        public IFeedForward<float> Layer { get; }

        public long Parameters => _store.Length;

        /// <summary>An inference forward (as the PyTorch reference's, under <c>torch.no_grad()</c>).</summary>
        public void Forward() => Layer.Forward(_x, _y, ForwardContext.NoGrad);

        public void ForwardBackward()
        {
            Layer.Forward(_x, _y, ForwardContext.Evaluation);
            Layer.Backward(_dy, _dx, accumulate: false);
        }

        /// <summary>Seconds per phase of one profiled call of <paramref name="action"/> (MoE layers; empty for the dense FFN).</summary>
        public Dictionary<string, double> Breakdown(Action action)
        {
            var breakdown = new Dictionary<string, double>();
            if (Layer is MoeLayer<float> moe)
            {
                var timer = new PhaseTimer();
                moe.Timer = timer;
                action();
                moe.Timer = null;
                foreach (var (phase, s) in timer.Seconds)
                {
                    breakdown[phase] = s;
                }
            }

            return breakdown;
        }

        public void Dispose()
        {
            (Layer as IDisposable)?.Dispose();
            _store.Dispose();
            foreach (var t in new[] { _x, _dy, _y, _dx })
            {
                t.Dispose();
            }
        }
    }
}
