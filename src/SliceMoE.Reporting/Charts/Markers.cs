using System.Globalization;

namespace SliceMoE.Reporting.Charts;

/// <summary>Draws <see cref="MarkerShape"/>s centred on a point, all of about the same visual area.</summary>
internal static class Markers
{
    public static MarkerShape ForSeries(int index) => (MarkerShape)(index % 6);

    public static void Draw(SvgWriter svg, MarkerShape shape, double x, double y, double r, string color)
    {
        switch (shape)
        {
            case MarkerShape.Circle:
                svg.Empty("circle", ("cx", x), ("cy", y), ("r", r), ("fill", color), ("stroke", "#ffffff"), ("stroke-width", 0.8));
                break;
            case MarkerShape.Square:
                double s = r * 0.9;
                svg.Empty("rect", ("x", x - s), ("y", y - s), ("width", 2 * s), ("height", 2 * s), ("fill", color), ("stroke", "#ffffff"), ("stroke-width", 0.8));
                break;
            case MarkerShape.Triangle:
                Polygon(svg, color, (x, y - (1.2 * r)), (x + (1.1 * r), y + (0.8 * r)), (x - (1.1 * r), y + (0.8 * r)));
                break;
            case MarkerShape.TriangleDown:
                Polygon(svg, color, (x, y + (1.2 * r)), (x + (1.1 * r), y - (0.8 * r)), (x - (1.1 * r), y - (0.8 * r)));
                break;
            case MarkerShape.Diamond:
                Polygon(svg, color, (x, y - (1.25 * r)), (x + (1.25 * r), y), (x, y + (1.25 * r)), (x - (1.25 * r), y));
                break;
            case MarkerShape.Cross:
                double c = r * 0.9;
                svg.Empty(
                    "path",
                    ("d", $"M{P(x - c)} {P(y - c)}L{P(x + c)} {P(y + c)}M{P(x - c)} {P(y + c)}L{P(x + c)} {P(y - c)}"),
                    ("stroke", color),
                    ("stroke-width", 2),
                    ("fill", "none"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown marker shape.");
        }
    }

    private static void Polygon(SvgWriter svg, string color, params ReadOnlySpan<(double X, double Y)> points)
    {
        var parts = new string[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            parts[i] = string.Create(CultureInfo.InvariantCulture, $"{P(points[i].X)},{P(points[i].Y)}");
        }

        svg.Empty("polygon", ("points", string.Join(' ', parts)), ("fill", color), ("stroke", "#ffffff"), ("stroke-width", 0.8));
    }

    private static string P(double v) => SvgFormat.Number(v);
}
