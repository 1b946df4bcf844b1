using SliceMoE.Reporting.Charts;

namespace SliceMoE.Reporting;

/// <summary>A titled section of a report: blocks in order, then subsections.</summary>
public sealed class ReportSection
{
    private readonly List<ReportBlock> _blocks = [];
    private readonly List<ReportSection> _sections = [];

    internal ReportSection(string title, int level)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
        Level = level;
    }

    /// <summary>The heading text.</summary>
    public string Title { get; }

    /// <summary>The heading level: 2 for top-level sections (the document title is level 1), at most 6.</summary>
    public int Level { get; }

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<ReportBlock> Blocks => _blocks;

    /// <summary>The subsections, in order (rendered after the blocks).</summary>
    public IReadOnlyList<ReportSection> Sections => _sections;

    /// <summary>Appends a block and returns this section.</summary>
    public ReportSection Add(ReportBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _blocks.Add(block);
        return this;
    }

    /// <summary>Appends a paragraph of plain text.</summary>
    public ReportSection AddParagraph(string text) => Add(new Paragraph(text));

    /// <summary>Appends a bulleted list.</summary>
    public ReportSection AddBullets(params string[] items) => Add(new BulletList(items));

    /// <summary>Appends a table.</summary>
    public ReportSection AddTable(ReportTable table) => Add(table);

    /// <summary>Appends a figure (written as <c>figures/{name}.svg</c>).</summary>
    public ReportSection AddFigure(string name, Chart chart, string caption) => Add(new ReportFigure(name, chart, caption));

    /// <summary>Appends a verdict on a claim.</summary>
    public ReportSection AddVerdict(string claim, Verdict verdict, string? evidence = null) => Add(new VerdictBlock(claim, verdict, evidence));

    /// <summary>Appends a code block.</summary>
    public ReportSection AddCode(string code, string language = "") => Add(new CodeBlock(code, language));

    /// <summary>Appends a subsection (one heading level down) and returns it.</summary>
    public ReportSection AddSection(string title)
    {
        var s = new ReportSection(title, Math.Min(Level + 1, 6));
        _sections.Add(s);
        return s;
    }

    internal IEnumerable<ReportSection> SelfAndDescendants()
    {
        yield return this;
        foreach (var s in _sections)
        {
            foreach (var d in s.SelfAndDescendants())
            {
                yield return d;
            }
        }
    }
}
