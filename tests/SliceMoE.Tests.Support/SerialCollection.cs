namespace SliceMoE.Tests.Support;

/// <summary>Tests that change process-wide settings (the compute thread count) run in this collection, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Process-wide settings";
}
