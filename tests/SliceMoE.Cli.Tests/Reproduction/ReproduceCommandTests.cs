using System.CommandLine;
using SliceMoE.Cli;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Reproduction;

public class ReproduceCommandTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        int code = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }

    [Fact]
    public void An_unknown_profile_is_refused_with_the_known_ones()
    {
        var (code, text) = Run("reproduce", "--profile", "huge");
        Assert.NotEqual(0, code);
        Assert.Contains("quick", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_only_lists_the_data_and_writes_an_incomplete_report()
    {
        using var dir = new TempDirectory();
        var (code, text) = Run("reproduce", "--profile", "micro", "--sample-only", "--report-only", "--out", dir.Path);
        Assert.Equal(0, code);
        Assert.Contains("AG NEWS       <- the shipped sample of WordNet glosses (a sample-only run)", text, StringComparison.Ordinal);
        Assert.Contains("Incomplete: 0 of", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "report.html")));
    }

    [Fact]
    public void A_missing_paper_file_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var (code, text) = Run("reproduce", "--profile", "micro", "--agnews", dir.File("nope.csv"), "--report-only", "--out", dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("error: The AG NEWS file or folder", text, StringComparison.Ordinal);
    }
}
