using System.Globalization;
using System.Text;

namespace SliceMoE.Reporting.Charts;

/// <summary>
/// Lines over a numeric x axis: learning curves, sweeps (accuracy against router noise or temperature),
/// with optional markers, dashes, ±spread bands and a linear or log y (and x) axis.
/// </summary>
public sealed class LineChart : Chart
{
    private readonly List<LineSeries> _series = [];

    /// <summary>The horizontal axis.</summary>
    public Axis XAxis { get; } = new();

    /// <summary>The vertical axis.</summary>
    public Axis YAxis { get; } = new();

    /// <summary>Where the legend goes (never over the plot).</summary>
    public LegendPosition Legend { get; set; } = LegendPosition.Auto;

    /// <summary>The series, in drawing order.</summary>
    public IReadOnlyList<LineSeries> Series => _series;

    /// <summary>Adds a series and returns it, so that it can be styled further.</summary>
    public LineSeries Add(LineSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _series.Add(series);
        return series;
    }

    /// <summary>Adds a series of y over x and returns it.</summary>
    public LineSeries Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y) => Add(new LineSeries(name, x, y));

    private protected override void Render(SvgWriter svg, string idPrefix)
    {
        var xTicks = XAxis.Resolve(_series.SelectMany(s => s.X));
        var yTicks = YAxis.Resolve(_series.SelectMany(YExtent));
        // Unnamed series (helper lines) stay out of the legend.
        var legend = _series.Select((s, i) => (s, i)).Where(p => p.s.Name.Length > 0)
            .Select(p => new LegendEntry(p.s.Name, ColorOf(p.i), LegendSymbol.Line, p.s.Dashed, p.s.Markers ? p.s.Marker ?? Markers.ForSeries(p.i) : null)).ToList();
        var frame = XYFrame.Numeric(this, XAxis, xTicks, YAxis, yTicks, legend, Legend);
        var xm = new AxisMap(xTicks, frame.PlotLeft, frame.PlotRight, XAxis.Scale == AxisScale.Log);
        var ym = new AxisMap(yTicks, frame.PlotBottom, frame.PlotTop, YAxis.Scale == AxisScale.Log);

        svg.BeginDocument(frame.Width, frame.Height, Title, DescriptionOr(Describe()), idPrefix);
        frame.DefineClip(svg, $"{idPrefix}-clip", 6);
        frame.DrawBackground(svg, xm, ym);

        bool any = false;
        svg.Open("g", ("class", "data"), ("clip-path", $"url(#{idPrefix}-clip)"));
        for (int i = 0; i < _series.Count; i++)
        {
            if (_series[i].Spread is not null)
            {
                DrawBand(svg, _series[i], ColorOf(i), xm, ym);
            }
        }

        for (int i = 0; i < _series.Count; i++)
        {
            var s = _series[i];
            string path = LinePath(s, xm, ym);
            if (path.Length == 0)
            {
                continue;
            }

            any = true;
            svg.Empty(
                "path",
                ("d", path),
                ("fill", "none"),
                ("stroke", ColorOf(i)),
                ("stroke-width", 2),
                ("stroke-linejoin", "round"),
                ("stroke-linecap", "round"),
                ("stroke-dasharray", s.Dashed ? "7 4" : null));
            if (s.Markers)
            {
                var shape = s.Marker ?? Markers.ForSeries(i);
                for (int k = 0; k < s.X.Count; k++)
                {
                    if (xm.CanMap(s.X[k]) && ym.CanMap(s.Y[k]))
                    {
                        Charts.Markers.Draw(svg, shape, xm.Map(s.X[k]), ym.Map(s.Y[k]), 3.5, ColorOf(i));
                    }
                }
            }
        }

        svg.Close();
        if (!any)
        {
            frame.DrawNoData(svg);
        }

        frame.DrawAxes(svg, xm, ym);
        svg.Close();
    }

    private static IEnumerable<double> YExtent(LineSeries s)
    {
        for (int i = 0; i < s.Y.Count; i++)
        {
            if (!double.IsFinite(s.X[i]))
            {
                continue;
            }

            yield return s.Y[i];
            if (s.Spread is not null && double.IsFinite(s.Spread[i]))
            {
                yield return s.Y[i] - s.Spread[i];
                yield return s.Y[i] + s.Spread[i];
            }
        }
    }

    private string ColorOf(int i) => _series[i].Color ?? Palette.Color(i);

    // "M x y L x y ..." with a new M after every point that cannot be drawn, so gaps stay gaps.
    private static string LinePath(LineSeries s, AxisMap xm, AxisMap ym)
    {
        var sb = new StringBuilder();
        bool pen = false;
        for (int k = 0; k < s.X.Count; k++)
        {
            if (!xm.CanMap(s.X[k]) || !ym.CanMap(s.Y[k]))
            {
                pen = false;
                continue;
            }

            sb.Append(pen ? 'L' : 'M').Append(SvgFormat.Number(xm.Map(s.X[k]))).Append(' ').Append(SvgFormat.Number(ym.Map(s.Y[k])));
            pen = true;
        }

        return sb.ToString();
    }

    private static void DrawBand(SvgWriter svg, LineSeries s, string color, AxisMap xm, AxisMap ym)
    {
        int k = 0;
        while (k < s.X.Count)
        {
            var run = new List<int>();
            while (k < s.X.Count && xm.CanMap(s.X[k]) && double.IsFinite(s.Y[k]) && double.IsFinite(s.Spread![k]))
            {
                run.Add(k++);
            }

            k++;
            if (run.Count < 2)
            {
                continue;
            }

            var sb = new StringBuilder();
            foreach (int j in run)
            {
                sb.Append(sb.Length == 0 ? 'M' : 'L').Append(P(xm.Map(s.X[j]))).Append(' ').Append(P(ym.MapClamped(s.Y[j] + s.Spread![j])));
            }

            for (int r = run.Count - 1; r >= 0; r--)
            {
                int j = run[r];
                sb.Append('L').Append(P(xm.Map(s.X[j]))).Append(' ').Append(P(ym.MapClamped(s.Y[j] - s.Spread![j])));
            }

            sb.Append('Z');
            svg.Empty("path", ("d", sb.ToString()), ("fill", color), ("fill-opacity", 0.18), ("stroke", "none"));
        }
    }

    private static string P(double v) => SvgFormat.Number(v);

    private string Describe()
    {
        var names = string.Join(", ", _series.Select(s => s.Name.Length == 0 ? "unnamed" : s.Name));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Line chart with {_series.Count} series ({names}); x: {Or(XAxis.Label, "x")}, y: {Or(YAxis.Label, "y")}{(YAxis.Scale == AxisScale.Log ? " (log scale)" : string.Empty)}.");
    }

    internal static string Or(string text, string fallback) => text.Length == 0 ? fallback : text;
}
