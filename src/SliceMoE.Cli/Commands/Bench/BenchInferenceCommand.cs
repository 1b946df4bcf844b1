using System.CommandLine;
using System.Globalization;
using SliceMoE.Benchmarks.Suites.Inference;
using SliceMoE.Cli.Output;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Bench;

/// <summary>
/// <c>slicemoe bench inference</c>: prefill and cached decoding of the causal LM, SliceMoE, TokenMoE and Dense at matched
/// FLOPs and at matched parameters, against the roofline; with <c>--onnxruntime</c>, the exported models in ONNX Runtime beside ours.
/// </summary>
internal static class BenchInferenceCommand
{
    /// <summary>The paper's claim: "up to 1.7x faster inference than dense baselines".</summary>
    private const double PaperSpeedup = 1.7;

    public static Command Create()
    {
        var defaults = new InferenceBenchmarkOptions();
        var dim = new Option<int>("--d") { Description = "Model width d.", DefaultValueFactory = _ => defaults.Dim };
        var layers = new Option<int>("--layers") { Description = "Transformer blocks.", DefaultValueFactory = _ => defaults.Layers };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size.", DefaultValueFactory = _ => defaults.Vocabulary };
        var batch = new Option<int[]>("--batch") { Description = "Sequences decoded at once (default 1 8 32).", AllowMultipleArgumentsPerToken = true };
        var context = new Option<int[]>("--context") { Description = "Prompt lengths (default 128 512).", AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--decode-steps") { Description = "Decoding steps timed after each prefill.", DefaultValueFactory = _ => defaults.DecodeSteps };
        var match = new Option<string[]>("--match") { Description = "Comparisons: flops (E=16, dense 4d), params (E=64, dense 16d) (default both).", AllowMultipleArgumentsPerToken = true };
        var layer = new Option<string[]>("--layer") { Description = "FFN slots: SliceMoE, TokenMoE, Dense (default all three).", AllowMultipleArgumentsPerToken = true };
        var smallN = new Option<int[]>("--small-n") { Description = "Rows N of the FFN layers timed alone (default 1 2 4 8 16 32 64).", AllowMultipleArgumentsPerToken = true };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds of timing.", DefaultValueFactory = _ => defaults.Rounds };
        var minSeconds = new Option<double>("--min-seconds") { Description = "Minimum timed seconds per configuration over all rounds.", DefaultValueFactory = _ => defaults.MinSeconds };
        var threads = new Option<int>("--threads") { Description = "Compute threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per measurement instead of tables." };
        var weights = new Option<string[]>("--weights")
        {
            Description = "Also time ours with the weights pre-packed once in these formats: float32 (the same bits, no packing per call), bfloat16 (half the bytes read).",
            AllowMultipleArgumentsPerToken = true,
        };
        var onnxRuntime = new Option<bool>("--onnxruntime") { Description = "Also export each model to ONNX and time it in ONNX Runtime (CPU execution provider) in the same rounds as ours." };
        var command = new Command("inference", "Prefill and cached-decoding tokens/s of the causal LM with SliceMoE, TokenMoE and dense FFNs, at matched active FLOPs and at matched total parameters, " +
            "against the memory-bandwidth and FMA-peak roofline measured in the same run; and the FFN layers alone at decoding's tiny N, with the MoE phases.")
        {
            dim, layers, vocab, batch, context, steps, match, layer, smallN, rounds, minSeconds, threads, json, weights, onnxRuntime,
        };
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            var output = parse.InvocationConfiguration.Output;
            bool asJson = parse.GetValue(json);
            var options = defaults with
            {
                Dim = parse.GetValue(dim),
                Layers = parse.GetValue(layers),
                Vocabulary = parse.GetValue(vocab),
                Batches = parse.GetValue(batch) is { Length: > 0 } b ? b : defaults.Batches,
                Contexts = parse.GetValue(context) is { Length: > 0 } c ? c : defaults.Contexts,
                DecodeSteps = parse.GetValue(steps),
                Matches = parse.GetValue(match) is { Length: > 0 } m ? m.Select(v => v.ToLowerInvariant()).ToArray() : defaults.Matches,
                LayerKinds = parse.GetValue(layer) is { Length: > 0 } l ? l.Select(Canonical).ToArray() : defaults.LayerKinds,
                SmallRows = parse.GetValue(smallN) is { Length: > 0 } n ? n : defaults.SmallRows,
                Rounds = parse.GetValue(rounds),
                MinSeconds = parse.GetValue(minSeconds),
                Threads = parse.GetValue(threads),
                PackedWeights = (parse.GetValue(weights) ?? []).Select(w => WeightFormatOption.Parse(w) ?? throw new ArgumentException("--weights: name float32 or bfloat16 (the unpacked weights are always timed).")).ToArray(),
            };
            options.Validate();
            var results = InferenceBenchmark.Run(
                options, parse.GetValue(onnxRuntime) ? (model, _) => new OnnxRuntimeDecodingEngine(model) : null,
                m =>
                {
                    if (asJson)
                    {
                        JsonLines.Write(output, Json(m), JsonLines.Relaxed);
                    }
                    else
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Phase,-7} {m.Match,-6} {m.Layer,-8} {m.Engine,-11} B={m.Batch,-3} T={m.Context,-4} {m.TokensPerSecond,9:F0} tokens/s"));
                    }
                },
                s =>
                {
                    if (asJson)
                    {
                        JsonLines.Write(output, Json(s), JsonLines.Relaxed);
                    }
                });
            if (asJson)
            {
                JsonLines.Write(output, new { phase = "machine", peak_gflops = results.PeakGflops, bandwidth_gbps = results.BandwidthGBps, threads = options.Threads }, JsonLines.Relaxed);
            }
            else
            {
                Render(output, results, options);
            }

