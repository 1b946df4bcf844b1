using SliceMoE.Benchmarks.Measurement;
using SliceMoE.Compute;
using SliceMoE.Diagnostics;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Benchmarks.Suites.Inference;

/// <summary>
/// Inference throughput of the causal LM: prefill (B prompts of T tokens into empty key/value caches) and cached
/// decoding (one token per sequence per step), for SliceMoE, TokenMoE and a dense FFN under two comparisons, matched
/// active FLOPs and matched total parameters (<see cref="InferenceBenchmarkOptions"/>). Every configuration of one
/// (comparison, B, T) is timed in the same alternating rounds (<see cref="Timing.MeasureInterleaved"/>), and set against
/// the roofline of this run's measured FMA peak and memory read bandwidth (<see cref="DecodeTraffic"/>). The FFN layers
/// are also timed alone at decoding's tiny N, with the MoE layer's phases.
/// </summary>
public static class InferenceBenchmark
{
    /// <summary>
    /// Runs the benchmark, reporting measurements as they complete. <paramref name="onnxRuntime"/>, when given, builds
    /// an ONNX Runtime engine for a model and batch, timed beside ours in the same rounds.
    /// </summary>
    /// <exception cref="ArgumentException">When an option is out of range.</exception>
    public static InferenceResults Run(
        InferenceBenchmarkOptions options, Func<CausalLanguageModel<float>, int, IDecodingEngine>? onnxRuntime = null,
        Action<InferenceMeasurement>? progress = null, Action<SmallBatchMeasurement>? smallProgress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var kinds = InferenceBenchmarkOptions.AllLayers.Where(options.LayerKinds.Contains).ToArray();
        int saved = ComputeThreads.Count;
        ComputeThreads.Count = options.Threads;
        try
        {
            ForeignLoad.WaitForIdle(TimeSpan.FromSeconds(30));
            double peak = Enumerable.Range(0, 3).Max(_ => FmaPeak.Measure(options.Threads).Gflops);
            double bandwidth = MemoryBandwidth.Measure(options.Threads);
            var models = new List<InferenceMeasurement>();
            var small = new List<SmallBatchMeasurement>();
            foreach (var match in InferenceBenchmarkOptions.AllMatches.Where(options.Matches.Contains))
            {
                foreach (var m in MeasureModels(options, kinds, match, peak, bandwidth, onnxRuntime))
                {
                    models.Add(m);
                    progress?.Invoke(m);
                }

                foreach (var m in MeasureSmallBatches(options, kinds, match))
                {
                    small.Add(m);
                    smallProgress?.Invoke(m);
                }
            }

            return new InferenceResults(peak, bandwidth, models, small);
        }
        finally
        {
            ComputeThreads.Count = saved;
            ScratchPool.Trim();
        }
    }

