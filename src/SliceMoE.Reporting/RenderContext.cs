namespace SliceMoE.Reporting;

/// <summary>What blocks need to know while a document renders: figure and table numbers, and each figure's SVG (rendered once).</summary>
internal sealed class RenderContext
{
    private readonly Dictionary<ReportFigure, int> _figureNumbers = [];
    private readonly Dictionary<ReportTable, int> _tableNumbers = [];
    private readonly Dictionary<ReportFigure, string> _svg = [];

    public RenderContext(string figuresFolder) => FiguresFolder = figuresFolder;

    /// <summary>The folder, relative to report.md, that holds the figure files.</summary>
    public string FiguresFolder { get; }

    public void Number(ReportFigure figure) => _figureNumbers.Add(figure, _figureNumbers.Count + 1);

    public void Number(ReportTable table) => _tableNumbers.TryAdd(table, _tableNumbers.Count + 1);

    public int FigureNumber(ReportFigure figure) => _figureNumbers[figure];

    public int TableNumber(ReportTable table) => _tableNumbers[table];

    public string Svg(ReportFigure figure)
    {
        if (!_svg.TryGetValue(figure, out string? svg))
        {
            svg = figure.Chart.ToSvg(figure.IdPrefix);
            _svg[figure] = svg;
        }

        return svg;
    }
}
