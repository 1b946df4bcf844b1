using SliceMoE.Data;
using SliceMoE.Data.Formats;

namespace SliceMoE.Tests.Data.Formats;

/// <summary>A file with nothing to learn from is refused with the file named, under either malformed-row policy.</summary>
public class EmptyFileTests
{
    public static TheoryData<string, string> Contents => new()
    {
        { "empty", "" },
        { "blank", "  \n\n \n" },
        { "header only", "text,label\n" },
    };

    private static void AssertNoExamples(string path, Action load, string what = "examples")
    {
        var e = Assert.Throws<DataFormatException>(load);
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith($"{path}: holds no {what}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Contents))]
    public void Empty_csv_files_hold_no_examples(string kind, string text)
    {
        using var dir = new TempDirectory();
        string ag = dir.Write($"ag-{kind.Replace(' ', '-')}.csv", kind == "header only" ? "label,title,text\n" : text);
        string emotion = dir.Write($"emotion-{kind.Replace(' ', '-')}.csv", text);
        if (kind == "header only")
        {
            // AG NEWS files have no header: a header row is a row with a bad label, which names its line.
            Assert.Contains("bad label \"label\"", Assert.Throws<DataFormatException>(() => AgNewsCsv.Load(ag, AgNewsCsv.AgNewsLabelNames)).Message, StringComparison.Ordinal);
        }
        else
        {
            AssertNoExamples(ag, () => AgNewsCsv.Load(ag, AgNewsCsv.AgNewsLabelNames));
        }

        AssertNoExamples(emotion, () => EmotionCsv.Load(emotion));
    }

    [Fact]
    public void A_file_whose_every_row_was_skipped_says_so()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("bad.csv", "\"9\",\"a\",\"b\"\n\"0\",\"c\",\"d\"\n");
        var e = Assert.Throws<DataFormatException>(() => AgNewsCsv.Load(path, AgNewsCsv.AgNewsLabelNames, LoadOptions.Skipping));
        Assert.Contains("all 2 of its rows were malformed and skipped", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Empty_jsonl_and_tsv_files_hold_no_examples(string text)
    {
        using var dir = new TempDirectory();
        string jsonl = dir.Write("e.jsonl", text), tsv = dir.Write("p.tsv", text);
        AssertNoExamples(jsonl, () => EmotionJsonl.Load(jsonl));
        AssertNoExamples(tsv, () => ParallelTsv.Load(tsv));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  \n")]
    public void An_empty_wikitext_split_is_refused_instead_of_giving_perplexity_nan(string validation)
    {
        using var dir = new TempDirectory();
        string doc = " = Title = \n\n the quick brown fox . \n";
        dir.Write("wt/wiki.train.tokens", doc);
        string valid = dir.Write("wt/wiki.valid.tokens", validation);
        dir.Write("wt/wiki.test.tokens", doc);
        AssertNoExamples(valid, () => WikiText.Load(dir.File("wt")), "text");
    }
}
