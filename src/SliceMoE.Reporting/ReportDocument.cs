using System.Text;

namespace SliceMoE.Reporting;

/// <summary>
/// A report: a title, optional introduction blocks, then sections of paragraphs, tables, figures, verdicts and
/// code. It renders to GitHub-flavoured Markdown (report.md, figures linked as SVG files) and to one
/// self-contained HTML file (report.html: SVGs inlined, embedded CSS, a table of contents). Output is
/// deterministic: no dates or machine names are added.
/// </summary>
public sealed class ReportDocument
{
    private const string FiguresFolder = "figures";
    private readonly List<ReportBlock> _intro = [];
    private readonly List<ReportSection> _sections = [];

    /// <summary>Creates an empty report.</summary>
    public ReportDocument(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    /// <summary>The title (the only level-1 heading).</summary>
    public string Title { get; }

    /// <summary>A line under the title (e.g. the run's configuration); null for none.</summary>
    public string? Subtitle { get; set; }

    /// <summary>Blocks shown before the table of contents.</summary>
    public IReadOnlyList<ReportBlock> Introduction => _intro;

    /// <summary>The top-level sections.</summary>
    public IReadOnlyList<ReportSection> Sections => _sections;

    /// <summary>Every figure, in document order.</summary>
    public IReadOnlyList<ReportFigure> Figures => AllBlocks().OfType<ReportFigure>().ToArray();

    /// <summary>Appends an introduction block (before the sections).</summary>
    public ReportDocument AddIntroduction(ReportBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _intro.Add(block);
        return this;
    }

    /// <summary>Appends a top-level section and returns it.</summary>
    public ReportSection AddSection(string title)
    {
        var s = new ReportSection(title, 2);
        _sections.Add(s);
        return s;
    }

    /// <summary>The report as GitHub-flavoured Markdown, with figures linked as <c>figures/{name}.svg</c>.</summary>
    public string ToMarkdown()
    {
        var (context, slugs) = Prepare();
        var md = new StringBuilder();
        md.Append("# ").Append(MarkdownText.Escape(Title)).Append("\n\n");
        if (!string.IsNullOrEmpty(Subtitle))
        {
            md.Append('*').Append(MarkdownText.Escape(Subtitle)).Append("*\n\n");
        }

        foreach (var b in _intro)
        {
            b.WriteMarkdown(md, context);
        }

        if (_sections.Count > 0)
        {
            md.Append("## Contents\n\n");
            foreach (var s in _sections.SelectMany(s => s.SelfAndDescendants()))
            {
                md.Append(' ', 2 * (s.Level - 2)).Append("- [").Append(MarkdownText.Escape(s.Title)).Append("](#").Append(slugs[s]).Append(")\n");
            }

            md.Append('\n');
        }

        foreach (var s in _sections.SelectMany(s => s.SelfAndDescendants()))
        {
            md.Append('#', s.Level).Append(' ').Append(MarkdownText.Escape(s.Title)).Append("\n\n");
            foreach (var b in s.Blocks)
            {
                b.WriteMarkdown(md, context);
            }
        }

        return md.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>The report as one self-contained HTML page (figures inlined as SVG).</summary>
    public string ToHtml()
    {
        var (context, slugs) = Prepare();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(XmlText.Escape(Title)).Append("</title>\n")
            .Append("<style>\n").Append(HtmlTemplate.Css).Append("\n</style>\n</head>\n")
            .Append("<body data-figures=\"").Append(Figures.Count).Append("\">\n<main>\n")
            .Append("<h1>").Append(XmlText.Escape(Title)).Append("</h1>\n");
        if (!string.IsNullOrEmpty(Subtitle))
        {
            html.Append("<p class=\"subtitle\">").Append(XmlText.Escape(Subtitle)).Append("</p>\n");
        }

        foreach (var b in _intro)
        {
            b.WriteHtml(html, context);
        }

        if (_sections.Count > 0)
        {
            html.Append("<nav class=\"toc\">\n<h2 id=\"contents\">Contents</h2>\n");
            AppendToc(html, _sections, slugs);
            html.Append("</nav>\n");
        }

        foreach (var s in _sections.SelectMany(s => s.SelfAndDescendants()))
        {
            html.Append("<h").Append(s.Level).Append(" id=\"").Append(slugs[s]).Append("\">").Append(XmlText.Escape(s.Title)).Append("</h").Append(s.Level).Append(">\n");
            foreach (var b in s.Blocks)
            {
                b.WriteHtml(html, context);
            }
        }

        html.Append("</main>\n<script>\n").Append(HtmlTemplate.RenderCheckScript).Append("\n</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// Writes <c>report.md</c>, <c>report.html</c> and <c>figures/{name}.svg</c> into <paramref name="directory"/>
    /// (created if needed; UTF-8 without BOM, LF line endings). Existing files of those names are replaced.
    /// </summary>
    public ReportFiles Write(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var (context, _) = Prepare();
        string figuresDir = Path.Combine(directory, FiguresFolder);
        Directory.CreateDirectory(figuresDir);
        var encoding = new UTF8Encoding(false);
        var figurePaths = new List<string>();
        foreach (var f in Figures)
        {
            string path = Path.Combine(figuresDir, f.FileName);
            File.WriteAllText(path, context.Svg(f), encoding);
            figurePaths.Add(path);
        }

        string md = Path.Combine(directory, "report.md"), html = Path.Combine(directory, "report.html");
        File.WriteAllText(md, ToMarkdown(), encoding);
        File.WriteAllText(html, ToHtml(), encoding);
        return new ReportFiles(md, html, figurePaths);
    }

    private static void AppendToc(StringBuilder html, IReadOnlyList<ReportSection> sections, Dictionary<ReportSection, string> slugs)
    {
        html.Append("<ul>\n");
        foreach (var s in sections)
        {
            html.Append("<li><a href=\"#").Append(slugs[s]).Append("\">").Append(XmlText.Escape(s.Title)).Append("</a>");
            if (s.Sections.Count > 0)
            {
                html.Append('\n');
                AppendToc(html, s.Sections, slugs);
            }

            html.Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    // Numbers figures and tables in document order, checks figure names are unique, and assigns heading anchors.
    private (RenderContext Context, Dictionary<ReportSection, string> Slugs) Prepare()
    {
        var context = new RenderContext(FiguresFolder);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in AllBlocks())
        {
            if (b is ReportFigure f)
            {
                if (!names.Add(f.Name))
                {
                    throw new InvalidOperationException($"Two figures are named '{f.Name}'; figure names become file names and must be unique.");
                }

                context.Number(f);
            }
            else if (b is ReportTable { Caption: not null } t)
            {
                context.Number(t);
            }
        }

        var slugger = new Slugger();
        slugger.Slug("Contents"); // the table of contents heading comes first, as on GitHub
        var slugs = new Dictionary<ReportSection, string>();
        foreach (var s in _sections.SelectMany(s => s.SelfAndDescendants()))
        {
            slugs[s] = slugger.Slug(s.Title);
        }

        return (context, slugs);
    }

    private IEnumerable<ReportBlock> AllBlocks() =>
        _intro.Concat(_sections.SelectMany(s => s.SelfAndDescendants()).SelectMany(s => s.Blocks));
}
