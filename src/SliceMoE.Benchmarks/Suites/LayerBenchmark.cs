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
/// <param name="PytorchResults">Path of bench_ref.py's JSON results, for ratio_to_pytorch (optional).</param>
public sealed record LayerBenchmarkOptions(IReadOnlyList<(int D, int N)> Shapes, int Threads, double MinSeconds = 1.0, string? PytorchResults = null);

/// <summary>
/// Forward and forward+backward throughput of SliceMoE (S = 8, k = 2, E = 16, He = 4d/k), TokenMoE (S = 1, same k, E, He)
/// and a dense FFN (H = 4d): the three have the same active expert FLOPs per token (16 d²), so tokens/s compare directly.
/// </summary>
public static class LayerBenchmark
{
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
                var dense = new Dictionary<string, double>();
                foreach (string kind in new[] { "Dense", "SliceMoE", "TokenMoE" })
                {
                    foreach (var m in MeasureLayer(kind, d, n, options, peak))
                    {
                        double? ratioDense = kind == "Dense" ? 1.0 : m.TokensPerSecond / dense[m.Pass];
                        if (kind == "Dense")
                        {
                            dense[m.Pass] = m.TokensPerSecond;
                        }

                        double? ratioTorch = pytorch is not null && pytorch.TryGetValue((kind, d, n, m.Pass), out var tps) ? m.TokensPerSecond / tps : null;
                        var full = m with { RatioToDense = ratioDense, RatioToPytorch = ratioTorch };
                        results.Add(full);
                        progress?.Invoke(full);
                    }
                }
            }

            return (peak, results);
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    private static IEnumerable<LayerMeasurement> MeasureLayer(string kind, int d, int n, LayerBenchmarkOptions options, double peak)
    {
        using var store = new ParameterStore<float>();
        IFeedForward<float> layer = kind switch
        {
            "Dense" => new DenseFfn<float>(store, d, 4 * d),
            "SliceMoE" => new MoeLayer<float>(new MoeConfig { ModelDim = d, Slices = 8, Experts = 16, TopK = 2 }, store),
            _ => new MoeLayer<float>(new MoeConfig { ModelDim = d, Slices = 1, Experts = 16, TopK = 2 }, store),
        };
        store.Allocate(1);
        try
        {
            var rng = new Rng(2);
            using var x = RandomTensor(rng, n, d);
            using var dy = RandomTensor(rng, n, d);
            using var y = new Tensor<float>(n, d);
            using var dx = new Tensor<float>(n, d);
            var context = ForwardContext.Evaluation;
            void Forward() => layer.Forward(x, y, context);
            void ForwardBackward()
            {
                layer.Forward(x, y, context);
                layer.Backward(dy, dx, accumulate: false);
            }

            var measurements = new List<LayerMeasurement>();
            foreach (var (pass, action, multiplier) in new (string, Action, double)[] { ("fwd", Forward, 1), ("fwdbwd", ForwardBackward, 3) })
            {
                ForeignLoad.WaitForIdle(TimeSpan.FromSeconds(10));
                var t = Timing.Measure(action, warmup: 2, minRuns: 5, minSeconds: options.MinSeconds);
                var breakdown = new Dictionary<string, double>();
                if (layer is MoeLayer<float> moe)
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

                double gflops = multiplier * n * layer.FlopsPerToken / t.MedianSeconds / 1e9;
                measurements.Add(new LayerMeasurement(kind, d, n, pass, options.Threads, t.MedianSeconds, n / t.MedianSeconds, gflops, gflops / peak, null, null, layer.FlopsPerToken, store.Length, breakdown, t.Contended));
            }

            return measurements;
        }
        finally
        {
            (layer as IDisposable)?.Dispose();
            ScratchPool.Trim();
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
            map[(model.GetString()!, row.GetProperty("d").GetInt32(), row.GetProperty("N").GetInt32(), pass)] = tps.GetDouble();
        }

        return map;
    }
}
