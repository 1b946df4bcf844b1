using System.Diagnostics;

namespace SliceMoE.Tests.Distributed;

/// <summary>
/// Starts the test worker under Open MPI's mpirun over TCP on loopback (<c>--mca btl tcp,self</c>: TCP is what crosses
/// machines), as root where CI runs as root, with more ranks than cores allowed. mpirun comes from Debian's openmpi-bin,
/// which .ci/run installs.
/// </summary>
internal static class MpiRun
{
    public static string WorkerPath => Path.Combine(AppContext.BaseDirectory, "worker", "SliceMoE.Distributed.Worker.dll");

    /// <summary>Runs <c>mpirun -np <paramref name="ranks"/> dotnet worker ARGS</c>; returns the exit code and everything printed.</summary>
    public static (int Code, string Output) Worker(int ranks, TimeSpan timeout, params string[] args) =>
        Run(ranks, timeout, ["dotnet", WorkerPath, .. args]);

    /// <summary>Runs <c>mpirun -np <paramref name="ranks"/> COMMAND</c>.</summary>
    public static (int Code, string Output) Run(int ranks, TimeSpan timeout, IReadOnlyList<string> command)
    {
        var psi = new ProcessStartInfo("mpirun") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--allow-run-as-root", "--oversubscribe", "--mca", "btl", "tcp,self", "-np", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var a in command)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("mpirun was not found: these tests need Open MPI (Debian: apt-get install -y openmpi-bin libopenmpi-dev; .ci/run installs it).", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"mpirun -np {ranks} {string.Join(' ', command)} did not finish within {timeout}: {stdout.Result}{stderr.Result}");
            }

            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
