using System.Globalization;

namespace SliceMoE.Reporting.Charts;

/// <summary>
/// A matrix drawn as coloured cells on a sequential colour scale, with row and column labels, cell values
/// and a colour legend: a confusion matrix (rows = actual class, columns = predicted), optionally
/// row-normalised so that each row shows recall per class.
/// </summary>
public sealed class Heatmap : Chart
{
    private const double Pad = XYFrame.Pad;
    private const double TickSize = XYFrame.TickSize;
    private const double LabelSize = XYFrame.LabelSize;
    private const double LegendBar = 14;
    private const double MaxLabelWidth = 170;
    private readonly double[,] _values;

    /// <summary>Creates a heat map of <paramref name="values"/> (rows × columns; NaN cells are drawn grey).</summary>
    public Heatmap(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = (double[,])values.Clone();
    }

    /// <summary>Creates a heat map of counts (e.g. a confusion matrix).</summary>
    public Heatmap(long[,] counts)
        : this(ToDouble(counts))
    {
    }

    /// <summary>Number of rows.</summary>
    public int Rows => _values.GetLength(0);

    /// <summary>Number of columns.</summary>
    public int Columns => _values.GetLength(1);

    /// <summary>Row labels (default 0, 1, ...).</summary>
    public IReadOnlyList<string>? RowLabels { get; set; }

    /// <summary>Column labels (default 0, 1, ...).</summary>
    public IReadOnlyList<string>? ColumnLabels { get; set; }

    /// <summary>The title under the columns, e.g. "predicted".</summary>
    public string XLabel { get; set; } = string.Empty;

    /// <summary>The title beside the rows, e.g. "actual".</summary>
    public string YLabel { get; set; } = string.Empty;

    /// <summary>Divide each row by its sum (a row summing to zero stays zero): for a confusion matrix, recall per class.</summary>
    public bool NormalizeRows { get; set; }

    /// <summary>Write each cell's value in it (left out automatically when cells are too small for the text).</summary>
    public bool ShowValues { get; set; } = true;

    /// <summary>The .NET format of cell values; null for "0.00" when normalised or fractional, "0" for whole numbers.</summary>
    public string? ValueFormat { get; set; }

    /// <summary>The colour scale (default <see cref="ColorScale.Blues"/>).</summary>
    public ColorScale Colors { get; set; } = ColorScale.Blues;

    /// <summary>The value at the bottom of the colour scale; null for min(0, smallest value).</summary>
    public double? ColorMin { get; set; }

    /// <summary>The value at the top of the colour scale; null for the largest value (1 when normalised).</summary>
    public double? ColorMax { get; set; }

