using System.Text.Json;
using SliceMoE.Data;
using SliceMoE.Data.Substitutes;

namespace SliceMoE.Tests.Data.Substitutes;

public class ClassificationCorporaTests
{
    [Fact]
    public void WordNet_keeps_the_largest_categories_with_lexname_labels()
    {
        using var dir = new TempDirectory();
        var lines = new List<string> { "  1 This software and database is being provided to you, the LICENSEE, by  " };
        void Add(int lex, string word, string gloss, int n)
        {
            for (int i = 0; i < n; i++)
            {
                lines.Add($"0000{lines.Count:D4} {lex:D2} n 01 {word}_{i} 0 000 | {gloss} {i}  ");
            }
        }

        Add(6, "hammer", "a hand tool", 10);    // noun.artifact
        Add(5, "dog", "a domestic animal", 20); // noun.animal
        Add(13, "bread", "food made of flour", 5); // noun.food: smallest, dropped with 2 categories
        dir.Write("wordnet/usr/share/wordnet/data.noun", string.Join("\n", lines) + "\n");
        var d = Corpora.LoadWordNet(dir.File("wordnet"), categoryCount: 2);
        Assert.Equal(["noun.animal", "noun.artifact"], d.LabelNames);
        Assert.Equal(30, d.Count);
        Assert.Contains(new LabeledText("dog 3 a domestic animal 3", 0), d.Train.Concat(d.Validation).Concat(d.Test));
    }

