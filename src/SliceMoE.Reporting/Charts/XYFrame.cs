namespace SliceMoE.Reporting.Charts;

/// <summary>
/// Layout and decoration shared by the charts with two axes (line, scatter, bar): it reserves room for the
/// title, tick labels, axis titles and legend from measured text, so that nothing overlaps the plot, then
/// draws the grid, axes and legend around what the chart itself draws.
/// </summary>
internal sealed class XYFrame
{
    public const double Pad = 14;
    public const double TitleSize = 16;
    public const double TickSize = 11.5;
    public const double LabelSize = 13;
    public const double TickLength = 5;
    private const double RotateDegrees = 40;
    private const double MaxCategoryLabelWidth = 160;

    private readonly string _title;
    private readonly string _xLabel;
    private readonly string _yLabel;
    private readonly TickSet _yTicks;
    private readonly TickSet? _xTicks;
    private readonly string[] _categoryLabels = [];
    private readonly Legend _legend;
    private readonly bool _legendRight;
    private readonly bool _rotateCategories;
    private readonly int _categoryEvery = 1;
    private readonly double _xTickArea;

    private XYFrame(Chart chart, string xLabel, string yLabel, TickSet yTicks, TickSet? xTicks, IReadOnlyList<string>? categories, IReadOnlyList<LegendEntry> legend, LegendPosition position)
    {
        _title = chart.Title;
        _xLabel = xLabel;
        _yLabel = yLabel;
        _yTicks = yTicks;
        _xTicks = xTicks;
        _legend = new Legend(position == LegendPosition.None ? [] : legend);
        Width = chart.Width;

        PlotTop = Pad + (_title.Length > 0 ? (TitleSize * 1.25) + 10 : 0);
        double yTickWidth = yTicks.Labels.Count == 0 ? 0 : yTicks.Labels.Max(l => TextMeasure.Width(l, TickSize));
        double left = Pad + (_yLabel.Length > 0 ? (LabelSize * 1.2) + 8 : 0) + yTickWidth + TickLength + 5;

        _legendRight = !_legend.IsEmpty && (position == LegendPosition.Right
            || (position == LegendPosition.Auto && _legend.ColumnWidth <= 0.3 * Width && _legend.ColumnHeight <= chart.Height - PlotTop - 90));
        double right = Pad + (_legendRight ? 16 + _legend.ColumnWidth : 0);

        if (xTicks is not null && xTicks.Labels.Count > 0)
        {
            // A numeric axis centres its first and last labels on the plot edges; keep them inside the canvas.
            left = Math.Max(left, Pad + (TextMeasure.Width(xTicks.Labels[0], TickSize) / 2));
            double lastHalf = TextMeasure.Width(xTicks.Labels[^1], TickSize) / 2;
            right = _legendRight ? right + Math.Max(0, lastHalf - 10) : Math.Max(right, Pad + lastHalf);
        }

        double textHeight = TickSize * 1.2;
        _xTickArea = TickLength + 4 + textHeight;
        if (categories is not null)
        {
            _categoryLabels = categories.Select(c => TextMeasure.Truncate(c, MaxCategoryLabelWidth, TickSize)).ToArray();
            double widest = _categoryLabels.Length == 0 ? 0 : _categoryLabels.Max(l => TextMeasure.Width(l, TickSize));
            for (int pass = 0; pass < 2; pass++)
            {
                double band = Math.Max(1, (Width - left - right) / Math.Max(1, _categoryLabels.Length));
                _rotateCategories = widest > band - 6;
                if (!_rotateCategories)
                {
                    break;
                }

                // Rotated labels hang down-left from their tick: the first one needs room left of the plot.
                double sin = Math.Sin(RotateDegrees * Math.PI / 180), cos = Math.Cos(RotateDegrees * Math.PI / 180);
                left = Math.Max(left, Pad + (widest * cos) - (band / 2));
                _categoryEvery = Math.Max(1, (int)Math.Ceiling(TickSize * 1.15 / (band * sin)));
                _xTickArea = TickLength + 6 + (widest * sin) + (TickSize * cos);
            }
        }

        if (Width - left - right < 120)
        {
            Width = left + right + 120;
        }

        PlotLeft = left;
        PlotRight = Width - right;

        double bottom = Pad + _xTickArea + (_xLabel.Length > 0 ? (LabelSize * 1.2) + 8 : 0);
        if (!_legend.IsEmpty && !_legendRight)
        {
            _legend.LayOutRows(Width - (2 * Pad));
            bottom += _legend.Height + 12;
        }
        else if (_legendRight)
        {
            _legend.LayOutColumn();
        }

        double plotHeight = Math.Max(chart.Height - PlotTop - bottom, 100);
        if (_legendRight)
        {
            plotHeight = Math.Max(plotHeight, _legend.Height);
        }

        PlotBottom = PlotTop + plotHeight;
        Height = PlotBottom + bottom;
    }

    public double Width { get; }

    public double Height { get; }

    public double PlotLeft { get; }

    public double PlotRight { get; }

    public double PlotTop { get; }

    public double PlotBottom { get; }

    public double PlotWidth => PlotRight - PlotLeft;

    public double PlotHeight => PlotBottom - PlotTop;

