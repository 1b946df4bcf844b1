using SliceMoE.Reproduction.Plan;
using SliceMoE.Tests.Cli;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Reproduction;

public class ReproduceCommandTests
{
    [Fact]
    public void An_unknown_profile_is_refused_with_the_known_ones()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("out");
        var (code, _, error) = CliRunner.RunApart("reproduce", "--profile", "huge", "--out", folder);
        Assert.Equal(1, code);
        Assert.Contains("'huge'", error, StringComparison.Ordinal);
        foreach (string known in new[] { "quick", "full", "micro" })
        {
            Assert.Equal(known, ReproductionProfile.Named(known).Name); // a profile the reproduction has...
            Assert.Contains($"'{known}'", error, StringComparison.Ordinal); // ...and the refusal offers
        }

        Assert.False(Directory.Exists(folder), "a refused command must not start a reproduction");
    }

    [Fact]
    public void Report_only_lists_the_data_and_writes_an_incomplete_report()
    {
        using var dir = new TempDirectory();
        var (code, text) = CliRunner.Run("reproduce", "--profile", "micro", "--sample-only", "--report-only", "--out", dir.Path);
        Assert.Equal(0, code);
        Assert.Contains("AG NEWS       <- the shipped sample of WordNet glosses (a sample-only run)", text, StringComparison.Ordinal);
        Assert.Contains("Incomplete: 0 of", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "report.html")));
    }

    [Fact]
    public void A_missing_paper_file_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var (code, text) = CliRunner.Run("reproduce", "--profile", "micro", "--agnews", dir.File("nope.csv"), "--report-only", "--out", dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("error: The AG NEWS file or folder", text, StringComparison.Ordinal);
    }
}