    [Fact]
    public void WordNet_malformed_line_is_named()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("data.noun", "00001740 03 n 01 entity 0 000 | that which exists  \n00001930 99 n 01 thing 0 000 | bad lexfile  \n");
        var ex = Assert.Throws<DataFormatException>(() => WordNetGlosses.ReadSynsets(dir.Path));
        Assert.Contains($"{path}:2, column 2 (lex_filenum)", ex.Message, StringComparison.Ordinal);
        Assert.Single(WordNetGlosses.ReadSynsets(dir.Path, LoadOptions.Skipping).Examples);
    }

    [Fact]
    public void Debian_descriptions_join_packages_to_translations_and_drop_companions()
    {
        using var dir = new TempDirectory();
        dir.Write("lists/x_main_binary-amd64_Packages",
            "Package: gimp\nSection: graphics\nDescription: image editor\nDescription-md5: aaa\n\n" +
            "Package: gimp-data\nSection: graphics\nDescription-md5: bbb\n\n" +
            "Package: libfoo1\nSection: graphics\nDescription-md5: ccc\n\n" +
            "Package: mutt\nSection: contrib/mail\nDescription-md5: ddd\n\n" +
            "Package: coreutils\nSection: utils\nDescription-md5: eee\n");
        dir.Write("lists/x_main_i18n_Translation-en",
            "Package: gimp\nDescription-md5: aaa\nDescription-en: GNU Image Manipulation Program\n GIMP edits\n images.\n .\n It has plugins.\n\n" +
            "Package: gimp-data\nDescription-md5: bbb\nDescription-en: data\n data files\n\n" +
            "Package: mutt\nDescription-md5: ddd\nDescription-en: text-based mailreader\n Mutt reads mail.\n\n" +
            "Package: coreutils\nDescription-md5: eee\nDescription-en: GNU core utilities\n ls and cat.\n");
        var d = Corpora.LoadDebianDescriptions(dir.Path, new LoadOptions { ValidationFraction = 0, TestFraction = 0 });
        Assert.Equal(DebianDescriptions.Sections.Count, d.LabelNames.Count);
        var texts = d.Train.OrderBy(x => x.Text, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, texts.Length);
        Assert.Equal(new LabeledText("GNU Image Manipulation Program GIMP edits images. It has plugins.", d.LabelNames.ToList().IndexOf("graphics")), texts[0]);
        Assert.Equal(d.LabelNames.ToList().IndexOf("mail"), texts[1].Label);
        Assert.True(DebianDescriptions.IsCompanionPackage("python3-dev"));
        Assert.False(DebianDescriptions.IsCompanionPackage("gimp"));
    }

    [Fact]
    public void Debian_malformed_control_line_is_named()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("lists/x_Packages", "Package: a\nthis line has no colon\n");
        dir.Write("lists/x_i18n_Translation-en", "Package: a\n");
        var ex = Assert.Throws<DataFormatException>(() => Corpora.LoadDebianDescriptions(dir.Path));
        Assert.Contains($"{path}:2, column 1", ex.Message, StringComparison.Ordinal);
    }

    private static void WriteBrown(TempDirectory dir)
    {
        var cats = new List<string>();
        foreach (var (g, letter) in new[] { ("news", 'a'), ("humor", 'r') })
        {
            for (int i = 1; i <= 10; i++)
            {
                string name = $"c{letter}{i:D2}";
                cats.Add($"{name} {g}");
                dir.Write(name, $"\n\n\tThe/at {g}/nn story/nn ./.\n\tA/at second/od sentence/nn ./.\n\n\n\tNew/jj para/nn and/or 1/2/cd ./.\n");
            }
        }

        dir.Write("cats.txt", string.Join("\n", cats) + "\n");
    }

    [Fact]
    public void Brown_strips_tags_and_splits_by_document()
    {
        using var dir = new TempDirectory();
        WriteBrown(dir);
        var d = Corpora.LoadBrown(dir.Path);
        Assert.Equal(["humor", "news"], d.LabelNames);
        Assert.Equal(40, d.Count); // 20 files x 2 paragraphs
        Assert.Equal(32, d.Train.Count); // 8 files per genre in train
        Assert.Contains(new LabeledText("The news story . A second sentence .", 1), d.Train.Concat(d.Test).Concat(d.Validation));
        Assert.Contains(d.Test, x => x.Text == "New para and 1/2 .");
        Assert.Equal(13 * 20, BrownCorpus.ReadDocuments(dir.Path).Examples.Sum(x => x.Tokens));
        var lm = Corpora.LoadBrownLanguageModeling(dir.Path);
        Assert.Equal(20, lm.Train.Count + lm.Validation.Count + lm.Test.Count);
    }

    [Fact]
    public void SpamAssassin_labels_by_group_and_keeps_bodies()
    {
        using var dir = new TempDirectory();
        for (int i = 0; i < 10; i++)
        {
            string group = i < 3 ? "spam-1" : "easy-ham-1";
            dir.Write($"data/{group}/{i:D5}.json", JsonSerializer.Serialize(new { id = $"{i}", group, text = $"From: x\nSubject: s{i}\n\nBody {i}\nline two\n" }));
        }

        var d = Corpora.LoadSpamAssassin(dir.Path, new LoadOptions { ValidationFraction = 0, TestFraction = 0 });
        Assert.Equal(["ham", "spam"], d.LabelNames);
        Assert.Equal([7, 3], TextClassificationDataset.CountPerLabel(d.Train, 2));
        Assert.Contains(new LabeledText("Body 1\nline two", 1), d.Train);
    }

    [Fact]
    public void SpamAssassin_bad_json_is_named_or_skipped()
    {
        using var dir = new TempDirectory();
        dir.Write("data/spam-1/a.json", "{\"group\": \"spam-1\", \"text\": \"x\"}");
        string bad = dir.Write("data/spam-1/b.json", "{\"group\": \"spam-1\",\n \"text\": }");
        var ex = Assert.Throws<DataFormatException>(() => Corpora.LoadSpamAssassin(dir.Path));
        Assert.Contains($"{bad}:2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Corpora.LoadSpamAssassin(dir.Path, LoadOptions.Skipping).Report.Skipped);
    }

    [Fact]
    public void Fortunes_split_on_percent_lines_and_remove_overstrike()
    {
        using var dir = new TempDirectory();
        string root = "usr/share/games/fortunes/";
        foreach (var c in Fortunes.DefaultCategories)
        {
            dir.Write(root + c, $"First {c} saying.\n%\nSecond {c}\n  on two lines.\n%\n_\bb_\bo_\bl_\bd {c}\n%\n");
        }

        var d = Corpora.LoadFortunes(dir.Path, new LoadOptions { ValidationFraction = 0, TestFraction = 0 });
        Assert.Equal(Fortunes.DefaultCategories, d.LabelNames);
        Assert.Equal(18, d.Count);
        Assert.Contains(new LabeledText("Second love\n  on two lines.", 2), d.Train);
        Assert.Contains(new LabeledText("bold food", 1), d.Train);
    }

    [Fact]
    public void Fortunes_invalid_utf8_names_the_line()
    {
        using var dir = new TempDirectory();
        foreach (var c in Fortunes.DefaultCategories)
        {
            dir.Write(c, "ok\n%\n");
        }

        string bad = dir.WriteWithInvalidByte("love", "fine\n%\nbad ¤\n%\n");
        var ex = Assert.Throws<DataFormatException>(() => Corpora.LoadFortunes(dir.Path));
        Assert.Contains($"{bad}:3, column 5", ex.Message, StringComparison.Ordinal);
        Assert.Equal(6, Corpora.LoadFortunes(dir.Path, LoadOptions.Skipping).Count);
    }
}
