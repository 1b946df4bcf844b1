using System.Globalization;

namespace SliceMoE.Reproduction.Claims;

/// <summary>A number printed in the paper, with where it is printed.</summary>
/// <param name="Value">The number.</param>
/// <param name="Source">Table, figure, section and line of the paper text.</param>
public sealed record PaperValue(double Value, string Source)
{
    /// <summary>The number as printed (invariant culture, no trailing zeros beyond the paper's).</summary>
    public override string ToString() => Value.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>A range printed in the paper (e.g. "2-4 pp", "ELE ≈ 0.95-0.97").</summary>
/// <param name="Low">Lower end.</param>
/// <param name="High">Upper end.</param>
/// <param name="Source">Where it is printed.</param>
public sealed record PaperRange(double Low, double High, string Source)
{
    /// <summary>"low-high".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Low:0.###}-{High:0.###}");

    /// <summary>A range of fractions in percentage points, "low-high" (0.02-0.04 as "2-4").</summary>
    public string InPoints() => string.Create(CultureInfo.InvariantCulture, $"{100 * Low:0.#}-{100 * High:0.#}");
}
