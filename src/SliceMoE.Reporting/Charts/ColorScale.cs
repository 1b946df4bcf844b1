using System.Globalization;

namespace SliceMoE.Reporting.Charts;

/// <summary>A sequential colour scale: evenly spaced colour stops, linearly interpolated in sRGB.</summary>
public sealed class ColorScale
{
    private readonly (double R, double G, double B)[] _stops;

    /// <summary>Creates a scale from at least two <c>#rrggbb</c> colours, lowest value first.</summary>
    /// <exception cref="ArgumentException">When fewer than two stops are given or one is not <c>#rrggbb</c>.</exception>
    public ColorScale(IReadOnlyList<string> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Count < 2)
        {
            throw new ArgumentException("A colour scale needs at least two stops.", nameof(stops));
        }

        _stops = new (double, double, double)[stops.Count];
        for (int i = 0; i < stops.Count; i++)
        {
            _stops[i] = Parse(stops[i]);
        }

        Stops = [.. stops];
    }

    /// <summary>ColorBrewer "Blues" (single hue, colour-blind safe): the usual confusion-matrix scale.</summary>
    public static ColorScale Blues { get; } = new(["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"]);

    /// <summary>Viridis (perceptually uniform, colour-blind safe).</summary>
    public static ColorScale Viridis { get; } = new(["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"]);

    /// <summary>The stops this scale was built from.</summary>
    public IReadOnlyList<string> Stops { get; }

    /// <summary>The colour at <paramref name="t"/> in [0, 1] (clamped; NaN gives light grey) as <c>#rrggbb</c>.</summary>
    public string At(double t)
    {
        if (double.IsNaN(t))
        {
            return ChartColors.Missing;
        }

        t = Math.Clamp(t, 0, 1);
        double pos = t * (_stops.Length - 1);
        int i = Math.Min((int)pos, _stops.Length - 2);
        double f = pos - i;
        var (r0, g0, b0) = _stops[i];
        var (r1, g1, b1) = _stops[i + 1];
        return Hex(r0 + ((r1 - r0) * f), g0 + ((g1 - g0) * f), b0 + ((b1 - b0) * f));
    }

    /// <summary>Relative luminance (WCAG) of a <c>#rrggbb</c> colour, 0 (black) to 1 (white); used to pick a readable text colour on a cell.</summary>
    internal static double Luminance(string hex)
    {
        var (r, g, b) = Parse(hex);
        return (0.2126 * Linear(r)) + (0.7152 * Linear(g)) + (0.0722 * Linear(b));

        static double Linear(double c)
        {
            double s = c / 255.0;
            return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }
    }

    private static (double R, double G, double B) Parse(string hex)
    {
        if (hex is null || hex.Length != 7 || hex[0] != '#'
            || !int.TryParse(hex.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int v))
        {
            throw new ArgumentException($"'{hex}' is not a #rrggbb colour.", nameof(hex));
        }

        return ((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
    }

    private static string Hex(double r, double g, double b) =>
        string.Create(CultureInfo.InvariantCulture, $"#{(int)Math.Round(r):x2}{(int)Math.Round(g):x2}{(int)Math.Round(b):x2}");
}
