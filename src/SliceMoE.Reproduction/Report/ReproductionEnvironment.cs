using SliceMoE.Reproduction.Execution;

namespace SliceMoE.Reproduction.Report;

/// <summary>What the report says about how it was made.</summary>
/// <param name="Command">The command line that wrote the report.</param>
/// <param name="Machine">The machine.</param>
/// <param name="Invocations">Every reproduce command that trained into the output folder, with wall times.</param>
/// <param name="ReportOnly">Whether the report was rebuilt from finished runs without training (--report-only).</param>
public sealed record ReproductionEnvironment(string Command, MachineInfo Machine, InvocationLog Invocations, bool ReportOnly = false);
