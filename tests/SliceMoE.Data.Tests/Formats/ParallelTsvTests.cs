using SliceMoE.Data;
using SliceMoE.Data.Formats;

namespace SliceMoE.Tests.Data.Formats;

public class ParallelTsvTests
{
    [Fact]
    public void Reads_pairs_and_skips_blank_lines()
    {
        using var dir = new TempDirectory();
        var r = ParallelTsv.ReadFile(dir.Write("train.tsv", "Hello.\tHallo.\n\nGood night!\tGute Nacht!\n"));
        Assert.Equal([new("Hello.", "Hallo."), new("Good night!", "Gute Nacht!")], r.Examples);
    }

    [Fact]
    public void Wrong_field_count_names_line_and_column()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("train.tsv", "a\tb\nno tab here\nx\ty\tz\n");
        var ex = Assert.Throws<DataFormatException>(() => ParallelTsv.ReadFile(path));
        Assert.Contains($"{path}:2, column 12", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found 1", ex.Message, StringComparison.Ordinal);
        var skipped = ParallelTsv.ReadFile(path, LoadOptions.Skipping);
        Assert.Single(skipped.Examples);
        Assert.Equal(2, skipped.Report.Skipped);
        Assert.Contains(":3, column 4", skipped.Report.SkippedReasons[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_side_and_invalid_utf8_are_malformed()
    {
        using var dir = new TempDirectory();
        string empty = dir.Write("e.tsv", "a\t \n");
        Assert.Contains("column 2 (target)", Assert.Throws<DataFormatException>(() => ParallelTsv.ReadFile(empty)).Message, StringComparison.Ordinal);
        string bad = dir.WriteWithInvalidByte("b.tsv", "ok\tok\nStra¤e\tstreet\n");
        var ex = Assert.Throws<DataFormatException>(() => ParallelTsv.ReadFile(bad));
        Assert.Contains($"{bad}:2, column 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_gives_its_splits_and_one_file_is_split_at_random()
    {
        using var dir = new TempDirectory();
        dir.Write("d/train.tsv", "a\tA\nb\tB\n");
        dir.Write("d/dev.tsv", "c\tC\n");
        dir.Write("d/test.tsv", "d\tD\n");
        var c = ParallelTsv.Load(dir.File("d"));
        Assert.Equal(("en", "de", 2, 1, 1), (c.SourceLanguage, c.TargetLanguage, c.Train.Count, c.Validation.Count, c.Test.Count));
        Assert.Equal("D", c.Test[0].Target);
        Assert.Equal("d", c.Reversed().Test[0].Target);

        string one = dir.Write("all.tsv", string.Concat(Enumerable.Range(0, 50).Select(i => $"s{i}\tt{i}\n")));
        var s = ParallelTsv.Load(one);
        Assert.Equal((40, 5, 5), (s.Train.Count, s.Validation.Count, s.Test.Count));
        Assert.Equal(50, s.Train.Concat(s.Validation).Concat(s.Test).Distinct().Count());
    }

    [Fact]
    public void Written_files_read_back()
    {
        using var dir = new TempDirectory();
        string path = dir.File("w.tsv");
        ParallelTsv.WriteFile(path, [new("a\tb", "c\nd"), new("e", "f")]);
        Assert.Equal([new("a b", "c d"), new("e", "f")], ParallelTsv.ReadFile(path).Examples);
    }
}
