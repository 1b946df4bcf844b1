using System.Text.RegularExpressions;
using System.Xml.Linq;
using SliceMoE.Reporting;
using SliceMoE.Reporting.Charts;
using SliceMoE.Tests.Reporting.Charts;

namespace SliceMoE.Tests.Reporting;

public partial class ReportDocumentTests
{
    private static ReportDocument Sample()
    {
        var doc = new ReportDocument("Reproduction of SliceMoE") { Subtitle = "S=8, k=2, E=16" };
        doc.AddIntroduction(new Paragraph("Numbers are means over 3 seeds."));
        var results = doc.AddSection("Results");
        results.AddParagraph("Accuracy_per_model uses *no* markup: a|b <tag>.");
        results.AddTable(new ReportTable("Model", new TableColumn("Accuracy", Format: "0.000"), "Verdict") { Caption = "Accuracy" }
            .AddRow("SliceMoE", 0.88123, Verdict.Reproduced)
            .AddRow("Token|MoE", double.NaN, Verdict.NotReproduced)
            .AddRow("Dense", null, Verdict.NotApplicable));
        results.AddFigure("accuracy", ChartSamples.Build("bar"), "Accuracy per model.");
        var sub = results.AddSection("Load balance");
        sub.AddFigure("load", ChartSamples.Build("load"), "Expert load.");
        sub.AddVerdict("ELE stays near 0.95-0.97.", Verdict.Partly, "0.93 early on.");
        doc.AddSection("Results").AddCode("dotnet test ```x```", "bash");
        doc.AddSection("Notes").AddBullets("first", "second_item");
        return doc;
    }

