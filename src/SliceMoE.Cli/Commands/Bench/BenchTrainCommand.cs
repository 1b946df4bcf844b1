using System.CommandLine;
using System.Globalization;
using SliceMoE.Benchmarks.Suites;
using SliceMoE.Cli.Output;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Bench;

/// <summary><c>slicemoe bench train</c>: whole training steps of the causal LM, ours against the FMA peak, the dense model and the PyTorch replica.</summary>
internal static class BenchTrainCommand
{
    /// <summary>The Python that <c>--pytorch auto</c> tries.</summary>
    private const string SystemPython = "/usr/bin/python3";

    public static Command Create()
    {
        var defaults = new TrainBenchmarkOptions();
        var dims = new Option<int[]>("--d") { Description = "Model widths d (default 256 512).", AllowMultipleArgumentsPerToken = true };
        var seqs = new Option<int[]>("--seq") { Description = "Sequence lengths T (default 128 256).", AllowMultipleArgumentsPerToken = true };
        var layers = new Option<int>("--layers") { Description = "Transformer blocks.", DefaultValueFactory = _ => defaults.Layers };
        var batch = new Option<int>("--batch") { Description = "Sequences per step.", DefaultValueFactory = _ => defaults.Batch };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size.", DefaultValueFactory = _ => defaults.Vocabulary };
        var layer = new Option<string[]>("--layer") { Description = "FFN slots: SliceMoE, TokenMoE, Dense (default all three).", AllowMultipleArgumentsPerToken = true };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds of timing.", DefaultValueFactory = _ => defaults.Rounds };
        var minSeconds = new Option<double>("--min-seconds") { Description = "Minimum timed seconds per configuration over all rounds (each round times at least 2 steps after a warm-up step).", DefaultValueFactory = _ => defaults.MinSeconds };
        var threads = new Option<int>("--threads") { Description = "Compute threads (ours and PyTorch's).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per measurement instead of tables." };
        var pytorch = new Option<string>("--pytorch") { Description = $"The PyTorch replica: auto ({SystemPython} if it imports torch, else off), off, or the path of a Python with torch.", DefaultValueFactory = _ => "auto" };
        var replicaDir = new Option<DirectoryInfo?>("--replica-dir") { Description = $"The folder of bench_worker.py (default: {Path.GetDirectoryName(PytorchWorker.ScriptPath)} of the repository, found above the working folder)." };
        var command = new Command("train", "Tokens/s of whole training steps (forward, backward, clipping, AdamW) of the causal LM with SliceMoE, TokenMoE and dense FFNs, with a per-part breakdown, against the FMA peak and the PyTorch replica, timed in alternating rounds.")
        {
            dims, seqs, layers, batch, vocab, layer, rounds, minSeconds, threads, json, pytorch, replicaDir,
        };
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            bool asJson = parse.GetValue(json);
            var options = defaults with
            {
                Dims = parse.GetValue(dims) is { Length: > 0 } d ? d : defaults.Dims,
                SequenceLengths = parse.GetValue(seqs) is { Length: > 0 } s ? s : defaults.SequenceLengths,
                Layers = parse.GetValue(layers),
                Batch = parse.GetValue(batch),
                Vocabulary = parse.GetValue(vocab),
                LayerKinds = parse.GetValue(layer) is { Length: > 0 } l ? l.Select(CanonicalLayer).ToArray() : defaults.LayerKinds,
                Rounds = parse.GetValue(rounds),
                MinSeconds = parse.GetValue(minSeconds),
                Threads = parse.GetValue(threads),
            };
            options.Validate();
            options = options with { Pytorch = ResolvePytorch(parse.GetValue(pytorch)!, parse.GetValue(replicaDir), error) };
            var (peak, results) = TrainBenchmark.Run(options, m =>
            {
                if (asJson)
                {
                    JsonLines.Write(output, Json(m), JsonLines.Relaxed);
                }
                else
                {
                    string torch = m.PytorchTokensPerSecond is { } p ? string.Create(CultureInfo.InvariantCulture, $"  PyTorch {p,8:F0} tokens/s") : string.Empty;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Layer,-8} d={m.D} T={m.SequenceLength,-4} {m.TokensPerSecond,8:F0} tokens/s  {m.Gflops,6:F1} GFLOP/s{torch}"));
                }
            });
            if (!asJson)
            {
                Render(output, peak, results, options);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The layer name as the benchmark spells it (case-insensitive on the command line).</summary>
    private static string CanonicalLayer(string name) =>
        TrainBenchmarkOptions.AllLayers.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"--layer: '{name}' is not one of {string.Join(", ", TrainBenchmarkOptions.AllLayers)}.");

