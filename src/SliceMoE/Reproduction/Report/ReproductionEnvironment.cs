using SliceMoE.Reproduction.Execution;

namespace SliceMoE.Reproduction.Report;

/// <summary>What the report says about how it was made.</summary>
/// <param name="Command">The command line that made it.</param>
/// <param name="Machine">The machine.</param>
/// <param name="Invocations">Every reproduce command that worked on the output folder, with wall times.</param>
public sealed record ReproductionEnvironment(string Command, MachineInfo Machine, InvocationLog Invocations);
