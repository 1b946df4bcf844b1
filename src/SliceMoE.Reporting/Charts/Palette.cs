namespace SliceMoE.Reporting.Charts;

/// <summary>
/// Colour-blind-safe categorical palettes. Series colours come from <see cref="OkabeIto"/> by default
/// (Okabe &amp; Ito 2008, distinguishable under the common colour-vision deficiencies); charts also vary
/// marker shapes and dash patterns so that no information rests on colour alone.
/// </summary>
public static class Palette
{
    /// <summary>The Okabe-Ito palette, reordered so that the low-contrast yellow comes last.</summary>
    public static IReadOnlyList<string> OkabeIto { get; } =
        ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];

    /// <summary>Paul Tol's "bright" qualitative palette.</summary>
    public static IReadOnlyList<string> TolBright { get; } =
        ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"];

    /// <summary>The colour of series <paramref name="index"/> (cycling through <see cref="OkabeIto"/>).</summary>
    public static string Color(int index) => OkabeIto[((index % OkabeIto.Count) + OkabeIto.Count) % OkabeIto.Count];
}
