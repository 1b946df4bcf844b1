using System.Globalization;

namespace SliceMoE.Reporting.Charts;

/// <summary>
/// Grouped bars: one group per category, one bar per series (e.g. accuracy per model per dataset), with
/// optional error bars, value labels and reference lines. The value axis always includes zero, because a
/// bar's length is its value.
/// </summary>
public sealed class BarChart : Chart
{
    private readonly List<BarSeries> _series = [];
    private readonly List<ReferenceLine> _references = [];

    /// <summary>Creates a chart over the given categories (the groups along the x axis).</summary>
    public BarChart(IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        Categories = [.. categories];
    }

    /// <summary>The group labels along the x axis.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>The title under the category labels; empty for none.</summary>
    public string XLabel { get; set; } = string.Empty;

    /// <summary>The value axis (linear only; <see cref="Axis.Scale"/> must stay linear).</summary>
    public Axis YAxis { get; } = new();

    /// <summary>Write each bar's value above it (left out where the text would not fit the bar's width).</summary>
    public bool ShowValues { get; set; }

    /// <summary>The .NET format of value labels (invariant culture).</summary>
    public string ValueFormat { get; set; } = "0.00";

    /// <summary>Mark zero-valued bars with a small cross at the baseline, so that an empty bar (a dead expert) is not mistaken for a missing one.</summary>
    public bool MarkZeros { get; set; }

    /// <summary>Where the legend goes (never over the plot).</summary>
    public LegendPosition Legend { get; set; } = LegendPosition.Auto;

    /// <summary>The series, in drawing order within each group.</summary>
    public IReadOnlyList<BarSeries> Series => _series;

    /// <summary>The reference lines.</summary>
    public IReadOnlyList<ReferenceLine> ReferenceLines => _references;

    /// <summary>Adds a series and returns it.</summary>
    /// <exception cref="ArgumentException">When its value count differs from the category count.</exception>
    public BarSeries Add(BarSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Values.Count != Categories.Count)
        {
            throw new ArgumentException($"Series '{series.Name}' has {series.Values.Count} values for {Categories.Count} categories.", nameof(series));
        }

