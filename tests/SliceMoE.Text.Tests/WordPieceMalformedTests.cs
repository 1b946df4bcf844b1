using SliceMoE.Text;

namespace SliceMoE.Tests.Text;

public sealed class WordPieceMalformedTests
{
    [Theory]
    [InlineData("\u2581the", "the")]
    [InlineData("able", "##able")]
    [InlineData("[PAD]", "[PAD]")]
    [InlineData("[unused993]", "[unused993]")]
    [InlineData("\u2581", "[unused0]")]
    [InlineData("\u2581[", "[")]
    [InlineData("]", "##]")]
    public void Npm_entries_are_restored_to_bert_spelling(string entry, string expected) =>
        Assert.Equal(expected, WordPieceVocabularyFile.Restore(entry));

    [Fact]
    public void Npm_json_and_vocab_txt_are_told_apart()
    {
        using var dir = new ScratchFolder();
        var json = WordPieceTokenizer.Load(dir.Write("v.json", " [ \"[PAD]\", \"[UNK]\", \"\u2581un\", \"able\" ] "));
        Assert.Equal(["[PAD]", "[UNK]", "un", "##able"], json.Pieces);
        var text = WordPieceTokenizer.Load(dir.Write("vocab.txt", "[PAD]\r\n[UNK]\r\nun\r\n##able\r\n"));
        Assert.Equal(["[PAD]", "[UNK]", "un", "##able"], text.Pieces);
        Assert.Equal([2, 3], text.Encode("Unable"));
        var forced = WordPieceTokenizer.Load(dir.Write("odd.txt", "[\"a\"\n[UNK]\n"), WordPieceVocabularyFormat.Text);
        Assert.Equal("[\"a\"", forced.TokenOf(0));
    }

    [Fact]
    public void Json_that_is_not_an_array_of_strings_is_rejected()
    {
        using var dir = new ScratchFolder();
        var notArray = Assert.Throws<TextDataFormatException>(() => WordPieceTokenizer.Load(dir.Write("a.json", "{\"[UNK]\": 0}"), WordPieceVocabularyFormat.NpmJson));
        Assert.Contains("Expected a JSON array but found an object", notArray.Problem);
        var number = Assert.Throws<TextDataFormatException>(() => WordPieceTokenizer.Load(dir.Write("b.json", "[\"[UNK]\",\n 7]")));
        Assert.Equal("line 2, column 2", number.Position);
        Assert.Contains("Entry 1 is a number", number.Problem);
        var truncated = Assert.Throws<TextDataFormatException>(() => WordPieceTokenizer.Load(dir.Write("c.json", "[\"[UNK]\", \"a")));
        Assert.Contains("Invalid JSON", truncated.Problem);
    }

    [Fact]
    public void Repeated_and_empty_pieces_name_their_line()
    {
        using var dir = new ScratchFolder();
        string repeatedPath = dir.Write("r.txt", "[UNK]\na\nb\na\n");
        var repeated = Assert.Throws<TextDataFormatException>(() => WordPieceTokenizer.Load(repeatedPath));
        Assert.Equal(repeatedPath, repeated.FilePath);
        Assert.Equal("line 4", repeated.Position);
        Assert.Contains("already has id 1", repeated.Problem);
        var empty = Assert.Throws<TextDataFormatException>(() => WordPieceTokenizer.Load(dir.Write("e.txt", "[UNK]\n\nb\n")));
        Assert.Equal("line 2", empty.Position);
    }

    [Fact]
    public void Vocabulary_without_unk_or_pieces_is_rejected()
    {
        using var dir = new ScratchFolder();
        var noUnk = Assert.Throws<TextDataFormatException>(() => WordPieceTokenizer.Load(dir.Write("n.txt", "a\nb\n")));
        Assert.Contains("[UNK]", noUnk.Problem);
        var nothing = Assert.Throws<TextDataFormatException>(() => WordPieceTokenizer.Load(dir.Write("z.txt", "")));
        Assert.Contains("empty", nothing.Problem);
    }
}
