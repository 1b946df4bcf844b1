using System.CommandLine;
using System.Globalization;
using SliceMoE.Benchmarks.Suites;
using SliceMoE.Cli.Output;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Bench;

/// <summary><c>slicemoe bench gemm</c>.</summary>
internal static class BenchGemmCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per measurement instead of a table." };
        var threads = new Option<int[]>("--threads")
        {
            Description = "Thread counts to measure (e.g. --threads 1 2).",
            DefaultValueFactory = _ => [1, Environment.ProcessorCount],
            AllowMultipleArgumentsPerToken = true,
        };
        var coreType = new Option<string>("--openblas-coretype")
        {
            Description = "OPENBLAS_CORETYPE for the OpenBLAS yardstick (SkylakeX: its AVX-512 kernels; 'env': keep the environment's; 'none': skip OpenBLAS).",
            DefaultValueFactory = _ => "SkylakeX",
        };
        var seconds = new Option<double>("--min-seconds")
        {
            Description = "Minimum timed seconds per measurement.",
            DefaultValueFactory = _ => 0.5,
        };
        var command = new Command("gemm", "FMA peak, GEMM and grouped GEMM at the expert shapes and at 2048³, against OpenBLAS sgemm.") { json, threads, coreType, seconds };
        command.SetAction(parse =>
        {
            bool asJson = parse.GetValue(json);
            var threadCounts = parse.GetValue(threads)!.Distinct().Where(t => t >= 1).ToArray();
            string core = parse.GetValue(coreType)!;
            var options = new GemmBenchmarkOptions(threadCounts, core == "env" ? null : core, parse.GetValue(seconds));
            var output = parse.InvocationConfiguration.Output;
            if (!asJson)
            {
                output.WriteLine($"Measuring FMA peak, our GEMM and OpenBLAS on {Environment.ProcessorCount} cores...");
            }

            var report = GemmBenchmark.Run(GemmBenchmark.DefaultCases(), options, m =>
            {
                if (asJson)
                {
                    return;
                }

                output.WriteLine($"  {m.Implementation,-8} {m.Name,-40} threads={m.Threads} {m.Gflops,7:F1} GFLOP/s");
            });
            if (asJson)
            {
                foreach (var m in report.Measurements)
                {
                    JsonLines.Write(output, new
                    {
                        m.Op,
                        m.Name,
                        m.Shape,
                        m.Implementation,
                        m.Threads,
                        m.Gflops,
                        m.RatioToPeak,
                        ratio_to_openblas = m.RatioToOpenBlas,
                        m.RatioToSingle,
                        m.Seconds,
                        m.Contended,
                        Kernel = m.Implementation == "openblas" ? report.OpenBlasCore : report.Kernel,
                    });
                }

                return 0;
            }

            RenderTable(output, report);
            return 0;
        });
        return command;
    }

    private static void RenderTable(TextWriter output, GemmBenchmarkReport report)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "op", "shape", "threads", "ours GFLOP/s", "of peak", "OpenBLAS GFLOP/s", "ours/OpenBLAS", "grouped/single" })
        {
            table.AddColumn(h);
        }

        var peak = report.Measurements.Where(m => m.Op == "fma_peak").ToDictionary(m => m.Threads, m => m.Gflops);
        foreach (var m in report.Measurements.Where(m => m.Implementation != "openblas"))
        {
            var blas = report.Measurements.FirstOrDefault(b => b.Implementation == "openblas" && b.Name == m.Name && b.Threads == m.Threads);
            table.AddRow(
                Markup.Escape(m.Op == "fma_peak" ? "FMA peak" : m.Name),
                Markup.Escape(m.Shape),
                m.Threads.ToString(CultureInfo.InvariantCulture),
                m.Gflops.ToString("F1", CultureInfo.InvariantCulture),
                m.RatioToPeak.ToString("P0", CultureInfo.InvariantCulture),
                blas is null ? "-" : blas.Gflops.ToString("F1", CultureInfo.InvariantCulture),
                m.RatioToOpenBlas is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-",
                m.RatioToSingle is { } s ? s.ToString("F2", CultureInfo.InvariantCulture) : "-");
        }

        var console = Consoles.Create(output, Consoles.IsTerminal(output));
        console.Write(table);
        console.MarkupLine(Markup.Escape($"Our kernel: {report.Kernel}. OpenBLAS: {report.OpenBlasCore ?? "not found (install libopenblas0)"}. Peaks: {string.Join(", ", peak.Select(p => $"{p.Key} thread(s) {p.Value:F0} GFLOP/s"))}."));
    }
}
