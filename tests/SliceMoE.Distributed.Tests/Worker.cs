namespace SliceMoE.Tests.Distributed;

/// <summary>The test worker (tests/SliceMoE.Distributed.Worker, copied beside the tests), run on every rank under mpirun.</summary>
internal static class Worker
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "worker", "SliceMoE.Distributed.Worker.dll");

    /// <summary>Runs <c>mpirun -np <paramref name="ranks"/> dotnet worker ARGS</c>; returns the exit code and everything printed.</summary>
    public static (int Code, string Output) Run(int ranks, TimeSpan timeout, params string[] args) =>
        MpiRun.Run(ranks, timeout, ["dotnet", Path, .. args]);
}
