using SliceMoE.Data;

namespace SliceMoE.Tests.Data;

public class SampleDataTests
{
    [Fact]
    public void The_shipped_classification_sample_has_14_balanced_wordnet_categories()
    {
        var d = SampleData.Classification();
        Assert.Equal(14, d.LabelNames.Count);
        Assert.Contains("noun.artifact", d.LabelNames);
        Assert.Equal((4200, 700, 700), (d.Train.Count, d.Validation.Count, d.Test.Count));
        Assert.All(TextClassificationDataset.CountPerLabel(d.Train, 14), c => Assert.Equal(300, c));
        Assert.Equal(0, d.Report.Skipped);
    }

    [Fact]
    public void The_shipped_language_modelling_sample_splits_by_year()
    {
        var c = SampleData.LanguageModeling();
        Assert.Equal((10, 2, 2), (c.Train.Count, c.Validation.Count, c.Test.Count));
        Assert.InRange(c.WordCountTotal, 80_000, 120_000);
    }

    [Fact]
    public void The_shipped_translation_sample_has_english_german_pairs()
    {
        var c = SampleData.Translation();
        Assert.Equal(("en", "de", 2400, 300, 300), (c.SourceLanguage, c.TargetLanguage, c.Train.Count, c.Validation.Count, c.Test.Count));
    }

    [Fact]
    public void The_sample_texts_are_every_gloss_address_and_paragraph_in_order()
    {
        var texts = SampleData.Texts();
        var d = SampleData.Classification();
        var pairs = SampleData.Translation();
        Assert.Equal(5600 + 14 + 3000 + 3000, texts.Count);
        Assert.Equal(d.Train[0].Text, texts[0]);
        Assert.Equal(d.Test[^1].Text, texts[5599]);
        Assert.Equal(SampleData.LanguageModeling().Train[0], texts[5600]);
        Assert.Equal(pairs.Train[0].Source, texts[5614]);
        Assert.Equal(pairs.Test[^1].Target, texts[^1]);
    }

    [Fact]
    public void The_sample_folder_is_found_from_the_test_binaries()
    {
        string dir = SampleData.FindDirectory();
        Assert.True(File.Exists(Path.Combine(dir, "wordnet-glosses", "LICENSE-WordNet.txt")));
        Assert.True(File.Exists(Path.Combine(dir, "libreoffice-help-en-de", "LICENSE-MPL-2.0.txt")));
    }
}
