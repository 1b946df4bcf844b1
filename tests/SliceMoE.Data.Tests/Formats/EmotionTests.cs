using SliceMoE.Data;
using SliceMoE.Data.Formats;

namespace SliceMoE.Tests.Data.Formats;

public class EmotionTests
{
    [Fact]
    public void Csv_with_header_reads_numeric_and_named_labels()
    {
        using var dir = new TempDirectory();
        var rows = EmotionCsv.ReadFile(dir.Write("train.csv", "text,label\ni feel great,1\n\"i am sad, very\",sadness\nwow,Surprise\n")).Examples;
        Assert.Equal([new("i feel great", 1), new("i am sad, very", 0), new("wow", 5)], rows);
    }

    [Fact]
    public void Csv_header_may_put_label_first_and_a_file_may_have_no_header()
    {
        using var dir = new TempDirectory();
        Assert.Equal([new LabeledText("so angry", 3)], EmotionCsv.ReadFile(dir.Write("a.csv", "label,text\n3,so angry\n")).Examples);
        Assert.Equal([new LabeledText("scared", 4)], EmotionCsv.ReadFile(dir.Write("b.csv", "scared,4\n")).Examples);
    }

    [Fact]
    public void Csv_bad_label_and_wrong_column_count_name_line_and_column()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("train.csv", "text,label\nok,1\nnope,6\n");
        var ex = Assert.Throws<DataFormatException>(() => EmotionCsv.ReadFile(path));
        Assert.Contains($"{path}:3, column 2 (label)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad label \"6\"", ex.Message, StringComparison.Ordinal);

        string path2 = dir.Write("t2.csv", "text,label\nok,1\na,b,c\n");
        var ex2 = Assert.Throws<DataFormatException>(() => EmotionCsv.ReadFile(path2));
        Assert.Contains($"{path2}:3, column 3", ex2.Message, StringComparison.Ordinal);
        Assert.Contains("expected 2 fields", ex2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_folder_loads_three_splits_with_the_six_names()
    {
        using var dir = new TempDirectory();
        dir.Write("train.csv", "text,label\na,0\nb,1\n");
        dir.Write("validation.csv", "text,label\nc,2\n");
        dir.Write("test.csv", "text,label\nd,3\n");
        var d = EmotionCsv.Load(dir.Path);
        Assert.Equal(EmotionLabels.Names, d.LabelNames);
        Assert.Equal((2, 1, 1), (d.Train.Count, d.Validation.Count, d.Test.Count));
    }

    [Fact]
    public void Jsonl_reads_objects_and_ignores_blank_lines()
    {
        using var dir = new TempDirectory();
        var rows = EmotionJsonl.ReadFile(dir.Write("train.jsonl", "{\"text\": \"i feel great\", \"label\": 1}\n\n{\"label\": \"fear\", \"text\": \"eek\"}\n")).Examples;
        Assert.Equal([new("i feel great", 1), new("eek", 4)], rows);
    }

    [Fact]
    public void Jsonl_invalid_json_names_line_and_column()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("train.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\" \"label\": 2}\n");
        var ex = Assert.Throws<DataFormatException>(() => EmotionJsonl.ReadFile(path));
        Assert.Contains($"{path}:2, column 14", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"label\": 1}", "column text", "missing or non-string \"text\"")]
    [InlineData("{\"text\": \"a\"}", "column label", "missing \"label\"")]
    [InlineData("{\"text\": \"a\", \"label\": 7}", "column label", "bad label \"7\"")]
    [InlineData("{\"text\": \"a\", \"label\": \"glee\"}", "column label", "bad label \"glee\"")]
    [InlineData("[1, 2]", "column 1", "expected a JSON object")]
    public void Jsonl_malformed_objects_are_named(string line, string column, string problem)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("train.jsonl", line + "\n");
        var ex = Assert.Throws<DataFormatException>(() => EmotionJsonl.ReadFile(path));
        Assert.Contains($"{path}:1, {column}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsonl_invalid_utf8_is_an_error_or_a_counted_skip()
    {
        using var dir = new TempDirectory();
        string path = dir.WriteWithInvalidByte("train.jsonl", "{\"text\": \"ok\", \"label\": 0}\n{\"text\": \"b¤d\", \"label\": 0}\n");
        var ex = Assert.Throws<DataFormatException>(() => EmotionJsonl.ReadFile(path));
        Assert.Contains($"{path}:2, column 12", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid UTF-8", ex.Message, StringComparison.Ordinal);
        var skipped = EmotionJsonl.ReadFile(path, LoadOptions.Skipping);
        Assert.Single(skipped.Examples);
        Assert.Equal(1, skipped.Report.Skipped);
    }

    [Fact]
    public void Jsonl_single_file_is_split_stratified()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("all.jsonl", string.Concat(Enumerable.Range(0, 60).Select(i => $"{{\"text\": \"t{i}\", \"label\": {i % 6}}}\n")));
        var d = EmotionJsonl.Load(path);
        Assert.Equal((48, 6, 6), (d.Train.Count, d.Validation.Count, d.Test.Count));
        Assert.All(TextClassificationDataset.CountPerLabel(d.Test, 6), c => Assert.Equal(1, c));
    }
}
