using System.Text;

namespace SliceMoE.Reporting;

/// <summary>One piece of a report section: a paragraph, list, table, figure, verdict or code block.</summary>
public abstract class ReportBlock
{
    private protected ReportBlock()
    {
    }

    internal abstract void WriteMarkdown(StringBuilder md, RenderContext context);

    internal abstract void WriteHtml(StringBuilder html, RenderContext context);
}
