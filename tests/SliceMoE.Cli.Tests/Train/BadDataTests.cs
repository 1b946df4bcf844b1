namespace SliceMoE.Tests.Cli.Train;

/// <summary>A malformed data file given to train stops it with the file, line and column, and writes nothing; or, asked, is skipped and counted.</summary>
public class BadDataTests
{
    private static string Good(int rows) => string.Join("\n", Enumerable.Range(0, rows).Select(i => $"\"{1 + (i % 4)}\",\"title {i}\",\"the text of example number {i}\"")) + "\n";

    [Theory]
    [InlineData("\"0\",\"t\",\"x\"\n", "column 1 (label): bad label \"0\"")]
    [InlineData("\"5\",\"t\",\"x\"\n", "column 1 (label): bad label \"5\"")]
    [InlineData("\"2\",\"t\"\n", "expected 3 fields")]
    public void A_bad_row_stops_train_naming_the_file_and_line_and_writes_nothing(string badRow, string expected)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("ag/train.csv", Good(150) + badRow + Good(49));
        dir.Write("ag/test.csv", Good(40));
        string run = dir.File("run");
        var (code, text) = CliRunner.Run(["train", .. CliRunner.Tiny("classification", run, $"--dataset=agnews:{Path.GetDirectoryName(file)}")]);
        Assert.Equal(1, code);
        Assert.Contains($"error: {file}:151, ", text, StringComparison.Ordinal);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void With_on_malformed_skip_the_run_says_what_it_skipped()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("ag/train.csv", Good(150) + "\"9\",\"t\",\"x\"\n" + Good(49));
        dir.Write("ag/test.csv", Good(40));
        var (code, text) = CliRunner.Run(["train", .. CliRunner.Tiny("classification", dir.File("run"), $"--dataset=agnews:{Path.GetDirectoryName(file)}", "--on_malformed=skip")]);
        Assert.True(code == 0, text);
        Assert.Contains("warning: on_malformed = skip: 1 malformed row(s) skipped, 239 loaded; first: " + file + ":151", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_wikitext_validation_split_stops_train_instead_of_reporting_perplexity_nan()
    {
        using var dir = new TempDirectory();
        string doc = string.Join("\n", Enumerable.Range(0, 30).Select(i => i % 10 == 0 ? $" = Article {i} = " : " the quick brown fox jumps over the lazy dog . ")) + "\n";
        dir.Write("wt/wiki.train.tokens", doc);
        string valid = dir.Write("wt/wiki.valid.tokens", "");
        dir.Write("wt/wiki.test.tokens", doc);
        var (code, text) = CliRunner.Run(["train", .. CliRunner.Tiny("lm", dir.File("run"), $"--dataset=wikitext:{dir.File("wt")}")]);
        Assert.Equal(1, code);
        Assert.Contains($"error: {valid}: holds no text", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
    }
}
