namespace SliceMoE.Tests.Support;

/// <summary>
/// Tests that change process-wide settings (the compute thread count) or assert on process-wide state (the scratch pool)
/// run in this collection, one at a time, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Process-wide settings";
}