    /// <summary>--pytorch: off; auto (the system Python, when it and the worker are there, else off with a note); or a Python that must work.</summary>
    private static PytorchReplica? ResolvePytorch(string value, DirectoryInfo? replicaDir, TextWriter notes)
    {
        if (string.Equals(value, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        bool auto = string.Equals(value, "auto", StringComparison.OrdinalIgnoreCase);
        string python = auto ? SystemPython : value;
        string? script = FindWorker(replicaDir);
        if (auto)
        {
            string? why = !File.Exists(python) ? $"{python} does not exist"
                : script is null ? $"{WorkerNotFound(replicaDir)}"
                : !PytorchWorker.CanImportTorch(python, out string reason) ? reason
                : null;
            if (why is not null)
            {
                notes.WriteLine($"note: PyTorch comparison off: {why} (--pytorch PATH to name a Python with torch).");
                return null;
            }
        }
        else
        {
            if (!File.Exists(python))
            {
                throw new ArgumentException($"--pytorch: '{value}' is neither auto, off, nor an existing Python interpreter.");
            }

            if (script is null)
            {
                throw new ArgumentException($"--pytorch: {WorkerNotFound(replicaDir)}.");
            }

            if (!PytorchWorker.CanImportTorch(python, out string reason))
            {
                throw new ArgumentException($"--pytorch: {reason}.");
            }
        }

        // The worker runs from the repository root: two levels above tools/replica/.
        string root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(script!)!, "..", ".."));
        return new PytorchReplica(python, script!, root);
    }

    private static string WorkerNotFound(DirectoryInfo? replicaDir) => replicaDir is null
        ? $"{PytorchWorker.ScriptPath} was not found above {Environment.CurrentDirectory} (--replica-dir DIR names its folder)"
        : $"{Path.Combine(replicaDir.FullName, Path.GetFileName(PytorchWorker.ScriptPath))} does not exist";

