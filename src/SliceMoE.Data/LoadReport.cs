namespace SliceMoE.Data;

/// <summary>What a load read: how many rows became examples and how many malformed rows were skipped, and why.</summary>
/// <param name="Loaded">Rows (or documents) that became examples.</param>
/// <param name="Skipped">Malformed rows skipped (only under <see cref="MalformedRowPolicy.Skip"/>).</param>
/// <param name="SkippedReasons">The first skip reasons, each naming file, line and column (at most <see cref="LoadOptions.MaxReasonsKept"/>).</param>
public sealed record LoadReport(int Loaded, int Skipped, IReadOnlyList<string> SkippedReasons)
{
    /// <summary>A report of a load that skipped nothing.</summary>
    public static LoadReport Clean(int loaded) => new(loaded, 0, []);

    /// <summary>One line for people, e.g. <c>loaded 1200, skipped 3 (first: ...)</c>.</summary>
    public override string ToString() =>
        Skipped == 0 ? $"loaded {Loaded}, skipped 0" : $"loaded {Loaded}, skipped {Skipped} (first: {SkippedReasons.FirstOrDefault()})";
}
