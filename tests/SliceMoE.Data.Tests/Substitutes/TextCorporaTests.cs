using SliceMoE.Data;
using SliceMoE.Data.Substitutes;

namespace SliceMoE.Tests.Data.Substitutes;

public class TextCorporaTests
{
    [Fact]
    public void Sotu_splits_by_year()
    {
        using var dir = new TempDirectory();
        foreach (var (year, words) in new[] { (1790, "a b"), (1980, "c"), (1981, "d e f"), (1998, "g"), (1999, "h"), (2021, "i j") })
        {
            dir.Write($"data/{year}_someone_x.txt", words + "\n");
        }

        var c = Corpora.LoadSotu(dir.Path);
        Assert.Equal(["a b", "c"], c.Train);
        Assert.Equal(["d e f", "g"], c.Validation);
        Assert.Equal(["h", "i j"], c.Test);
        Assert.Equal(10, c.WordCountTotal);
    }

    [Fact]
    public void Sotu_file_without_a_year_is_malformed()
    {
        using var dir = new TempDirectory();
        dir.Write("data/1790_a.txt", "x\n");
        string bad = dir.Write("data/notes.txt", "y\n");
        var ex = Assert.Throws<DataFormatException>(() => Corpora.LoadSotu(dir.Path));
        Assert.Contains(bad, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Corpora.LoadSotu(dir.Path, LoadOptions.Skipping).Report.Skipped);
    }

    [Fact]
    public void Moby_dick_splits_in_reading_order_and_ignores_the_whole_book_file()
    {
        using var dir = new TempDirectory();
        dir.Write("data/etymology.txt", "etym\n");
        dir.Write("data/extracts.txt", "extr\n");
        dir.Write("data/epilogue.txt", "epi\n");
        dir.Write("data/data.txt", "the whole book again\n");
        for (int i = 1; i <= MobyDick.ChapterCount; i++)
        {
            dir.Write($"data/chapter_{i}.txt", $"chapter {i}\n");
        }

        var c = Corpora.LoadMobyDick(dir.Path);
        Assert.Equal(2 + MobyDick.LastTrainChapter, c.Train.Count);
        Assert.Equal("etym", c.Train[0]);
        Assert.Equal(MobyDick.LastValidationChapter - MobyDick.LastTrainChapter, c.Validation.Count);
        Assert.Equal("epi", c.Test[^1]);
        Assert.DoesNotContain(c.Train.Concat(c.Validation).Concat(c.Test), t => t.Contains("whole book", StringComparison.Ordinal));
    }

    [Fact]
    public void LibreOffice_help_aligns_paragraphs_by_id_and_strips_markup()
    {
        using var dir = new TempDirectory();
        string root = "usr/share/libreoffice/help/";
        dir.Write(root + "en-US/text/shared/a.html",
            "<h1 id=\"par_id1\">Title <b>One</b></h1>\n<p id=\"par_id2\" class=\"paragraph\"><span>Click &amp;\n  save.</span></p>\n<p id=\"par_id3\">Only English.</p>\n<p id=\"hd_id4\">Heading id.</p>");
        dir.Write(root + "de/text/shared/a.html",
            "<h1 id=\"par_id1\">Titel <b>Eins</b></h1>\n<p id=\"par_id2\" class=\"paragraph\"><span>Klicken &amp; speichern.</span></p>\n<p id=\"hd_id4\">Überschrift.</p>");
        dir.Write(root + "en-US/text/shared/only-en.html", "<p id=\"par_id9\">Lonely.</p>");
        var c = Corpora.LoadLibreOfficeHelp(dir.Path, new LoadOptions { ValidationFraction = 0, TestFraction = 0 });
        Assert.Equal([new("Click & save.", "Klicken & speichern."), new("Title One", "Titel Eins")], c.Train.OrderBy(p => p.Source, StringComparer.Ordinal));
    }

    [Fact]
    public void Debian_descriptions_de_pairs_paragraphs_with_equal_counts()
    {
        using var dir = new TempDirectory();
        dir.Write("lists/x_i18n_Translation-en",
            "Package: a\nDescription-md5: m1\nDescription-en: editor\n Edits text.\n .\n Fast.\n\n" +
            "Package: b\nDescription-md5: m2\nDescription-en: viewer\n Views.\n .\n Two.\n");
        dir.Write("lists/x_i18n_Translation-de",
            "Package: a\nDescription-md5: m1\nDescription-de: Editor\n Bearbeitet Text.\n .\n Schnell.\n\n" +
            "Package: b\nDescription-md5: m2\nDescription-de: Betrachter\n Nur ein Absatz.\n");
        var c = Corpora.LoadDebianDescriptionsDe(dir.Path, new LoadOptions { ValidationFraction = 0, TestFraction = 0 });
        Assert.Equal(3, c.Count);
        Assert.Contains(new SentencePair("Edits text.", "Bearbeitet Text."), c.Train);
    }

    [Fact]
    public void Trans_de_en_keeps_aligned_example_sentences()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("usr/share/trans/de-en",
            "# Version :: devel\n" +
            "Haus {n} | Das Haus ist groß. :: house | The house is big.\n" +
            "Ja. | Nein! :: Yes. | No!\n" +
            "Er kam; sie ging. :: He came; she left.\n" +
            "eins | zwei :: one\n");
        var ex = Assert.Throws<DataFormatException>(() => Corpora.LoadTransDeEn(dir.Path));
        Assert.Contains($"{path}:5", ex.Message, StringComparison.Ordinal);
        var c = Corpora.LoadTransDeEn(dir.Path, LoadOptions.Skipping with { ValidationFraction = 0, TestFraction = 0 });
        Assert.Equal([new SentencePair("The house is big.", "Das Haus ist groß.")], c.Train);
        Assert.Equal(1, c.Report.Skipped);
    }
}
