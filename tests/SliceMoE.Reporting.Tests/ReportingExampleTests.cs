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

    /// <summary>
    /// The committed output was written by an earlier build in another process (scripts/write-reporting-example.sh), so
    /// comparing against it catches both a change of what the library writes (charts, tables, number formats) and
    /// output that depends on the process (hash seeds, addresses, the clock): two builds in one process see neither.
    /// </summary>
    [Fact]
    public void The_example_is_byte_identical_to_its_committed_output()
    {
        using var dir = new TempDirectory();
        ReportingExample.Write(dir.Path);
        string committed = Repository.PathOf("docs/reporting-example");
        var written = FilesUnder(dir.Path);
        Assert.Equal(FilesUnder(committed).Where(f => f != "screenshot.png"), written); // the screenshot is render-check.sh's
        foreach (string file in written)
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(committed, file)), actual = File.ReadAllBytes(Path.Combine(dir.Path, file));
            int at = expected.AsSpan().CommonPrefixLength(actual);
            Assert.True(at == expected.Length && at == actual.Length,
                $"{file} differs from docs/reporting-example/{file} at byte {at} (of {expected.Length} committed, {actual.Length} written); if the change is meant, run scripts/write-reporting-example.sh");
        }
    }

    private static string[] FilesUnder(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

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
