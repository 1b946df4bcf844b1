using SliceMoE.Distributed;
using SliceMoE.Distributed.Mpi;

namespace SliceMoE.Cli.Commands;

/// <summary>
/// Runs a command on every rank of an mpirun job (or in the single process). A rank that fails ends the whole job with
/// MPI_Abort, after printing why: otherwise the other ranks would wait in their next collective forever.
/// </summary>
internal static class Ranks
{
    public static int Run(Func<ICommunicator, int> body)
    {
        var world = MpiCommunicator.WorldOrSingleProcess();
        try
        {
            return body(world);
        }
        catch (Exception e) when (world.Size > 1)
        {
            world.Abort(1, $"error: {e.Message}");
            throw;
        }
    }
}
