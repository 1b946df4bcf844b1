namespace SliceMoE.Reporting.Charts;

/// <summary>What a legend entry shows beside its label.</summary>
internal enum LegendSymbol
{
    Line,
    Box,
    Point,
}

/// <summary>One legend entry.</summary>
internal sealed record LegendEntry(string Label, string Color, LegendSymbol Symbol, bool Dashed = false, MarkerShape? Marker = null);

/// <summary>
/// Measures and draws a legend as a column (right of the plot) or as wrapped rows (below it).
/// Sizes come from <see cref="TextMeasure"/>, so the chart can reserve the space before drawing.
/// </summary>
internal sealed class Legend
{
    public const double FontSize = 12;
    private const double RowHeight = 18;
    private const double Swatch = 24;
    private const double SwatchGap = 6;
    private const double EntryGap = 18;
    private const double MaxLabelWidth = 220;

    private readonly IReadOnlyList<LegendEntry> _entries;
    private readonly string[] _labels;
    private readonly double[] _widths;
    private List<(int Index, double X, double Y)> _placed = [];

    public Legend(IReadOnlyList<LegendEntry> entries)
    {
        _entries = entries;
        _labels = entries.Select(e => TextMeasure.Truncate(e.Label, MaxLabelWidth, FontSize)).ToArray();
        _widths = _labels.Select(l => Swatch + SwatchGap + TextMeasure.Width(l, FontSize)).ToArray();
    }

    public bool IsEmpty => _entries.Count == 0;

    public double Width { get; private set; }

    public double Height { get; private set; }

    /// <summary>Width of the widest entry: what a right-hand column needs.</summary>
    public double ColumnWidth => _widths.Length == 0 ? 0 : _widths.Max();

    public double ColumnHeight => _entries.Count * RowHeight;

    /// <summary>Lays the entries out one per row.</summary>
    public void LayOutColumn()
    {
        _placed = [];
        for (int i = 0; i < _entries.Count; i++)
        {
            _placed.Add((i, 0, i * RowHeight));
        }

        Width = ColumnWidth;
        Height = ColumnHeight;
    }

    /// <summary>Flows the entries into rows no wider than <paramref name="maxWidth"/>, each row centred.</summary>
    public void LayOutRows(double maxWidth)
    {
        _placed = [];
        var rows = new List<List<int>>();
        var current = new List<int>();
        double used = 0;
        for (int i = 0; i < _entries.Count; i++)
        {
            double need = (current.Count == 0 ? 0 : EntryGap) + _widths[i];
            if (current.Count > 0 && used + need > maxWidth)
            {
                rows.Add(current);
                current = [];
                used = 0;
                need = _widths[i];
            }

            current.Add(i);
            used += need;
        }

        if (current.Count > 0)
        {
            rows.Add(current);
        }

        double widest = 0;
        var rowWidths = rows.Select(r => r.Sum(i => _widths[i]) + ((r.Count - 1) * EntryGap)).ToArray();
        widest = rowWidths.Length == 0 ? 0 : rowWidths.Max();
        for (int r = 0; r < rows.Count; r++)
        {
            double x = (widest - rowWidths[r]) / 2;
            foreach (int i in rows[r])
            {
                _placed.Add((i, x, r * RowHeight));
                x += _widths[i] + EntryGap;
            }
        }

        Width = widest;
        Height = rows.Count * RowHeight;
    }

    /// <summary>Draws the laid-out legend with its top-left corner at (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public void Draw(SvgWriter svg, double left, double top)
    {
        if (IsEmpty)
        {
            return;
        }

        svg.Open("g", ("class", "legend"));
        foreach (var (i, dx, dy) in _placed)
        {
            var e = _entries[i];
            double x = left + dx, cy = top + dy + (RowHeight / 2);
            switch (e.Symbol)
            {
                case LegendSymbol.Line:
                    svg.Line(x, cy, x + Swatch, cy, e.Color, 2.5, e.Dashed ? "6 3" : null);
                    if (e.Marker is MarkerShape lm)
                    {
                        Markers.Draw(svg, lm, x + (Swatch / 2), cy, 3.5, e.Color);
                    }

                    break;
                case LegendSymbol.Box:
                    svg.Empty("rect", ("x", x + 4), ("y", cy - 6), ("width", Swatch - 8), ("height", 12), ("fill", e.Color), ("rx", 1.5));
                    break;
                case LegendSymbol.Point:
                    Markers.Draw(svg, e.Marker ?? MarkerShape.Circle, x + (Swatch / 2), cy, 4.5, e.Color);
                    break;
            }

            svg.Text(x + Swatch + SwatchGap, cy, _labels[i], FontSize, dy: "0.35em");
        }

        svg.Close();
    }
}
