using System.CommandLine;

namespace SliceMoE.Cli.Commands.Bench;

/// <summary><c>slicemoe bench</c>: throughput measurements printed as ratios measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure throughput against this machine's FMA peak, OpenBLAS and dense layers.");
        bench.Subcommands.Add(BenchGemmCommand.Create());
        bench.Subcommands.Add(BenchLayerCommand.Create());
        return bench;
    }
}
