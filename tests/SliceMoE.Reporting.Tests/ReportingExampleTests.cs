using SliceMoE.Reporting;
using SliceMoE.Tests.Reporting.Charts;

namespace SliceMoE.Tests.Reporting;

public class ReportingExampleTests
{
    [Fact]
    public void The_example_uses_every_chart_kind_and_renders_valid_files()
    {
        using var dir = new TempDirectory();
        var files = ReportingExample.Write(dir.Path);
        Assert.Equal(12, files.Figures.Count);
        var kinds = ReportingExample.Build().Figures.Select(f => f.Chart.GetType().Name).Distinct().Order().ToArray();
        Assert.Equal(["BarChart", "Heatmap", "LineChart", "LoadChart", "ScatterChart"], kinds);
        foreach (string svg in files.Figures)
        {
            SvgAssert.WellFormed(File.ReadAllText(svg));
        }

        string html = File.ReadAllText(files.Html);
        Assert.Contains("<body data-figures=\"12\">", html, StringComparison.Ordinal);
        Assert.Equal(12, CountOf(html, "<figure class=\"chart\""));
        Assert.Equal(12, CountOf(File.ReadAllText(files.Markdown), "](figures/"));
    }

    [Fact]
    public void The_example_is_byte_identical_on_every_build()
    {
        Assert.Equal(ReportingExample.Build().ToHtml(), ReportingExample.Build().ToHtml());
    }

    private static int CountOf(string text, string what)
    {
        int n = 0, i = 0;
        while ((i = text.IndexOf(what, i, StringComparison.Ordinal)) >= 0)
        {
            n++;
            i += what.Length;
        }

        return n;
    }
}