        _series.Add(series);
        return series;
    }

    /// <summary>Adds a series and returns it.</summary>
    public BarSeries Add(string name, IReadOnlyList<double> values, IReadOnlyList<double>? errors = null) => Add(new BarSeries(name, values, errors));

    /// <summary>Adds a dashed horizontal reference line.</summary>
    public void AddReferenceLine(double value, string label) => _references.Add(new ReferenceLine(value, label ?? string.Empty));

    /// <summary>Lets a chart built on bars (<see cref="LoadChart"/>) render through this one.</summary>
    internal void RenderInto(SvgWriter svg, string idPrefix) => Render(svg, idPrefix);

    private protected override void Render(SvgWriter svg, string idPrefix)
    {
        if (YAxis.Scale != AxisScale.Linear)
        {
            throw new InvalidOperationException("A bar chart needs a linear value axis: a bar's length is its value, which a log axis cannot show.");
        }

        var yTicks = YAxis.Resolve(ShowValues ? WithHeadroom(Extent()) : Extent(), includeZero: true);
        var legend = _series.Select((s, i) => (s, i)).Where(p => p.s.Name.Length > 0)
            .Select(p => new LegendEntry(p.s.Name, ColorOf(p.i), LegendSymbol.Box)).ToList();
        // Reference lines are labelled in the legend: a label on the line itself would cross the bars.
        legend.AddRange(_references.Where(r => r.Label.Length > 0).Select(r => new LegendEntry(r.Label, ChartColors.Reference, LegendSymbol.Line, Dashed: true)));
        var frame = XYFrame.Categorical(this, Categories, XLabel, YAxis, yTicks, legend, Legend);
        var ym = new AxisMap(yTicks, frame.PlotBottom, frame.PlotTop, log: false);

        svg.BeginDocument(frame.Width, frame.Height, Title, DescriptionOr(Describe()), idPrefix);
        frame.DefineClip(svg, $"{idPrefix}-clip", 0);
        frame.DrawBackground(svg, null, ym);

        double band = Categories.Count == 0 ? 0 : frame.PlotWidth / Categories.Count;
        double group = band * 0.8;
        double barWidth = _series.Count == 0 ? 0 : group / _series.Count;
        double inset = Math.Min(barWidth * 0.08, 2);
        double baseline = ym.MapClamped(0);
        bool any = false;

        svg.Open("g", ("class", "data"), ("clip-path", $"url(#{idPrefix}-clip)"));
        for (int s = 0; s < _series.Count; s++)
        {
            svg.Open("g", ("fill", ColorOf(s)));
            for (int c = 0; c < Categories.Count; c++)
            {
                double v = _series[s].Values[c];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                any = true;
                double x = frame.PlotLeft + (c * band) + ((band - group) / 2) + (s * barWidth) + inset;
                double y = ym.MapClamped(v);
                svg.Empty("rect", ("x", x), ("y", Math.Min(y, baseline)), ("width", Math.Max(0.5, barWidth - (2 * inset))), ("height", Math.Abs(baseline - y)));
            }

            svg.Close();
        }

        svg.Close();

        for (int s = 0; s < _series.Count; s++)
        {
            for (int c = 0; c < Categories.Count; c++)
            {
                double v = _series[s].Values[c];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                double cx = frame.PlotLeft + (c * band) + ((band - group) / 2) + ((s + 0.5) * barWidth);
                double e = _series[s].Errors is { } errs && double.IsFinite(errs[c]) ? Math.Abs(errs[c]) : 0;
                if (e > 0)
                {
                    double cap = Math.Min(barWidth * 0.3, 6);
                    double y0 = ym.MapClamped(v - e), y1 = ym.MapClamped(v + e);
                    svg.Open("g", ("stroke", ChartColors.Reference), ("stroke-width", 1.3));
                    svg.Empty("line", ("x1", cx), ("y1", y0), ("x2", cx), ("y2", y1));
                    svg.Empty("line", ("x1", cx - cap), ("y1", y0), ("x2", cx + cap), ("y2", y0));
                    svg.Empty("line", ("x1", cx - cap), ("y1", y1), ("x2", cx + cap), ("y2", y1));
                    svg.Close();
                }

                if (MarkZeros && v == 0)
                {
                    Markers.Draw(svg, MarkerShape.Cross, cx, baseline - 5, 3.5, ColorOf(s));
                }

                if (ShowValues)
                {
                    DrawValueLabel(svg, v, e, cx, barWidth, ym, frame);
                }
            }
        }

        foreach (var r in _references)
        {
            if (!double.IsFinite(r.Value) || r.Value < yTicks.Min || r.Value > yTicks.Max)
            {
                continue;
            }

            double y = ym.Map(r.Value);
            svg.Line(frame.PlotLeft, y, frame.PlotRight, y, ChartColors.Reference, 1.5, "6 4");
        }

        if (!any)
        {
            frame.DrawNoData(svg);
        }

        frame.DrawAxes(svg, null, ym);
        svg.Close();
    }

    private void DrawValueLabel(SvgWriter svg, double v, double e, double cx, double barWidth, AxisMap ym, XYFrame frame)
    {
        string text = v.ToString(ValueFormat, CultureInfo.InvariantCulture);
        double size = 10.5;
        double room = barWidth * 1.1;
        if (TextMeasure.Width(text, size) > room)
        {
            size = 9;
            if (TextMeasure.Width(text, size) > room)
            {
                return; // would run into the neighbouring bars
            }
        }

        double y = v >= 0 ? ym.MapClamped(v + e) - 4 : ym.MapClamped(v - e) + size + 2;
        y = Math.Clamp(y, frame.PlotTop + size, frame.PlotBottom - 2);
        svg.Text(cx, y, text, size, "middle", ChartColors.Text);
    }

    private IEnumerable<double> Extent()
    {
        foreach (var s in _series)
        {
            for (int c = 0; c < s.Values.Count; c++)
            {
                double v = s.Values[c];
                yield return v;
                if (s.Errors is { } errs && double.IsFinite(errs[c]))
                {
                    yield return v - Math.Abs(errs[c]);
                    yield return v + Math.Abs(errs[c]);
                }
            }
        }

        foreach (var r in _references)
        {
            yield return r.Value;
        }
    }

    // Value labels sit above the bars: leave 8% of the range above the tallest one for them.
    private static IEnumerable<double> WithHeadroom(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count > 0 && finite.Max() > 0)
        {
            finite.Add(finite.Max() + (0.08 * (finite.Max() - Math.Min(0, finite.Min()))));
        }

        return finite;
    }

    private string ColorOf(int i) => _series[i].Color ?? Palette.Color(i);

    private string Describe() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Bar chart of {LineChart.Or(YAxis.Label, "values")} for {Categories.Count} categories ({string.Join(", ", Categories)}) and {_series.Count} series ({string.Join(", ", _series.Select(s => s.Name))}).");
}
