using SliceMoE.Evaluation;
using SliceMoE.Reproduction.Baselines;

namespace SliceMoE.Tests.Reproduction.Baselines;

public class TranslationBaselinesTests
{
    // The classic Model 1 example, in this project's En→De direction (source English, target German).
    private static readonly (string Source, string Target)[] Classic =
    [
        ("the house", "das haus"),
        ("the book", "das buch"),
        ("a book", "ein buch"),
    ];

    [Fact]
    public void Em_learns_the_classic_example()
    {
        var model = WordByWordTranslator.Train(Classic);
        Assert.Equal("haus", model.Candidates("house", 1)[0].Target);
        Assert.Equal("buch", model.Candidates("book", 1)[0].Target);
        Assert.Equal("das", model.Candidates("the", 1)[0].Target);
        Assert.Equal("ein", model.Candidates("a", 1)[0].Target);
        Assert.Equal("das buch", model.Translate("The book"));
        Assert.Equal("ein haus", model.Translate("a house"));

        // More EM iterations sharpen the table.
        var longer = WordByWordTranslator.Train(Classic, iterations: 20);
        Assert.True(longer.Candidates("house", 1)[0].P > model.Candidates("house", 1)[0].P);
    }

    [Fact]
    public void The_translation_table_of_each_source_word_sums_to_one()
    {
        var model = WordByWordTranslator.Train(Toy());
        foreach (var word in new[] { "the", "house", "book", "a", "small", "is", ".", "my" })
        {
            var all = model.Candidates(word, int.MaxValue);
            Assert.NotEmpty(all);
            Assert.Equal(1.0, all.Sum(c => c.P), 12);
            Assert.All(all, c => Assert.InRange(c.P, 0, 1));
            Assert.True(all.Zip(all.Skip(1)).All(p => p.First.P >= p.Second.P), $"candidates of {word} not sorted");
        }

        Assert.Empty(model.Candidates("zebra", 3));
        Assert.Equal(2, model.Candidates("the", 2).Count);
    }

    [Fact]
    public void Unknown_words_are_copied_with_their_case_and_punctuation_is_split()
    {
        var model = WordByWordTranslator.Train(Toy());
        Assert.Equal("das haus ist klein .", model.Translate("The house is small."));
        Assert.Equal("Maria 1,000 das buch", model.Translate("Maria 1,000 the book"));
    }

    [Fact]
    public void Target_words_keep_their_most_frequent_spelling()
    {
        (string, string)[] pairs = [("the house", "das Haus"), ("a house", "ein Haus"), ("the small house", "das kleine haus")];
        var model = WordByWordTranslator.Train(pairs);
        Assert.Equal("das Haus", model.Translate("The house"));
        Assert.Equal("Haus", model.Candidates("HOUSE", 1)[0].Target);
    }

    [Fact]
    public void The_word_splitter_separates_punctuation_roughly_as_13a()
    {
        Assert.Equal(["hello", ",", "world", "!"], WordSplitter.Split("Hello, World!"));
        Assert.Equal(["3.14", "and", "1,000", "."], WordSplitter.Split("3.14 and 1,000."));
        Assert.Equal(["don't", "state-of-the-art", "1990", "-", "2000"], WordSplitter.Split("Don't state-of-the-art 1990-2000"));
        Assert.Equal(["„", "Haus", "“", "(", "x", ")"], WordSplitter.Split("„Haus“ (x)", lowercase: false));
        Assert.Empty(WordSplitter.Split("   "));
    }

    [Fact]
    public void Copy_scores_100_when_source_equals_target()
    {
        var same = new[] { ("the house is small .", "the house is small ."), ("my book is old", "my book is old") };
        var scores = TranslationBaselines.Evaluate(Toy(), same);
        Assert.Equal(100, scores.CopyBleu, 9);
        Assert.Equal(2, scores.TestPairs);
        Assert.Equal("the house", CopyTranslator.Instance.Translate("the house"));
    }

    [Fact]
    public void Evaluate_scores_both_baselines_with_corpus_bleu()
    {
        var train = Toy();
        (string Source, string Target)[] test = [("the small book is old .", "das kleine buch ist alt ."), ("my house .", "mein haus .")];
        var scores = TranslationBaselines.Evaluate(train, test);
        var model = WordByWordTranslator.Train(train);
        string[] refs = [.. test.Select(p => p.Target)];
        Assert.Equal(Bleu.Corpus([.. test.Select(p => model.Translate(p.Source))], refs).Score, scores.WordByWordBleu, 12);
        Assert.Equal(Bleu.Corpus([.. test.Select(p => p.Source)], refs).Score, scores.CopyBleu, 12);
        Assert.True(scores.WordByWordBleu > scores.CopyBleu, $"word by word {scores.WordByWordBleu}, copy {scores.CopyBleu}");
    }

    [Fact]
    public void Training_and_translation_are_deterministic()
    {
        var a = WordByWordTranslator.Train(Toy());
        var b = WordByWordTranslator.Train(Toy());
        foreach (var word in new[] { "the", "house", "small", "old" })
        {
            Assert.Equal(a.Candidates(word, 10), b.Candidates(word, 10));
        }

        Assert.Equal(a.Translate("the small house is my book ."), b.Translate("the small house is my book ."));
        Assert.Throws<ArgumentOutOfRangeException>(() => WordByWordTranslator.Train(Toy(), iterations: 0));
    }

    private static (string Source, string Target)[] Toy() =>
    [
        ("the house", "das haus"),
        ("the book", "das buch"),
        ("a book", "ein buch"),
        ("the house is small .", "das haus ist klein ."),
        ("the book is small .", "das buch ist klein ."),
        ("the book is old .", "das buch ist alt ."),
        ("a house is old .", "ein haus ist alt ."),
        ("my house is small", "mein haus ist klein"),
        ("my book", "mein buch"),
        ("a small book .", "ein kleines buch ."),
        ("the small house .", "das kleine haus ."),
    ];
}
