using SliceMoE.Data;
using SliceMoE.Data.Formats;

namespace SliceMoE.Tests.Data.Formats;

public class WikiTextTests
{
    private const string Train = " \n = Valkyria Chronicles III = \n \n Senjō no Valkyria 3 is a game .\n \n = = Gameplay = = \n \n It has <unk> units @-@ and maps .\n \n = Tower Building = \n \n The building is tall .\n";

    private static void WriteAll(TempDirectory dir, string train)
    {
        dir.Write("wiki.train.tokens", train);
        dir.Write("wiki.valid.tokens", " = Valid Article = \n Text .\n");
        dir.Write("wiki.test.tokens", " = Test Article = \n More text .\n");
    }

    [Fact]
    public void Articles_become_documents_and_section_headings_do_not_split_them()
    {
        using var dir = new TempDirectory();
        WriteAll(dir, Train);
        var c = WikiText.Load(dir.Path);
        Assert.Equal(2, c.Train.Count);
        Assert.Equal("= Valkyria Chronicles III =\nSenjō no Valkyria 3 is a game .\n= = Gameplay = =\nIt has <unk> units @-@ and maps .", c.Train[0]);
        Assert.Equal("= Tower Building =\nThe building is tall .", c.Train[1]);
        Assert.Single(c.Validation);
        Assert.Single(c.Test);
        Assert.Equal(4, c.Report.Loaded);
    }

    [Fact]
    public void Heading_detection()
    {
        Assert.True(WikiText.IsArticleHeading(" = Robert Boulter = "));
        Assert.False(WikiText.IsArticleHeading(" = = Career = = "));
        Assert.False(WikiText.IsArticleHeading(" a = b = c "));
    }

    [Fact]
    public void A_missing_split_file_is_named()
    {
        using var dir = new TempDirectory();
        dir.Write("wiki.train.tokens", Train);
        var ex = Assert.Throws<FileNotFoundException>(() => WikiText.Load(dir.Path));
        Assert.Contains("wiki.valid.tokens", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_names_line_and_byte_column_or_drops_the_line_when_skipping()
    {
        using var dir = new TempDirectory();
        WriteAll(dir, "");
        dir.WriteWithInvalidByte("wiki.train.tokens", " = A = \n good line .\n bad ¤ line .\n");
        var ex = Assert.Throws<DataFormatException>(() => WikiText.Load(dir.Path));
        Assert.Contains("wiki.train.tokens:3, column 6", ex.Message, StringComparison.Ordinal);
        var c = WikiText.Load(dir.Path, LoadOptions.Skipping);
        Assert.Equal("= A =\ngood line .", c.Train[0]);
        Assert.Equal(1, c.Report.Skipped);
    }

    [Fact]
    public void Raw_files_and_crlf_line_ends_are_read_too()
    {
        using var dir = new TempDirectory();
        dir.Write("wiki.train.raw", " = A = \r\n Text one.\r\n");
        dir.Write("wiki.valid.raw", " = B = \r\n");
        dir.Write("wiki.test.raw", " = C = \r\n");
        var c = WikiText.Load(dir.Path);
        Assert.Equal("= A =\nText one.", c.Train[0]);
        Assert.Equal(5, LanguageModelingCorpus.CountWords(c.Train)); // "=", "A", "=", "Text", "one."
    }
}
