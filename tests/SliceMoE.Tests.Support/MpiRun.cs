using System.Diagnostics;
using System.Globalization;

namespace SliceMoE.Tests.Support;

/// <summary>
/// Starts programs under Open MPI's mpirun over TCP on loopback (<c>--mca btl tcp,self</c>: TCP is what crosses
/// machines), as root where CI runs as root, with more ranks than cores allowed. mpirun comes from Debian's openmpi-bin,
/// which .ci/run installs.
/// </summary>
public static class MpiRun
{
    /// <summary>The flags every test run uses.</summary>
    public static readonly string[] Flags = ["--allow-run-as-root", "--oversubscribe", "--mca", "btl", "tcp,self"];

    /// <summary>Runs <c>mpirun -np <paramref name="ranks"/> COMMAND</c>; returns the exit code and everything printed.</summary>
    public static (int Code, string Output) Run(int ranks, TimeSpan timeout, IReadOnlyList<string> command)
    {
        using var job = Start(ranks, command);
        return job.Wait(timeout);
    }

    /// <summary>
    /// Runs one command per rank (MPI's multiple-program form, <c>mpirun -np 1 A : -np 1 B</c>), for ranks that are
    /// given different arguments.
    /// </summary>
    public static (int Code, string Output) RunEach(TimeSpan timeout, params IReadOnlyList<string>[] commands)
    {
        var args = new List<string>(Flags);
        for (int r = 0; r < commands.Length; r++)
        {
            if (r > 0)
            {
                args.Add(":");
            }

            args.AddRange(["-np", "1", .. commands[r]]);
        }

        using var job = new Job(args);
        return job.Wait(timeout);
    }

    /// <summary>Starts <c>mpirun -np <paramref name="ranks"/> COMMAND</c> without waiting for it.</summary>
    public static Job Start(int ranks, IReadOnlyList<string> command) =>
        new([.. Flags, "-np", ranks.ToString(CultureInfo.InvariantCulture), .. command]);

    /// <summary>A running mpirun, with what it prints collected as it goes.</summary>
    public sealed class Job : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stdout;
        private readonly Task<string> _stderr;
        private readonly string _line;

        internal Job(IReadOnlyList<string> arguments)
        {
            var psi = new ProcessStartInfo("mpirun") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in arguments)
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            _line = "mpirun " + string.Join(' ', arguments);
            try
            {
                _process = Process.Start(psi)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("mpirun was not found: these tests need Open MPI (Debian: apt-get install -y openmpi-bin libopenmpi-dev; .ci/run installs it).", e);
            }

            _stdout = _process.StandardOutput.ReadToEndAsync();
            _stderr = _process.StandardError.ReadToEndAsync();
        }

        /// <summary>Waits for mpirun to end; returns its exit code and everything printed.</summary>
        /// <exception cref="TimeoutException">When it runs past <paramref name="timeout"/> (it is killed first).</exception>
        public (int Code, string Output) Wait(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
                throw new TimeoutException($"{_line} did not finish within {timeout}: {_stdout.Result}{_stderr.Result}");
            }

            _process.WaitForExit();
            return (_process.ExitCode, _stdout.Result + _stderr.Result);
        }

        /// <summary>
        /// The process id of rank <paramref name="rank"/> (a process below mpirun whose environment holds
        /// OMPI_COMM_WORLD_RANK), or null while it has not started.
        /// </summary>
        public int? RankProcess(int rank)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == _process.Id)
                {
                    continue;
                }

                try
                {
                    var environment = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                    if (environment.Contains($"OMPI_COMM_WORLD_RANK={rank}") && IsBelow(pid, _process.Id))
                    {
                        return pid;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A process that ended while we looked, or one we may not read.
                }
            }

            return null;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        /// <summary>Whether <paramref name="pid"/> descends from <paramref name="ancestor"/> (following PPid in /proc/PID/status).</summary>
        private static bool IsBelow(int pid, int ancestor)
        {
            for (int p = pid, hops = 0; p > 1 && hops < 16; hops++)
            {
                var parent = File.ReadLines($"/proc/{p}/status").FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
                if (parent is null || !int.TryParse(parent[5..].Trim(), out p))
                {
                    return false;
                }

                if (p == ancestor)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