    [Fact]
    public void Markdown_has_title_toc_headings_and_unique_anchors()
    {
        string md = Sample().ToMarkdown();
        Assert.StartsWith("# Reproduction of SliceMoE\n\n*S=8, k=2, E=16*\n\nNumbers are means over 3 seeds.\n\n## Contents\n", md, StringComparison.Ordinal);
        Assert.Contains("- [Results](#results)\n  - [Load balance](#load-balance)\n- [Results](#results-1)\n- [Notes](#notes)\n", md, StringComparison.Ordinal);
        Assert.Contains("\n## Results\n", md, StringComparison.Ordinal);
        Assert.Contains("\n### Load balance\n", md, StringComparison.Ordinal);
        Assert.EndsWith("\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_escapes_user_text()
    {
        string md = Sample().ToMarkdown();
        Assert.Contains(@"Accuracy\_per\_model uses \*no\* markup: a\|b \<tag\>.", md, StringComparison.Ordinal);
        Assert.Contains(@"| Token\|MoE |", md, StringComparison.Ordinal);
        Assert.Contains("- second\\_item\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_tables_align_numbers_right_and_format_them()
    {
        string md = Sample().ToMarkdown();
        Assert.Contains("**Table 1:** Accuracy\n\n| Model | Accuracy | Verdict |\n|:---|---:|:---|\n| SliceMoE | 0.881 | ✅ reproduced |\n| Token\\|MoE | NaN | ❌ not reproduced |\n| Dense | — | ⚪ not applicable |\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_links_numbered_figures_to_svg_files()
    {
        string md = Sample().ToMarkdown();
        Assert.Contains("![Figure 1: Accuracy per model.](figures/accuracy.svg)\n\n*Figure 1:* Accuracy per model.\n", md, StringComparison.Ordinal);
        Assert.Contains("(figures/load.svg)", md, StringComparison.Ordinal);
        Assert.Contains("> **🟡 partly reproduced**: ELE stays near 0.95-0.97.\\\n> 0.93 early on.\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_fences_outgrow_backtick_runs_inside_the_code()
    {
        string md = Sample().ToMarkdown();
        Assert.Contains("````bash\ndotnet test ```x```\n````\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_is_self_contained_with_inline_svgs_toc_and_render_check()
    {
        string html = Sample().ToHtml();
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<body data-figures=\"2\">", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.Contains("data-rendered", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"", html, StringComparison.Ordinal); // nothing loaded from elsewhere
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#load-balance\">Load balance</a>", html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"load-balance\">Load balance</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"results-1\">Results</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"l\">Token|MoE</td><td class=\"r\">NaN</td><td class=\"l\"><span class=\"badge v-not-reproduced\">✗ not reproduced</span></td>", html, StringComparison.Ordinal);
        Assert.Contains("a|b &lt;tag&gt;.", html, StringComparison.Ordinal);
        Assert.Contains("<pre><code class=\"language-bash\">dotnet test ```x```</code></pre>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_inline_svg_is_well_formed_with_its_own_ids()
    {
        string html = Sample().ToHtml();
        var svgs = SvgBlock().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(2, svgs.Count);
        var ids = new List<string>();
        foreach (string svg in svgs)
        {
            var doc = SvgAssert.WellFormed(svg);
            ids.AddRange(doc.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>());
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("fig-accuracy-clip", ids);
        Assert.Contains("fig-load-clip", ids);
    }

    [Fact]
    public void Html_body_apart_from_the_head_parses_as_xml()
    {
        // The body is written as XHTML-compatible markup, so any unescaped user text would break this parse.
        string html = Sample().ToHtml();
        int start = html.IndexOf("<main>", StringComparison.Ordinal), end = html.IndexOf("</main>", StringComparison.Ordinal) + "</main>".Length;
        var main = XElement.Parse(html[start..end]);
        Assert.Equal(2, main.Descendants("figure").Count());
        Assert.Single(main.Descendants("table"));
    }

    [Fact]
    public void Write_creates_report_files_and_figure_svgs_deterministically()
    {
        using var dir = new TempDirectory();
        var files = Sample().Write(dir.Path);
        Assert.True(File.Exists(files.Markdown));
        Assert.True(File.Exists(files.Html));
        Assert.Equal(2, files.Figures.Count);
        Assert.Equal(Path.Combine(dir.Path, "figures", "accuracy.svg"), files.Figures[0]);
        foreach (string f in files.Figures)
        {
            SvgAssert.WellFormed(File.ReadAllText(f));
        }

        string md1 = File.ReadAllText(files.Markdown), html1 = File.ReadAllText(files.Html);
        Sample().Write(dir.Path);
        Assert.Equal(md1, File.ReadAllText(files.Markdown));
        Assert.Equal(html1, File.ReadAllText(files.Html));
        Assert.Contains(File.ReadAllText(files.Figures[0]), html1, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_figure_names_are_refused()
    {
        var doc = new ReportDocument("t");
        doc.AddSection("a").AddFigure("same", ChartSamples.Build("line"), "one");
        doc.AddSection("b").AddFigure("same", ChartSamples.Build("bar"), "two");
        Assert.Throws<InvalidOperationException>(() => doc.ToMarkdown());
    }

    [Theory]
    [InlineData("Has Space")]
    [InlineData("UPPER")]
    [InlineData("../escape")]
    [InlineData("1st")]
    [InlineData("")]
    public void Figure_names_must_be_safe_file_stems(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => new ReportFigure(name, ChartSamples.Build("line"), "c"));
    }

    [Fact]
    public void Rows_must_match_the_columns()
    {
        var t = new ReportTable("a", "b");
        Assert.Throws<ArgumentException>(() => t.AddRow(1));
        Assert.Throws<ArgumentException>(() => new ReportTable());
    }

    [Fact]
    public void Numbers_are_formatted_without_negative_zero_and_with_infinity_signs()
    {
        // (The test host runs in invariant-globalization mode, so another current culture cannot be set here;
        // the formatting code passes CultureInfo.InvariantCulture explicitly everywhere.)
        var doc = new ReportDocument("t");
        doc.AddSection("s").AddTable(new ReportTable(new TableColumn("x", Format: "0.00"), "n", "inf")
            .AddRow(-0.001, 1234567L, double.NegativeInfinity)
            .AddRow(1.5, 2, double.PositiveInfinity));
        doc.AddSection("t").AddTable(new ReportTable(new TableColumn("delta", Format: "+0.0;-0.0")).AddRow(1.25).AddRow(-2.0));
        string md = doc.ToMarkdown();
        Assert.Contains("| 0.00 | 1234567 | −∞ |", md, StringComparison.Ordinal);
        Assert.Contains("| 1.50 | 2 | ∞ |", md, StringComparison.Ordinal);
        Assert.Contains("| +1.3 |\n| -2.0 |", md, StringComparison.Ordinal); // no escaping inside cells: nothing there starts a block
    }

    [GeneratedRegex("<svg .*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgBlock();
}
