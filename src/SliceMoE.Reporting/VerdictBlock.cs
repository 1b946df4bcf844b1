using System.Text;

namespace SliceMoE.Reporting;

/// <summary>A claim of the paper, our verdict on it, and the evidence (e.g. "+2.1 pp, p = 0.03, 3 seeds").</summary>
public sealed class VerdictBlock : ReportBlock
{
    /// <summary>Creates a verdict.</summary>
    public VerdictBlock(string claim, Verdict verdict, string? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        Claim = claim;
        Verdict = verdict;
        Evidence = evidence;
    }

    /// <summary>The claim, in the paper's words or ours.</summary>
    public string Claim { get; }

    /// <summary>The verdict.</summary>
    public Verdict Verdict { get; }

    /// <summary>What the verdict rests on, or null.</summary>
    public string? Evidence { get; }

    internal override void WriteMarkdown(StringBuilder md, RenderContext context)
    {
        md.Append("> **").Append(VerdictText.Markdown(Verdict)).Append("**: ").Append(MarkdownText.Escape(Claim).Replace("\n", " ", StringComparison.Ordinal));
        if (!string.IsNullOrEmpty(Evidence))
        {
            // A trailing backslash is GFM's hard line break inside the quote.
            md.Append("\\\n> ").Append(MarkdownText.Escape(Evidence).Replace("\n", " ", StringComparison.Ordinal));
        }

        md.Append("\n\n");
    }

    internal override void WriteHtml(StringBuilder html, RenderContext context)
    {
        html.Append("<div class=\"verdict ").Append(VerdictText.CssClass(Verdict)).Append("\">")
            .Append(VerdictText.HtmlBadge(Verdict)).Append(' ')
            .Append("<span class=\"claim\">").Append(XmlText.Escape(Claim)).Append("</span>");
        if (!string.IsNullOrEmpty(Evidence))
        {
            html.Append("<div class=\"evidence\">").Append(XmlText.Escape(Evidence)).Append("</div>");
        }

        html.Append("</div>\n");
    }
}
