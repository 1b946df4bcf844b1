using SliceMoE.Distributed;
using SliceMoE.Distributed.Mpi;

namespace SliceMoE.Tests.Distributed.Worker;

/// <summary>Runs one scenario on every rank: <c>mpirun -np R dotnet SliceMoE.Distributed.Worker.dll SCENARIO</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var world = MpiCommunicator.World;
        string scenario = args.Length > 0 ? args[0] : "collectives";
        switch (scenario)
        {
            case "collectives":
                Collectives.Run(world);
                break;
            case "moe-layer":
                ExpertParallelLayer.Run(world, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : world.Size);
                break;
            default:
                Console.Error.WriteLine($"unknown scenario {scenario}");
                return 2;
        }

        return 0;
    }
}
