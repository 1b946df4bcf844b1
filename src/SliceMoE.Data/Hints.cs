namespace SliceMoE.Data;

/// <summary>Fix hints that error messages share.</summary>
internal static class Hints
{
    public const string SkipRow = "fix or delete the row, or load with LoadOptions.Skipping (OnMalformed = Skip) to skip and count such rows";
}