            return 0;
        }));
        return command;
    }

    private static string Canonical(string name) =>
        InferenceBenchmarkOptions.AllLayers.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"--layer: '{name}' is not one of {string.Join(", ", InferenceBenchmarkOptions.AllLayers)}.");

    private static object Json(InferenceMeasurement m) => new
    {
        phase = m.Phase,
        layer = m.Layer,
        match = m.Match,
        engine = m.Engine,
        batch = m.Batch,
        context = m.Context,
        tokens_per_s = m.TokensPerSecond,
        ratio_to_dense = m.RatioToDense,
        ratio_to_native = m.RatioToNative,
        ratio_to_bandwidth_bound = m.RatioToBandwidthBound,
        ratio_to_roofline = m.RatioToRoofline,
        bandwidth_bound_tokens_per_s = m.BandwidthBound,
        compute_bound_tokens_per_s = m.ComputeBound,
        bytes_per_token = m.BytesPerToken,
        flops_per_token = m.FlopsPerToken,
        touched_experts = m.TouchedExperts,
        parameters = m.Parameters,
        seconds = m.Seconds,
        contended = m.Contended,
    };

    private static object Json(SmallBatchMeasurement m) => new
    {
        phase = "ffn-alone",
        layer = m.Layer,
        match = m.Match,
        rows = m.Rows,
        seconds = m.Seconds,
        ratio_to_dense = m.RatioToDense,
        parts = m.Parts,
        contended = m.Contended,
    };

    private static void Render(TextWriter output, InferenceResults results, InferenceBenchmarkOptions o)
    {
        static string F(double? x, string format) => x?.ToString(format, CultureInfo.InvariantCulture) ?? "-";
        static string I(long x) => x.ToString(CultureInfo.InvariantCulture);
        var console = Consoles.Create(output, Consoles.IsTerminal(output));
        var table = new Table().Border(TableBorder.Markdown);
        foreach (var h in new[] { "phase", "match", "layer", "engine", "B", "T", "tokens/s", "×dense", "×ours", "MB/token", "×bandwidth bound", "×roofline", "experts read", "params (M)" })
        {
            table.AddColumn(h is "phase" or "match" or "layer" or "engine" ? new TableColumn(h) : new TableColumn(h).RightAligned());
        }

        foreach (var m in results.Models.OrderBy(m => m.Phase == "decode").ThenBy(m => m.Match == "params").ThenBy(m => m.Context).ThenBy(m => m.Batch))
        {
            table.AddRow(
                m.Phase, m.Match, m.Layer, m.Engine, I(m.Batch), I(m.Context), F(m.TokensPerSecond, "F0"), F(m.RatioToDense, "F2"), F(m.RatioToNative, "F2"), F(m.BytesPerToken / 1e6, "F2"),
                F(m.RatioToBandwidthBound, "P0"), F(m.RatioToRoofline, "P0"), F(m.TouchedExperts, "P0"), F(m.Parameters / 1e6, "F1"));
        }

        console.Write(table);
        output.WriteLine();

        var small = new Table().Border(TableBorder.Markdown).Title("The FFN layer alone, inference forward on N rows: µs per call (×dense), and the MoE phases in µs");
        foreach (var h in new[] { "match", "layer", "N", "µs", "×dense", "router", "dispatch", "expert GEMMs", "combine" })
        {
            small.AddColumn(h is "match" or "layer" ? new TableColumn(h) : new TableColumn(h).RightAligned());
        }

        foreach (var m in results.SmallBatches)
        {
            string P(string part) => m.Parts.TryGetValue(part, out double s) ? F(s * 1e6, "F1") : "-";
            small.AddRow(m.Match, m.Layer, I(m.Rows), F(m.Seconds * 1e6, "F1"), F(m.RatioToDense, "F2"), P("router"), P("dispatch"), P("expert GEMMs"), P("combine"));
        }

        console.Write(small);
        output.WriteLine();

        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Causal LM d={o.Dim}, {o.Layers} blocks, {o.Heads} heads, V={o.Vocabulary}, float32. flops: SliceMoE S={o.Slices} and TokenMoE, E={InferenceBenchmarkOptions.Experts("flops")}, k={o.TopK}, He={o.ExpertHidden}, against Dense hidden {o.DenseHidden("flops")}; params: E={InferenceBenchmarkOptions.Experts("params")} against Dense hidden {o.DenseHidden("params")} (TokenMoE keeps E, k and He: the same active FLOPs, {o.Slices}x SliceMoE's expert parameters)."),
            string.Create(CultureInfo.InvariantCulture, $"prefill: B prompts of T random tokens into empty caches (tokens/s of prompt tokens); decode: {o.DecodeSteps} steps of one token per sequence after it (tokens/s of new tokens). Median of {o.Rounds} alternating rounds, {o.Threads} thread(s)."),
            string.Create(CultureInfo.InvariantCulture, $"Measured in this run: FMA peak {results.PeakGflops:F0} GFLOP/s, memory read bandwidth {results.BandwidthGBps:F1} GB/s. ×bandwidth bound: tokens/s over bandwidth / (bytes per token: the weights a step reads, each expert only if a row reached it, plus the key/value caches); ×roofline: over the lower of that and peak / FLOPs per token."),
        };
        lines.AddRange(Verdict(results));
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }
    }

    /// <summary>Plain sentences on the paper's "up to 1.7x faster inference than dense", per comparison and phase.</summary>
    internal static IEnumerable<string> Verdict(InferenceResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var group in results.Models.Where(m => m.Layer == "SliceMoE" && m.Engine == "native" && m.RatioToDense is not null).GroupBy(m => (m.Match, m.Phase)))
        {
            var best = group.MaxBy(m => m.RatioToDense)!;
            var worst = group.MinBy(m => m.RatioToDense)!;
            string holds = best.RatioToDense >= PaperSpeedup ? "reaches" : "does not reach";
            yield return string.Create(CultureInfo.InvariantCulture,
                $"SliceMoE against Dense, {group.Key.Phase} at matched {group.Key.Match}: {worst.RatioToDense:F2}x (B={worst.Batch}, T={worst.Context}) to {best.RatioToDense:F2}x (B={best.Batch}, T={best.Context}); {holds} the paper's {PaperSpeedup:F1}x.");
        }

        foreach (var group in results.Models.Where(m => m.RatioToNative is not null).GroupBy(m => (m.Engine, m.Layer, m.Phase)))
        {
            double low = group.Min(m => m.RatioToNative!.Value), high = group.Max(m => m.RatioToNative!.Value);
            string who = group.Key.Engine == "onnxruntime" ? "ONNX Runtime" : group.Key.Engine;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{who} against native, {group.Key.Layer} {group.Key.Phase}: {low:F2}x to {high:F2}x native's tokens/s ({(high < 1 ? "native faster everywhere" : low > 1 ? $"{who} faster everywhere" : "each faster somewhere")}).");
        }
    }
}
