namespace SliceMoE.Data;

/// <summary>Options shared by every loader.</summary>
public sealed record LoadOptions
{
    /// <summary>The defaults: throw on a malformed row, no caps, 10% validation and 10% test where a source has no official split, seed 1.</summary>
    public static LoadOptions Default { get; } = new();

    /// <summary>What to do with a malformed row.</summary>
    public MalformedRowPolicy OnMalformed { get; init; } = MalformedRowPolicy.Throw;

    /// <summary>At most this many examples in each split (after splitting and shuffling); null keeps all.</summary>
    public int? MaxPerSplit { get; init; }

    /// <summary>Fraction of the examples that go to validation when a source has no validation split of its own.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Fraction of the examples that go to test when a source has no test split of its own.</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>Seed of the <see cref="Numerics.Rng"/> that makes splits and shuffles reproducible.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>How many skip reasons a <see cref="LoadReport"/> keeps word for word (all skips are counted).</summary>
    public int MaxReasonsKept { get; init; } = 100;

    /// <summary>An options object that skips malformed rows.</summary>
    public static LoadOptions Skipping { get; } = new() { OnMalformed = MalformedRowPolicy.Skip };
}