    private protected override void Render(SvgWriter svg, string idPrefix)
    {
        int rows = Rows, cols = Columns;
        var values = NormalizeRows ? RowNormalized(_values) : _values;
        var (lo, hi) = ColorRange(values);
        string format = ValueFormat ?? (NormalizeRows || !AllWhole(values) ? "0.00" : "0");
        var rowLabels = Labels(RowLabels, rows).Select(l => TextMeasure.Truncate(l, MaxLabelWidth, TickSize)).ToArray();
        var colLabels = Labels(ColumnLabels, cols).Select(l => TextMeasure.Truncate(l, MaxLabelWidth, TickSize)).ToArray();
        var legendTicks = LegendTicks(lo, hi);

        // Horizontal layout: y title | row labels | cells | colour bar and its labels.
        double top = Pad + (Title.Length > 0 ? (XYFrame.TitleSize * 1.25) + 10 : 0);
        double rowLabelWidth = rowLabels.Length == 0 ? 0 : rowLabels.Max(l => TextMeasure.Width(l, TickSize));
        double left = Pad + (YLabel.Length > 0 ? (LabelSize * 1.2) + 8 : 0) + rowLabelWidth + 6;
        double legendWidth = 18 + LegendBar + 6 + legendTicks.Labels.Max(l => TextMeasure.Width(l, TickSize));
        double availableWidth = Width - left - legendWidth - Pad;
        double colLabelWidth = colLabels.Length == 0 ? 0 : colLabels.Max(l => TextMeasure.Width(l, TickSize));

        double cell = 0, columnArea = 0;
        bool rotate = false;
        for (int pass = 0; pass < 2; pass++)
        {
            double heightForCells = Height - top - Pad - columnArea - (XLabel.Length > 0 ? (LabelSize * 1.2) + 8 : 0);
            cell = Math.Max(6, Math.Min(availableWidth / Math.Max(1, cols), heightForCells / Math.Max(1, rows)));
            rotate = colLabelWidth > cell - 4;
            columnArea = rotate ? 8 + (colLabelWidth * Math.Sin(Math.PI / 4)) + (TickSize * 0.8) : 8 + (TickSize * 1.2);
        }

        int colEvery = rotate ? Math.Max(1, (int)Math.Ceiling(TickSize * 1.1 / (cell * Math.Sin(Math.PI / 4)))) : 1;
        int rowEvery = Math.Max(1, (int)Math.Ceiling(TickSize * 1.1 / cell));
        double matrixWidth = cell * cols, matrixHeight = cell * rows;
        double bottom = top + matrixHeight + columnArea + (XLabel.Length > 0 ? (LabelSize * 1.2) + 8 : 0) + Pad;
        double width = Math.Max(Width, left + matrixWidth + legendWidth + Pad);
        double height = Math.Max(bottom, top + 140);

        svg.BeginDocument(width, height, Title, DescriptionOr(Describe(rows, cols)), idPrefix);
        if (Title.Length > 0)
        {
            svg.Text(width / 2, Pad + XYFrame.TitleSize, Title, XYFrame.TitleSize, "middle", weight: "600");
        }

        double valueSize = Math.Clamp(cell * 0.3, 7, 12);
        bool showValues = ShowValues && cell >= 14 && MaxValueWidth(values, format, valueSize) <= cell - 3;
        svg.Open("g", ("class", "cells"), ("stroke", "#ffffff"), ("stroke-width", cell >= 10 ? 1 : 0.5));
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double v = values[r, c];
                svg.Empty("rect", ("x", left + (c * cell)), ("y", top + (r * cell)), ("width", cell), ("height", cell), ("fill", FillOf(v, lo, hi)));
            }
        }

        svg.Close();
        if (showValues)
        {
            svg.Open("g", ("class", "values"), ("font-size", valueSize), ("text-anchor", "middle"));
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    double v = values[r, c];
                    if (!double.IsFinite(v))
                    {
                        continue;
                    }

                    string fill = ColorScale.Luminance(FillOf(v, lo, hi)) < 0.4 ? "#ffffff" : ChartColors.Text;
                    svg.Element("text", v.ToString(format, CultureInfo.InvariantCulture), ("x", left + ((c + 0.5) * cell)), ("y", top + ((r + 0.5) * cell)), ("dy", "0.35em"), ("fill", fill));
                }
            }

            svg.Close();
        }

        svg.Open("g", ("class", "labels"));
        for (int r = 0; r < rows; r += rowEvery)
        {
            svg.Text(left - 6, top + ((r + 0.5) * cell), rowLabels[r], TickSize, "end", dy: "0.35em");
        }

        double labelTop = top + matrixHeight + 6;
        for (int c = 0; c < cols; c += colEvery)
        {
            double x = left + ((c + 0.5) * cell);
            if (rotate)
            {
                svg.Text(x, labelTop, colLabels[c], TickSize, "end", dy: "0.7em", rotate: -45);
            }
            else
            {
                svg.Text(x, labelTop + (TickSize * 0.9), colLabels[c], TickSize, "middle");
            }
        }

        if (XLabel.Length > 0)
        {
            svg.Text(left + (matrixWidth / 2), top + matrixHeight + columnArea + (LabelSize * 1.1) + 2, XLabel, LabelSize, "middle");
        }

        if (YLabel.Length > 0)
        {
            svg.Text(Pad + LabelSize, top + (matrixHeight / 2), YLabel, LabelSize, "middle", rotate: -90);
        }

        svg.Close();
        DrawColorLegend(svg, idPrefix, left + matrixWidth + 18, top, Math.Max(matrixHeight, 60), lo, hi, legendTicks);
        svg.Close();
    }

    private void DrawColorLegend(SvgWriter svg, string idPrefix, double x, double top, double height, double lo, double hi, TickSet ticks)
    {
        string gradient = $"{idPrefix}-scale";
        svg.Open("defs");
        svg.Open("linearGradient", ("id", gradient), ("x1", "0"), ("y1", "1"), ("x2", "0"), ("y2", "0"));
        for (int i = 0; i < Colors.Stops.Count; i++)
        {
            svg.Empty("stop", ("offset", (double)i / (Colors.Stops.Count - 1)), ("stop-color", Colors.Stops[i]));
        }

        svg.Close();
        svg.Close();
        svg.Open("g", ("class", "color-legend"));
        svg.Empty("rect", ("x", x), ("y", top), ("width", LegendBar), ("height", height), ("fill", $"url(#{gradient})"), ("stroke", ChartColors.Axis), ("stroke-width", 0.5));
        for (int i = 0; i < ticks.Values.Count; i++)
        {
            double t = hi > lo ? (ticks.Values[i] - lo) / (hi - lo) : 0.5;
            double y = top + height - (t * height);
            svg.Line(x + LegendBar, y, x + LegendBar + 4, y, ChartColors.Axis);
            svg.Text(x + LegendBar + 6, y, ticks.Labels[i], TickSize, fill: ChartColors.MutedText, dy: "0.35em");
        }

        svg.Close();
    }

    private string FillOf(double v, double lo, double hi) =>
        double.IsFinite(v) ? Colors.At(hi > lo ? (v - lo) / (hi - lo) : 0.5) : ChartColors.Missing;

    private (double Lo, double Hi) ColorRange(double[,] values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        if (lo > hi)
        {
            (lo, hi) = (0, 1);
        }

        lo = ColorMin ?? Math.Min(0, lo);
        hi = ColorMax ?? (NormalizeRows ? 1 : hi);
        if (!(hi > lo))
        {
            hi = lo + 1;
        }

        return (lo, hi);
    }

    private static TickSet LegendTicks(double lo, double hi)
    {
        var t = NiceTicks.Linear(lo, hi, 6);
        var keep = Enumerable.Range(0, t.Values.Count).Where(i => t.Values[i] >= lo - ((hi - lo) * 1e-9) && t.Values[i] <= hi + ((hi - lo) * 1e-9)).ToArray();
        return new TickSet(lo, hi, keep.Select(i => t.Values[i]).ToArray(), keep.Select(i => t.Labels[i]).ToArray());
    }

    private static double MaxValueWidth(double[,] values, string format, double size)
    {
        double w = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                w = Math.Max(w, TextMeasure.Width(v.ToString(format, CultureInfo.InvariantCulture), size));
            }
        }

        return w;
    }

    private static bool AllWhole(double[,] values)
    {
        foreach (double v in values)
        {
            if (double.IsFinite(v) && v != Math.Floor(v))
            {
                return false;
            }
        }

        return true;
    }

    private static double[,] RowNormalized(double[,] m)
    {
        var r = new double[m.GetLength(0), m.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++)
        {
            double sum = 0;
            for (int j = 0; j < m.GetLength(1); j++)
            {
                sum += double.IsFinite(m[i, j]) ? m[i, j] : 0;
            }

            for (int j = 0; j < m.GetLength(1); j++)
            {
                r[i, j] = sum == 0 ? 0 : m[i, j] / sum;
            }
        }

        return r;
    }

    private static string[] Labels(IReadOnlyList<string>? labels, int n)
    {
        if (labels is not null && labels.Count != n)
        {
            throw new InvalidOperationException($"The heat map has {n} rows or columns but {labels.Count} labels for them.");
        }

        return labels?.ToArray() ?? Enumerable.Range(0, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    private static double[,] ToDouble(long[,] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var d = new double[counts.GetLength(0), counts.GetLength(1)];
        for (int i = 0; i < counts.GetLength(0); i++)
        {
            for (int j = 0; j < counts.GetLength(1); j++)
            {
                d[i, j] = counts[i, j];
            }
        }

        return d;
    }

    private string Describe(int rows, int cols) =>
        string.Create(CultureInfo.InvariantCulture, $"Heat map of a {rows} by {cols} matrix{(NormalizeRows ? ", each row normalised to sum to 1" : string.Empty)}; rows: {LineChart.Or(YLabel, "rows")}, columns: {LineChart.Or(XLabel, "columns")}.");
}
