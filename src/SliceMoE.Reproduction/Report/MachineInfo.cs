using System.Runtime.InteropServices;
using SliceMoE.Compute;

namespace SliceMoE.Reproduction.Report;

/// <summary>The machine a reproduction ran on, as the report states it.</summary>
/// <param name="Cpu">The CPU model (from /proc/cpuinfo on Linux).</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="Threads">Compute threads the kernels used.</param>
/// <param name="OperatingSystem">The OS.</param>
/// <param name="Runtime">The .NET runtime.</param>
public sealed record MachineInfo(string Cpu, int Cores, int Threads, string OperatingSystem, string Runtime)
{
    /// <summary>This machine.</summary>
    public static MachineInfo Current() =>
        new(CpuModel(), Environment.ProcessorCount, ComputeThreads.Count, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null && line.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
