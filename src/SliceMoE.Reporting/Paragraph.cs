using System.Text;

namespace SliceMoE.Reporting;

/// <summary>A paragraph of plain text (escaped for Markdown and HTML; no markup is interpreted).</summary>
public sealed class Paragraph : ReportBlock
{
    /// <summary>Creates a paragraph.</summary>
    public Paragraph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
    }

    /// <summary>The text.</summary>
    public string Text { get; }

    internal override void WriteMarkdown(StringBuilder md, RenderContext context) => md.Append(MarkdownText.Escape(Text)).Append("\n\n");

    internal override void WriteHtml(StringBuilder html, RenderContext context) => html.Append("<p>").Append(XmlText.Escape(Text)).Append("</p>\n");
}
