using System.CommandLine;
using System.CommandLine.Help;
using SliceMoE.Cli.Commands.Bench;
using SliceMoE.Cli.Commands.Data;
using SliceMoE.Cli.Commands.Layer;
using SliceMoE.Cli.Commands.Eval;
using SliceMoE.Cli.Commands.Export;
using SliceMoE.Cli.Commands.Generate;
using SliceMoE.Cli.Commands.Train;
using SliceMoE.Cli.Commands.Translate;

namespace SliceMoE.Cli;

/// <summary>Entry point of the <c>slicemoe</c> command.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args)
    {
        int code = BuildRoot().Parse(args).Invoke();
        if (SliceMoE.Distributed.Mpi.MpiCommunicator.Launched)
        {
            SliceMoE.Distributed.Mpi.MpiCommunicator.World.Dispose(); // MPI_Finalize: every rank reaches it after the same collectives
        }

        return code;
    }

    /// <summary>The whole command tree (also used by the tests).</summary>
    public static Command BuildRoot()
    {
        var root = new Command("slicemoe", "Slice-level Mixture-of-Experts for .NET: train, evaluate, benchmark and reproduce SliceMoE.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(LayerCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(TranslateCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(Commands.Reproduce.ReproduceCommand.Create());
        return root;
    }
}