    /// <summary>The language model of one configuration (dropout off: inference).</summary>
    public static CausalLanguageModel<float> CreateModel(InferenceBenchmarkOptions options, string kind, string match)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new LanguageModelConfig(options.Vocabulary, options.Dim, options.Layers, options.Heads, options.MaxLength, options.FeedForward(kind, match), Dropout: 0);
        return new CausalLanguageModel<float>(config, options.Seed);
    }

    private static List<InferenceMeasurement> MeasureModels(
        InferenceBenchmarkOptions options, string[] kinds, string match, double peak, double bandwidth, Func<CausalLanguageModel<float>, int, IDecodingEngine>? onnxRuntime)
    {
        var models = kinds.Select(k => CreateModel(options, k, match)).ToArray();
        var results = new List<InferenceMeasurement>();
        try
        {
            var traffic = models.Select(m => new DecodeTraffic(m)).ToArray();
            var rng = new Rng(options.Seed).Fork(3);
            foreach (int context in options.Contexts)
            {
                foreach (int batch in options.Batches)
                {
                    var prompts = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, context).Select(_ => rng.NextInt(options.Vocabulary)).ToArray()).ToArray();
                    var steps = Enumerable.Range(0, options.DecodeSteps).Select(_ => Enumerable.Range(0, batch).Select(_ => rng.NextInt(options.Vocabulary)).ToArray()).ToArray();
                    results.AddRange(MeasureShape(options, kinds, match, models, traffic, prompts, steps, peak, bandwidth, onnxRuntime));
                }
            }
        }
        finally
        {
            foreach (var m in models)
            {
                m.Dispose();
            }
        }

        return results;
    }

    private static List<InferenceMeasurement> MeasureShape(
        InferenceBenchmarkOptions options, string[] kinds, string match, CausalLanguageModel<float>[] models, DecodeTraffic[] traffic,
        int[][] prompts, int[][] steps, double peak, double bandwidth, Func<CausalLanguageModel<float>, int, IDecodingEngine>? onnxRuntime)
    {
        int batch = prompts.Length, context = prompts[0].Length;
        var engines = new List<(IDecodingEngine Engine, int Model)>();
        try
        {
            for (int i = 0; i < models.Length; i++)
            {
                engines.Add((new NativeDecodingEngine(models[i], batch), i));
                foreach (var format in options.PackedWeights)
                {
                    engines.Add((new NativeDecodingEngine(models[i], batch, format), i));
                }
            }

            if (onnxRuntime is not null)
            {
                for (int i = 0; i < models.Length; i++)
                {
                    engines.Add((onnxRuntime(models[i], batch), i));
                }
            }

            // Untimed: a prefill and the decoding steps once each (first-call costs), counting the experts each step reaches.
            var touched = new double[models.Length];
            foreach (var (engine, i) in engines)
            {
                engine.Prefill(prompts);
                double share = 0;
                foreach (var tokens in steps)
                {
                    engine.Decode(tokens);
                    if (engine is NativeDecodingEngine { Weights: null } native && traffic[i].Experts > 0)
                    {
                        share += native.TouchedExperts().Average() / traffic[i].Experts;
                    }
                }

                if (engine is NativeDecodingEngine { Weights: null })
                {
                    touched[i] = traffic[i].Experts > 0 ? share / steps.Length : 1;
                }
            }

            var actions = new List<Action>();
            foreach (var (engine, _) in engines)
            {
                actions.Add(() => engine.Prefill(prompts));
                actions.Add(() =>
                {
                    engine.Rewind(context);
                    foreach (var tokens in steps)
                    {
                        engine.Decode(tokens);
                    }
                });
            }

            ForeignLoad.WaitForIdle(TimeSpan.FromSeconds(10));
            var pause = onnxRuntime is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(20); // ORT's threads spin for a while after a run
            var timings = Timing.MeasureInterleaved(actions, options.Rounds, options.MinSeconds, pause);

            var results = new List<InferenceMeasurement>();
            int dense = Array.IndexOf(kinds, "Dense");
            int EngineOf(int model, string name) => engines.FindIndex(x => x.Model == model && x.Engine.Engine == name);
            for (int e = 0; e < engines.Count; e++)
            {
                var (engine, i) = engines[e];
                var t = traffic[i];
                int denseEngine = dense < 0 ? -1 : EngineOf(dense, engine.Engine), native = EngineOf(i, "native");
                for (int phase = 0; phase < 2; phase++)
                {
                    bool prefill = phase == 0;
                    var timing = timings[(2 * e) + phase];
                    double tokens = prefill ? (double)batch * context : (double)batch * steps.Length;
                    double tps = tokens / timing.MedianSeconds;
                    double? ratio = denseEngine < 0 ? null : timings[(2 * denseEngine) + phase].MedianSeconds / timing.MedianSeconds;
                    double? toNative = native == e ? null : timings[(2 * native) + phase].MedianSeconds / timing.MedianSeconds;
                    double meanContext = context + ((steps.Length - 1) / 2.0);
                    int weightBytes = engine is NativeDecodingEngine { Weights: WeightFormat.BFloat16 } ? sizeof(ushort) : sizeof(float);
                    double bytes = prefill ? t.PrefillBytes(batch, context) / tokens : t.DecodeBytes(batch, meanContext, touched[i], weightBytes) / batch;
                    double flops = prefill ? t.PrefillFlopsPerToken(context) : t.DecodeFlopsPerToken(meanContext);
                    double bandwidthBound = bandwidth * 1e9 / bytes, computeBound = peak * 1e9 / flops;
                    results.Add(new InferenceMeasurement(
                        prefill ? "prefill" : "decode", kinds[i], match, engine.Engine, batch, context, timing.MedianSeconds, tps, ratio, bytes, flops,
                        bandwidthBound, tps / bandwidthBound, computeBound, tps / Math.Min(bandwidthBound, computeBound),
                        prefill ? 1 : touched[i], models[i].Store.Length, timing.Contended, toNative));
                }
            }

            return results;
        }
        finally
        {
            foreach (var (engine, _) in engines)
            {
                engine.Dispose();
            }

            ScratchPool.Trim();

            // An ONNX Runtime engine leaves its exported graph (hundreds of MB per model) to the garbage collector, which
            // cannot see ONNX Runtime's native memory: collect now, or the next shape's sessions pile on top of it.
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    private static List<SmallBatchMeasurement> MeasureSmallBatches(InferenceBenchmarkOptions options, string[] kinds, string match)
    {
        var results = new List<SmallBatchMeasurement>();
        var stores = kinds.Select(_ => new ParameterStore<float>()).ToArray();
        var layers = kinds.Select((k, i) => options.FeedForward(k, match).Create(stores[i], string.Empty, options.Dim)).ToArray();
        try
        {
            foreach (var store in stores)
            {
                store.Allocate(options.Seed);
            }

            foreach (int n in options.SmallRows)
            {
                using var x = new Tensor<float>(n, options.Dim);
                using var y = new Tensor<float>(n, options.Dim);
                var rng = new Rng(options.Seed).Fork(4);
                var xs = x.Span;
                for (int i = 0; i < xs.Length; i++)
                {
                    xs[i] = (float)rng.NextGaussian();
                }

                var actions = layers.Select(l => (Action)(() => l.Forward(x, y, ForwardContext.NoGrad))).ToArray();
                var timings = Timing.MeasureInterleaved(actions, options.Rounds, Math.Min(options.MinSeconds, 0.2), TimeSpan.Zero);
                int dense = Array.IndexOf(kinds, "Dense");
                for (int i = 0; i < layers.Length; i++)
                {
                    results.Add(new SmallBatchMeasurement(
                        kinds[i], match, n, timings[i].MedianSeconds, dense < 0 ? null : timings[dense].MedianSeconds / timings[i].MedianSeconds,
                        Phases(layers[i], actions[i]), timings[i].Contended));
                }
            }
        }
        finally
        {
            foreach (var l in layers)
            {
                (l as IDisposable)?.Dispose();
            }

            foreach (var s in stores)
            {
                s.Dispose();
            }
        }

        return results;
    }

    /// <summary>Mean seconds per call of each MoE phase over profiled calls (about 0.1 s of them); empty for the dense FFN.</summary>
    private static Dictionary<string, double> Phases(IFeedForward<float> layer, Action forward)
    {
        var parts = new Dictionary<string, double>(StringComparer.Ordinal);
        if (layer is not MoeLayer<float> moe)
        {
            return parts;
        }

        var timer = new PhaseTimer();
        moe.Timer = timer;
        int calls = 0;
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        do
        {
            forward();
            calls++;
        }
        while (System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds < 0.1);
        moe.Timer = null;
        foreach (var (phase, s) in timer.Seconds)
        {
            parts[phase] = s / calls;
        }

        return parts;
    }
}
