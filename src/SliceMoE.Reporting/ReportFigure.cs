using System.Text;
using SliceMoE.Reporting.Charts;

namespace SliceMoE.Reporting;

/// <summary>
/// A chart with a caption. In report.md it is an image link to <c>figures/&lt;name&gt;.svg</c>; in report.html the
/// SVG is inlined (ids prefixed with the name, so several figures never clash).
/// </summary>
public sealed class ReportFigure : ReportBlock
{
    /// <summary>Creates a figure; <paramref name="name"/> becomes the file name (lowercase letters, digits, '-' and '_', starting with a letter).</summary>
    /// <exception cref="ArgumentException">When the name is not a valid file stem.</exception>
    public ReportFigure(string name, Chart chart, string caption)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(caption);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!(name[0] is >= 'a' and <= 'z') || name.Any(c => !(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_')))
        {
            throw new ArgumentException($"Figure name '{name}' must start with a lowercase letter and hold only lowercase letters, digits, '-' and '_'.", nameof(name));
        }

        Name = name;
        Chart = chart;
        Caption = caption;
    }

    /// <summary>The file stem: the figure is written to <c>figures/{Name}.svg</c>.</summary>
    public string Name { get; }

    /// <summary>The chart.</summary>
    public Chart Chart { get; }

    /// <summary>The caption, shown as "Figure N: caption".</summary>
    public string Caption { get; }

    /// <summary>The file name, <c>{Name}.svg</c>.</summary>
    public string FileName => Name + ".svg";

    internal string IdPrefix => "fig-" + Name;

    internal override void WriteMarkdown(StringBuilder md, RenderContext context)
    {
        int n = context.FigureNumber(this);
        string alt = MarkdownText.Escape($"Figure {n}: {Caption}").Replace("\n", " ", StringComparison.Ordinal);
        md.Append("![").Append(alt).Append("](").Append(context.FiguresFolder).Append('/').Append(FileName).Append(")\n\n");
        md.Append("*Figure ").Append(n).Append(":* ").Append(MarkdownText.Escape(Caption)).Append("\n\n");
    }

    internal override void WriteHtml(StringBuilder html, RenderContext context)
    {
        html.Append("<figure class=\"chart\" id=\"").Append(IdPrefix).Append("\">\n")
            .Append(context.Svg(this))
            .Append("<figcaption><strong>Figure ").Append(context.FigureNumber(this)).Append(".</strong> ")
            .Append(XmlText.Escape(Caption)).Append("</figcaption>\n</figure>\n");
    }
}