    public static XYFrame Numeric(Chart chart, Axis x, TickSet xTicks, Axis y, TickSet yTicks, IReadOnlyList<LegendEntry> legend, LegendPosition position) =>
        new(chart, x.Label, y.Label, yTicks, xTicks, null, legend, position);

    public static XYFrame Categorical(Chart chart, IReadOnlyList<string> categories, string xLabel, Axis y, TickSet yTicks, IReadOnlyList<LegendEntry> legend, LegendPosition position) =>
        new(chart, xLabel, y.Label, yTicks, null, categories, legend, position);

    /// <summary>Writes the clip path that keeps data inside the plot (inflated by <paramref name="margin"/> so edge markers stay whole).</summary>
    public void DefineClip(SvgWriter svg, string id, double margin)
    {
        svg.Open("defs");
        svg.Open("clipPath", ("id", id));
        svg.Empty("rect", ("x", PlotLeft - margin), ("y", PlotTop - margin), ("width", PlotWidth + (2 * margin)), ("height", PlotHeight + (2 * margin)));
        svg.Close();
        svg.Close();
    }

    /// <summary>Title and grid lines: drawn first, under the data.</summary>
    public void DrawBackground(SvgWriter svg, AxisMap? xMap, AxisMap yMap)
    {
        if (_title.Length > 0)
        {
            svg.Text(Width / 2, Pad + TitleSize, _title, TitleSize, "middle", weight: "600");
        }

        svg.Open("g", ("class", "grid"), ("stroke", ChartColors.Grid), ("stroke-width", 1));
        foreach (double v in _yTicks.Values)
        {
            double y = yMap.Map(v);
            svg.Empty("line", ("x1", PlotLeft), ("y1", y), ("x2", PlotRight), ("y2", y));
        }

        if (_xTicks is not null && xMap is AxisMap xm)
        {
            foreach (double v in _xTicks.Values)
            {
                double x = xm.Map(v);
                svg.Empty("line", ("x1", x), ("y1", PlotTop), ("x2", x), ("y2", PlotBottom));
            }
        }

        svg.Close();
    }

    /// <summary>Axis lines, ticks, tick labels, axis titles and the legend: drawn last, over the data.</summary>
    public void DrawAxes(SvgWriter svg, AxisMap? xMap, AxisMap yMap)
    {
        svg.Open("g", ("class", "axes"));
        svg.Line(PlotLeft, PlotTop, PlotLeft, PlotBottom, ChartColors.Axis);
        svg.Line(PlotLeft, PlotBottom, PlotRight, PlotBottom, ChartColors.Axis);
        for (int i = 0; i < _yTicks.Values.Count; i++)
        {
            double y = yMap.Map(_yTicks.Values[i]);
            svg.Line(PlotLeft - TickLength, y, PlotLeft, y, ChartColors.Axis);
            svg.Text(PlotLeft - TickLength - 4, y, _yTicks.Labels[i], TickSize, "end", ChartColors.MutedText, dy: "0.35em");
        }

        double labelTop = PlotBottom + TickLength + 4;
        if (_xTicks is not null && xMap is AxisMap xm)
        {
            for (int i = 0; i < _xTicks.Values.Count; i++)
            {
                double x = xm.Map(_xTicks.Values[i]);
                svg.Line(x, PlotBottom, x, PlotBottom + TickLength, ChartColors.Axis);
                svg.Text(x, labelTop + (TickSize * 0.9), _xTicks.Labels[i], TickSize, "middle", ChartColors.MutedText);
            }
        }

        double band = _categoryLabels.Length == 0 ? 0 : PlotWidth / _categoryLabels.Length;
        for (int i = 0; i < _categoryLabels.Length; i++)
        {
            double x = PlotLeft + ((i + 0.5) * band);
            svg.Line(x, PlotBottom, x, PlotBottom + TickLength, ChartColors.Axis);
            if (i % _categoryEvery != 0)
            {
                continue;
            }

            if (_rotateCategories)
            {
                double y = labelTop + 2;
                svg.Text(x, y, _categoryLabels[i], TickSize, "end", ChartColors.Text, dy: "0.7em", rotate: -RotateDegrees);
            }
            else
            {
                svg.Text(x, labelTop + (TickSize * 0.9), _categoryLabels[i], TickSize, "middle", ChartColors.Text);
            }
        }

        if (_xLabel.Length > 0)
        {
            svg.Text((PlotLeft + PlotRight) / 2, PlotBottom + _xTickArea + (LabelSize * 1.1) + 4, _xLabel, LabelSize, "middle");
        }

        if (_yLabel.Length > 0)
        {
            double x = Pad + LabelSize, y = (PlotTop + PlotBottom) / 2;
            svg.Text(x, y, TextMeasure.Truncate(_yLabel, PlotHeight, LabelSize), LabelSize, "middle", rotate: -90);
        }

        svg.Close();
        if (_legendRight)
        {
            _legend.Draw(svg, PlotRight + 16, PlotTop);
        }
        else
        {
            _legend.Draw(svg, (Width - _legend.Width) / 2, Height - Pad - _legend.Height);
        }
    }

    /// <summary>A muted "no data" note in the middle of an empty plot.</summary>
    public void DrawNoData(SvgWriter svg) =>
        svg.Text((PlotLeft + PlotRight) / 2, (PlotTop + PlotBottom) / 2, "no data", 14, "middle", ChartColors.MutedText, dy: "0.35em");
}
