using System.CommandLine;

namespace SliceMoE.Cli.Commands.Bench;

/// <summary><c>slicemoe bench</c>: throughput measurements printed as ratios measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure throughput against this machine's FMA peak, OpenBLAS, dense layers, the PyTorch replica and another GPT-2 tokenizer.");
        bench.Subcommands.Add(BenchGemmCommand.Create());
        bench.Subcommands.Add(BenchLayerCommand.Create());
        bench.Subcommands.Add(BenchTokenizersCommand.Create());
        bench.Subcommands.Add(BenchParallelCommand.Create());
        bench.Subcommands.Add(BenchTrainCommand.Create());
        bench.Subcommands.Add(BenchInferenceCommand.Create());
        return bench;
    }
}
