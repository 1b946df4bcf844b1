using System.Text;

namespace SliceMoE.Reporting;

/// <summary>A bulleted list of plain-text items.</summary>
public sealed class BulletList : ReportBlock
{
    /// <summary>Creates a list.</summary>
    public BulletList(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = [.. items];
    }

    /// <summary>The items.</summary>
    public IReadOnlyList<string> Items { get; }

    internal override void WriteMarkdown(StringBuilder md, RenderContext context)
    {
        foreach (string item in Items)
        {
            md.Append("- ").Append(MarkdownText.Escape(item).Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
        }

        md.Append('\n');
    }

    internal override void WriteHtml(StringBuilder html, RenderContext context)
    {
        html.Append("<ul>\n");
        foreach (string item in Items)
        {
            html.Append("<li>").Append(XmlText.Escape(item)).Append("</li>\n");
        }

        html.Append("</ul>\n");
    }
}