    /// <summary>bench_worker.py in <paramref name="replicaDir"/>, or the repository's, searching upward from the working folder, then from the tool's.</summary>
    private static string? FindWorker(DirectoryInfo? replicaDir)
    {
        if (replicaDir is not null)
        {
            string path = Path.Combine(replicaDir.FullName, Path.GetFileName(PytorchWorker.ScriptPath));
            return File.Exists(path) ? path : null;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, PytorchWorker.ScriptPath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static object Json(TrainMeasurement m) => new
    {
        model = m.Model,
        layer = m.Layer,
        d = m.D,
        layers = m.Layers,
        seq = m.SequenceLength,
        batch = m.Batch,
        threads = m.Threads,
        tokens_per_s = m.TokensPerSecond,
        ratio_to_dense = m.RatioToDense,
        ratio_to_pytorch = m.RatioToPytorch,
        ratio_to_peak = m.RatioToPeak,
        gflops = m.Gflops,
        peak_gflops = m.PeakGflops,
        flops_per_token = m.FlopsPerToken,
        step_s = m.StepSeconds,
        bytes_per_token = m.BytesPerToken,
        managed_bytes_per_step = m.ManagedBytesPerStep,
        parameters = m.Parameters,
        parts = m.Parts,
        contended = m.Contended,
        pytorch_tokens_per_s = m.PytorchTokensPerSecond,
        pytorch_parameters = m.PytorchParameters,
        pytorch_peak_rss_bytes = m.PytorchPeakRssBytes,
        pytorch_contended = m.PytorchContended,
    };

    private static void Render(TextWriter output, double peak, IReadOnlyList<TrainMeasurement> results, TrainBenchmarkOptions options)
    {
        static string F(double? x, string format) => x?.ToString(format, CultureInfo.InvariantCulture) ?? "-";
        static string I(int x) => x.ToString(CultureInfo.InvariantCulture);
        var console = Consoles.Create(output, Consoles.IsTerminal(output));
        bool torch = results.Any(m => m.PytorchTokensPerSecond is not null);

        var table = new Table().Border(TableBorder.Markdown);
        var headers = new List<string> { "model", "layer", "d", "layers", "seq", "tokens/s", "×dense", "×pytorch", "GFLOP/s", "×peak", "bytes/token" };
        if (torch)
        {
            headers.Insert(8, "PyTorch tokens/s");
        }

        foreach (var h in headers)
        {
            table.AddColumn(h is "model" or "layer" ? new TableColumn(h) : new TableColumn(h).RightAligned());
        }

        foreach (var m in results)
        {
            var row = new List<string>
            {
                m.Model, m.Layer, I(m.D), I(m.Layers), I(m.SequenceLength), F(m.TokensPerSecond, "F0"), F(m.RatioToDense, "F2"), F(m.RatioToPytorch, "F2"),
                F(m.Gflops, "F1"), F(m.RatioToPeak, "P1"), F(m.BytesPerToken, "N0"),
            };
            if (torch)
            {
                row.Insert(8, F(m.PytorchTokensPerSecond, "F0"));
            }

            table.AddRow(row.ToArray());
        }

        console.Write(table);
        output.WriteLine();

        // The breakdown: one table per shape, one row per part, two columns (ms per step, share) per layer.
        foreach (var shape in results.GroupBy(m => (m.D, m.SequenceLength)))
        {
            var rows = shape.ToArray();
            var parts = TrainBenchmark.PartOrder.Where(p => rows.Any(m => m.Parts.ContainsKey(p)))
                .Concat(rows.SelectMany(m => m.Parts.Keys).Where(p => !TrainBenchmark.PartOrder.Contains(p)).Distinct()).ToArray();
            var breakdown = new Table().Border(TableBorder.Markdown)
                .Title(string.Create(CultureInfo.InvariantCulture, $"d={shape.Key.D}, T={shape.Key.SequenceLength}: ms per step (share of the step)"));
            breakdown.AddColumn(new TableColumn("part"));
            foreach (var m in rows)
            {
                breakdown.AddColumn(new TableColumn(m.Layer + " ms").RightAligned());
                breakdown.AddColumn(new TableColumn("%").RightAligned());
            }

            foreach (var p in parts.Append("step"))
            {
                var row = new List<string> { p };
                foreach (var m in rows)
                {
                    double total = m.Parts.Values.Sum();
                    double? s = p == "step" ? total : m.Parts.TryGetValue(p, out double v) ? v : null;
                    row.Add(F(s * 1e3, "F1"));
                    row.Add(s is { } x && total > 0 ? F(100 * x / total, "F1") : "-");
                }

                breakdown.AddRow(row.ToArray());
            }

            console.Write(breakdown);
            output.WriteLine();
        }

        int contended = results.Sum(m => m.Contended + (m.PytorchContended ?? 0));
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Training steps of the causal LM: B={options.Batch} sequences, V={options.Vocabulary}, {options.Heads} heads, dropout 0; SliceMoE S={options.Slices}, TokenMoE S=1, E={options.Experts}, k={options.TopK}, router hidden {options.RouterHidden}, expert hidden 4d/k; Dense hidden 4d; each step zeroes the gradients, runs forward and backward, clips to norm 1 and takes an AdamW step. Median of {options.Rounds} alternating rounds{(torch ? ", PyTorch's in the same rounds" : string.Empty)}, {results.FirstOrDefault()?.Threads} thread(s)."),
            string.Create(CultureInfo.InvariantCulture, $"FMA peak measured in this run: {peak:F0} GFLOP/s. FLOPs: matrix multiplies counted analytically per token, L·(8d² attention projections + 4Td scores and values over the full T, causal masking not discounted + the FFN's) + 2dV output; training = 3x forward."),
            $"bytes/token: {TrainBenchmark.MemoryMeasure}.",
            "Breakdown: mean over every step a configuration ran (warm-up included), forward and backward of a part together; MoE layers report their own phases (router ... aux) instead of ffn; optimizer includes zeroing the gradients; step = the sum of the parts.",
        };
        if (contended > 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{contended} timed step(s) ran while other processes used the cores (repeated where possible; see --json 'contended')."));
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
        }
    }
}
