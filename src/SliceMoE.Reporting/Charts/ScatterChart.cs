using System.Globalization;

namespace SliceMoE.Reporting.Charts;

/// <summary>
/// Points on two numeric axes, grouped in series that differ by colour and marker shape, with optional
/// per-point labels placed so that they do not overlap (e.g. accuracy against ELE per model and dataset,
/// or a 2-D PCA of slice embeddings coloured by expert).
/// </summary>
public sealed class ScatterChart : Chart
{
    private const double LabelSize = 11;
    private readonly List<ScatterSeries> _series = [];

    /// <summary>The horizontal axis.</summary>
    public Axis XAxis { get; } = new();

    /// <summary>The vertical axis.</summary>
    public Axis YAxis { get; } = new();

    /// <summary>Where the legend goes (never over the plot).</summary>
    public LegendPosition Legend { get; set; } = LegendPosition.Auto;

    /// <summary>The series, in drawing order.</summary>
    public IReadOnlyList<ScatterSeries> Series => _series;

    /// <summary>Adds a series and returns it.</summary>
    public ScatterSeries Add(ScatterSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _series.Add(series);
        return series;
    }

    /// <summary>Adds an empty series and returns it.</summary>
    public ScatterSeries Add(string name) => Add(new ScatterSeries(name));

    private protected override void Render(SvgWriter svg, string idPrefix)
    {
        var xTicks = XAxis.Resolve(_series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y)).Select(p => p.X));
        var yTicks = YAxis.Resolve(_series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X)).Select(p => p.Y));
        var legend = _series.Select((s, i) => (s, i)).Where(p => p.s.Name.Length > 0)
            .Select(p => new LegendEntry(p.s.Name, ColorOf(p.i), LegendSymbol.Point, Marker: ShapeOf(p.i))).ToList();
        var frame = XYFrame.Numeric(this, XAxis, xTicks, YAxis, yTicks, legend, Legend);
        var xm = new AxisMap(xTicks, frame.PlotLeft, frame.PlotRight, XAxis.Scale == AxisScale.Log);
        var ym = new AxisMap(yTicks, frame.PlotBottom, frame.PlotTop, YAxis.Scale == AxisScale.Log);

        svg.BeginDocument(frame.Width, frame.Height, Title, DescriptionOr(Describe()), idPrefix);
        frame.DefineClip(svg, $"{idPrefix}-clip", 8);
        frame.DrawBackground(svg, xm, ym);

        var placer = new LabelPlacer(frame.PlotLeft, frame.PlotTop, frame.PlotRight, frame.PlotBottom);
        var drawn = new List<(double X, double Y, double R, string Label)>();
        svg.Open("g", ("class", "data"), ("clip-path", $"url(#{idPrefix}-clip)"));
        for (int i = 0; i < _series.Count; i++)
        {
            var s = _series[i];
            svg.Open("g", ("fill-opacity", s.Opacity < 1 ? SvgFormat.Number(Math.Clamp(s.Opacity, 0.05, 1)) : null));
            foreach (var p in s.Points)
            {
                if (!xm.CanMap(p.X) || !ym.CanMap(p.Y))
                {
                    continue;
                }

                double x = xm.Map(p.X), y = ym.Map(p.Y);
                Markers.Draw(svg, ShapeOf(i), x, y, s.Radius, ColorOf(i));
                placer.Reserve(x, y, s.Radius);
                if (!string.IsNullOrEmpty(p.Label))
                {
                    drawn.Add((x, y, s.Radius, p.Label));
                }
            }

            svg.Close();
        }

        svg.Close();

        svg.Open("g", ("class", "labels"), ("font-size", LabelSize), ("fill", ChartColors.Text));
        foreach (var (x, y, r, label) in drawn)
        {
            var (tx, ty, anchor) = placer.Place(x, y, r, TextMeasure.Width(label, LabelSize), LabelSize * 1.2);
            svg.Element("text", label, ("x", tx), ("y", ty), ("text-anchor", anchor == "start" ? null : anchor));
        }

        svg.Close();
        if (!_series.Any(s => s.Points.Any(p => xm.CanMap(p.X) && ym.CanMap(p.Y))))
        {
            frame.DrawNoData(svg);
        }

        frame.DrawAxes(svg, xm, ym);
        svg.Close();
    }

    private string ColorOf(int i) => _series[i].Color ?? Palette.Color(i);

    private MarkerShape ShapeOf(int i) => _series[i].Shape ?? Markers.ForSeries(i);

    private string Describe() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Scatter plot of {LineChart.Or(YAxis.Label, "y")} against {LineChart.Or(XAxis.Label, "x")}: {string.Join("; ", _series.Select(s => $"{s.Name} ({s.Points.Count} points)"))}.");
}
