using System.Globalization;

namespace SliceMoE.Reporting.Charts;

/// <summary>Number formatting for SVG coordinates: invariant culture, at most two decimals, never "-0", so equal inputs give equal bytes.</summary>
internal static class SvgFormat
{
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            // A non-finite coordinate is a bug in a chart's data filtering, not a user error.
            throw new InvalidOperationException($"Non-finite SVG coordinate {value}.");
        }

        double r = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return r == 0 ? "0" : r.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
