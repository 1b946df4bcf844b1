using SliceMoE.Data;
using SliceMoE.Data.Formats;

namespace SliceMoE.Tests.Data.Formats;

public class AgNewsCsvTests
{
    private const string Train =
        "\"3\",\"Wall St. Bears Claw Back\",\"Reuters - Short-sellers, Wall Street's dwindling band.\"\n" +
        "\"4\",\"Space probe\",\"A probe \"\"landed\"\" today,\nsaid NASA.\"\n" +
        "\"1\",\"Talks\",\"Leaders met.\"\n" +
        "\"2\",\"Cup final\",\"A goal.\"\n";

    [Fact]
    public void Reads_labels_one_based_to_zero_based_and_joins_title_and_text()
    {
        using var dir = new TempDirectory();
        var rows = AgNewsCsv.ReadFile(dir.Write("train.csv", Train), 4).Examples;
        Assert.Equal(4, rows.Count);
        Assert.Equal(new LabeledText("Wall St. Bears Claw Back Reuters - Short-sellers, Wall Street's dwindling band.", 2), rows[0]);
        Assert.Equal(new LabeledText("Space probe A probe \"landed\" today,\nsaid NASA.", 3), rows[1]);
        Assert.Equal(0, rows[2].Label);
    }

    [Fact]
    public void A_folder_with_classes_gives_named_labels_and_carves_validation_from_train()
    {
        using var dir = new TempDirectory();
        var many = string.Concat(Enumerable.Range(0, 40).Select(i => $"\"{(i % 4) + 1}\",\"t{i}\",\"body {i}\"\n"));
        dir.Write("train.csv", many);
        dir.Write("test.csv", Train);
        dir.Write("classes.txt", "World\nSports\nBusiness\nSci/Tech\n");
        var d = AgNewsCsv.Load(dir.Path);
        Assert.Equal(AgNewsCsv.AgNewsLabelNames, d.LabelNames);
        Assert.Equal(36, d.Train.Count);
        Assert.Equal(4, d.Validation.Count); // 10% of each class of 10
        Assert.Equal(4, d.Test.Count);
        Assert.All(TextClassificationDataset.CountPerLabel(d.Validation, 4), c => Assert.Equal(1, c));
        Assert.Equal(40, d.Train.Concat(d.Validation).Select(x => x.Text).Distinct().Count());
        Assert.Equal(44, d.Report.Loaded);
    }

    [Fact]
    public void Without_classes_txt_labels_are_named_by_number()
    {
        using var dir = new TempDirectory();
        dir.Write("train.csv", Train);
        var d = AgNewsCsv.Load(dir.Path);
        Assert.Equal(["1", "2", "3", "4"], d.LabelNames);
    }

    [Fact]
    public void Wrong_column_count_names_file_line_and_column()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("train.csv", "\"1\",\"ok\",\"fine\"\n\"2\",\"only two\"\n");
        var ex = Assert.Throws<DataFormatException>(() => AgNewsCsv.ReadFile(path));
        Assert.Contains($"{path}:2, column 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected 3 fields", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Line);
    }

    [Theory]
    [InlineData("x", "bad label \"x\"")]
    [InlineData("0", "bad label \"0\"")]
    [InlineData("5", "expected 1..4")]
    public void A_bad_label_names_the_label_column(string label, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("train.csv", $"\"1\",\"ok\",\"fine\"\n\"1\",\"ok\",\"fine\"\n\"{label}\",\"t\",\"x\"\n");
        var ex = Assert.Throws<DataFormatException>(() => AgNewsCsv.ReadFile(path, 4));
        Assert.Contains($"{path}:3, column 1 (label)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("LoadOptions.Skipping", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_names_line_and_field()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteWithInvalidByte("train.csv", "\"1\",\"ok\",\"fine\"\n\"2\",\"caf¤\",\"x\"\n");
        var ex = Assert.Throws<DataFormatException>(() => AgNewsCsv.ReadFile(path));
        Assert.Contains($"{path}:2, column 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid UTF-8 (byte 0xFF at byte 4 of the field)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_quoting_is_reported_with_its_line()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("train.csv", "\"1\",\"ok\",\"fine\"\n\"2\",\"bad\"quote\",\"x\"\n\"3\",\"ok\",\"again\"\n");
        var ex = Assert.Throws<DataFormatException>(() => AgNewsCsv.ReadFile(path));
        Assert.Contains($"{path}:2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("malformed CSV quoting", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skipping_counts_malformed_rows_and_keeps_their_reasons()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteWithInvalidByte("train.csv", "\"1\",\"a\",\"b\"\n\"9\",\"a\",\"b\"\n\"2\",\"a\"\n\"3\",\"¤\",\"b\"\n\"4\",\"c\",\"d\"\n");
        var result = AgNewsCsv.ReadFile(path, 4, LoadOptions.Skipping);
        Assert.Equal(2, result.Examples.Count);
        Assert.Equal(2, result.Report.Loaded);
        Assert.Equal(3, result.Report.Skipped);
        Assert.Collection(
            result.Report.SkippedReasons,
            r => Assert.Contains(":2, column 1 (label)", r, StringComparison.Ordinal),
            r => Assert.Contains(":3, column 3", r, StringComparison.Ordinal),
            r => Assert.Contains(":4, column 2", r, StringComparison.Ordinal));
    }

    [Fact]
    public void Loading_is_deterministic_and_caps_each_split()
    {
        using var dir = new TempDirectory();
        dir.Write("train.csv", string.Concat(Enumerable.Range(0, 100).Select(i => $"\"{(i % 2) + 1}\",\"t{i}\",\"b\"\n")));
        var a = AgNewsCsv.Load(dir.Path, options: new LoadOptions { MaxPerSplit = 5 });
        var b = AgNewsCsv.Load(dir.Path, options: new LoadOptions { MaxPerSplit = 5 });
        Assert.Equal(5, a.Train.Count);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Test, b.Test);
        var c = AgNewsCsv.Load(dir.Path, options: new LoadOptions { MaxPerSplit = 5, Seed = 2 });
        Assert.NotEqual(a.Train, c.Train);
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_ends_are_accepted()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("train.csv", [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("\"1\",\"a\",\"b\"\r\n\"2\",\"c\",\"d\"\r\n")]);
        Assert.Equal([new LabeledText("a b", 0), new LabeledText("c d", 1)], AgNewsCsv.ReadFile(path).Examples);
    }

    [Fact]
    public void A_folder_without_train_csv_says_what_it_needs()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<FileNotFoundException>(() => AgNewsCsv.Load(dir.Path));
        Assert.Contains("No train.csv", ex.Message, StringComparison.Ordinal);
    }
}
