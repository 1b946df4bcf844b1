using System.CommandLine;
using System.Globalization;
using SliceMoE.Benchmarks.Suites;
using SliceMoE.Cli.Output;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Bench;

/// <summary><c>slicemoe bench layer</c>.</summary>
internal static class BenchLayerCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per measurement instead of a table." };
        var threads = new Option<int>("--threads") { Description = "Compute threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var quick = new Option<bool>("--quick") { Description = "Only d=768, N=1024 and d=256, N=4096, shorter timings." };
        var shapesOption = new Option<string[]>("--shapes") { Description = "Shapes to measure as DxN (e.g. --shapes 768x4096 256x4096); default: 768x1024 768x4096 768x16384 256x4096.", AllowMultipleArgumentsPerToken = true };
        var pytorch = new Option<FileInfo?>("--pytorch") { Description = "JSON results of the PyTorch reference (bench_ref.py --out), to print ratio_to_pytorch." };
        var command = new Command("layer", "Forward and forward+backward tokens/s of SliceMoE, TokenMoE and a dense FFN at matched active FLOPs, with a per-phase breakdown.") { json, threads, quick, shapesOption, pytorch };
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            bool asJson = parse.GetValue(json);
            bool isQuick = parse.GetValue(quick);
            var given = parse.GetValue(shapesOption);
            var shapes = given is { Length: > 0 } ? given.Select(ParseShape).ToArray() : isQuick ? [(768, 1024), (256, 4096)] : LayerBenchmark.DefaultShapes;
            var options = new LayerBenchmarkOptions(shapes, parse.GetValue(threads), isQuick ? 0.3 : 1.0, parse.GetValue(pytorch)?.FullName);
            var output = parse.InvocationConfiguration.Output;
            var (peak, results) = LayerBenchmark.Run(options, m =>
            {
                if (asJson)
                {
                    JsonLines.Write(output, new
                    {
                        layer = m.Layer,
                        d = m.D,
                        n = m.N,
                        pass = m.Pass,
                        threads = m.Threads,
                        tokens_per_s = m.TokensPerSecond,
                        gflops = m.Gflops,
                        ratio_to_dense = m.RatioToDense,
                        ratio_to_peak = m.RatioToPeak,
                        ratio_to_pytorch = m.RatioToPytorch,
                        seconds = m.Seconds,
                        flops_per_token = m.FlopsPerToken,
                        parameters = m.Parameters,
                        breakdown_seconds = m.Breakdown,
                        contended = m.Contended,
                    });
                }
                else
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Layer,-8} d={m.D} N={m.N,-5} {m.Pass,-6} {m.TokensPerSecond,9:F0} tokens/s  {m.Gflops,6:F1} GFLOP/s"));
                }
            });
            if (!asJson)
            {
                Render(output, peak, results);
            }

            return 0;
        }));
        return command;
    }

    private static (int D, int N) ParseShape(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int d) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int n) && d > 0 && n > 0 && d % 8 == 0)
        {
            return (d, n);
        }

        throw new ArgumentException($"--shapes: '{text}' is not DxN with positive D (a multiple of 8, for S = 8 slices) and N, e.g. 768x4096.");
    }

    private static void Render(TextWriter output, double peak, IReadOnlyList<LayerMeasurement> results)
    {
        var table = new Table().Border(TableBorder.Markdown);
        foreach (var h in new[] { "layer", "d", "N", "pass", "tokens/s", "GFLOP/s", "of peak", "vs dense", "vs PyTorch", "router / dispatch / experts / combine / aux (ms)" })
        {
            table.AddColumn(h);
        }

        foreach (var m in results)
        {
            string breakdown = m.Breakdown.Count == 0 ? "-" : string.Join(" / ", new[] { "router", "dispatch", "expert GEMMs", "combine", "aux" }.Select(p => (m.Breakdown.GetValueOrDefault(p) * 1e3).ToString("F1", CultureInfo.InvariantCulture)));
            table.AddRow(
                m.Layer, m.D.ToString(CultureInfo.InvariantCulture), m.N.ToString(CultureInfo.InvariantCulture), m.Pass,
                m.TokensPerSecond.ToString("F0", CultureInfo.InvariantCulture), m.Gflops.ToString("F1", CultureInfo.InvariantCulture),
                m.RatioToPeak.ToString("P0", CultureInfo.InvariantCulture), m.RatioToDense?.ToString("F2", CultureInfo.InvariantCulture) ?? "-",
                m.RatioToPytorch?.ToString("F2", CultureInfo.InvariantCulture) ?? "-", breakdown);
        }

        var console = Consoles.Create(output, Consoles.IsTerminal(output));
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FMA peak measured in this run: {peak:F0} GFLOP/s on {results.FirstOrDefault()?.Threads} thread(s). FLOPs count matrix multiplies only (forward + backward = 3x forward)."));
    }
}
