using SliceMoE.Text;

namespace SliceMoE.Tests.Text;

public sealed class WordLevelTokenizerTests
{
    private static readonly string[] Corpus =
    [
        "The cat sat on the mat.",
        "The dog didn't sit; the dog ran!",
        "A cat and a dog: 1,000 cats?",
    ];

    [Fact]
    public void Builds_a_frequency_ordered_vocabulary_after_the_reserved_ids()
    {
        var tokenizer = WordLevelTokenizer.Build(Corpus, maxVocabularySize: 100);
        Assert.Equal(["<pad>", "<unk>", "<bos>", "<eos>"], tokenizer.Tokens.Take(4));
        // the: 4; dog: 3; a, cat: 2 each (ordinal tie-break); then the singletons in ordinal order.
        Assert.Equal(["the", "dog", "a", "cat"], tokenizer.Tokens.Skip(4).Take(4));
        Assert.Equal(4, tokenizer.CountOf(4));
        Assert.Equal(0, tokenizer.CountOf(0));
        Assert.Equal(new SpecialTokenIds(Pad: 0, Unk: 1, Bos: 2, Eos: 3), tokenizer.Specials);
        Assert.Equal(4, tokenizer.SpecialTokens.Count);
    }

    [Fact]
    public void Size_limit_and_minimum_count_cut_the_rare_words()
    {
        var small = WordLevelTokenizer.Build(Corpus, maxVocabularySize: 6);
        Assert.Equal(6, small.VocabularySize);
        Assert.Equal([4, 1, 1], small.Encode("the cat sat"));
        var frequent = WordLevelTokenizer.Build(Corpus, maxVocabularySize: 100, minCount: 2);
        Assert.Equal(["the", "dog", "a", "cat"], frequent.Tokens.Skip(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => WordLevelTokenizer.Build(Corpus, maxVocabularySize: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => WordLevelTokenizer.Build(Corpus, 10, minCount: 0));
    }

    [Fact]
    public void Same_corpus_gives_the_same_ids()
    {
        var a = WordLevelTokenizer.Build(Corpus, 50);
        var b = WordLevelTokenizer.Build(Corpus.Reverse(), 50);
        Assert.Equal(a.Tokens, b.Tokens);
    }

    [Theory]
    [InlineData("Don't stop, it's 3.5 o'clock!", new[] { "do", "n't", "stop", ",", "it", "'s", "3.5", "o", "'", "clock", "!" })]
    [InlineData("I can’t; we’ll see 1,000 cafés", new[] { "i", "ca", "n't", ";", "we", "'ll", "see", "1,000", "cafés" })]
    [InlineData("The <unk> was <eos>", new[] { "the", "<unk>", "was", "<eos>" })]
    [InlineData("emoji 😀 here", new[] { "emoji", "😀", "here" })]
    public void Splits_words_like_the_glove_vocabulary(string text, string[] expected)
    {
        var tokenizer = WordLevelTokenizer.Build([], 4);
        Assert.Equal(expected, tokenizer.Split(text));
    }

    [Fact]
    public void Unknown_words_are_unk_and_special_tokens_in_text_keep_their_ids()
    {
        var tokenizer = WordLevelTokenizer.Build(Corpus, 100);
        Assert.Equal([4, 1, 1, 3], tokenizer.Encode("the zebra <unk> <eos>"));
        Assert.Equal(4, tokenizer.IdOf("the"));
        Assert.Null(tokenizer.IdOf("zebra"));
        Assert.Equal("<bos>", tokenizer.TokenOf(2));
        Assert.Null(tokenizer.TokenOf(1000));
    }

    [Fact]
    public void Case_is_kept_when_asked()
    {
        var tokenizer = WordLevelTokenizer.Build(["Paris is in France. paris"], 100, lowercase: false);
        Assert.NotNull(tokenizer.IdOf("Paris"));
        Assert.NotNull(tokenizer.IdOf("paris"));
        Assert.False(tokenizer.Lowercase);
        Assert.Equal(["DO", "N'T"], tokenizer.Split("DON'T"));
    }

    [Fact]
    public void Decode_reattaches_punctuation_and_contractions()
    {
        var tokenizer = WordLevelTokenizer.Build(Corpus, 100);
        // Hugging Face's clean-up list: ". , ! ?" and contractions re-attach, ";" does not.
        Assert.Equal("the dog didn't sit ; the dog ran!", tokenizer.Decode(tokenizer.Encode("The dog didn't sit; the dog ran!")));
        Assert.Equal("the <unk>.", tokenizer.Decode(tokenizer.Encode("the zebra.")));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([tokenizer.VocabularySize]));
    }

    [Fact]
    public void Saves_and_loads_the_same_vocabulary()
    {
        using var dir = new ScratchFolder();
        var tokenizer = WordLevelTokenizer.Build(Corpus, 12, lowercase: false);
        string path = dir.PathOf("sub/vocab.json");
        tokenizer.Save(path);
        var loaded = WordLevelTokenizer.Load(path);
        Assert.Equal(tokenizer.Tokens, loaded.Tokens);
        Assert.Equal(Enumerable.Range(0, 12).Select(tokenizer.CountOf), Enumerable.Range(0, 12).Select(loaded.CountOf));
        Assert.False(loaded.Lowercase);
        Assert.Empty(Directory.GetFiles(dir.PathOf("sub"), "*.tmp"));
    }

    [Theory]
    [InlineData("[1, 2]", "Expected a JSON object")]
    [InlineData("{\"format\": \"other\", \"version\": 1, \"lowercase\": true, \"tokens\": [], \"counts\": []}", "\"format\" is 'other'")]
    [InlineData("{\"format\": \"slicemoe.word-level\", \"version\": 9, \"lowercase\": true, \"tokens\": [], \"counts\": []}", "this build reads version 1")]
    [InlineData("{\"format\": \"slicemoe.word-level\", \"version\": 1, \"lowercase\": true, \"tokens\": [\"<unk>\", \"<pad>\", \"<bos>\", \"<eos>\"], \"counts\": [0, 0, 0, 0]}", "Token 0 must be '<pad>'")]
    [InlineData("{\"format\": \"slicemoe.word-level\", \"version\": 1, \"lowercase\": true, \"tokens\": [\"<pad>\", \"<unk>\", \"<bos>\", \"<eos>\", \"a\"], \"counts\": [0, 0, 0, 0]}", "5 tokens but 4 counts")]
    [InlineData("{\"format\": \"slicemoe.word-level\", \"version\": 1, \"lowercase\": true, \"tokens\": [\"<pad>\", \"<unk>\", \"<bos>\", \"<eos>\", \"a\", \"a\"], \"counts\": [0, 0, 0, 0, 1, 1]}", "'a' appears twice")]
    [InlineData("{\"format\": \"slicemoe.word-level\", \"version\": 1, \"lowercase\": true, \"tokens\": [\"<pad>\", 5], \"counts\": []}", "\"tokens\"[1] must be a non-empty string")]
    [InlineData("{\"format\": \"slicemoe.word-level\", \"version\": 1, \"tokens\": [\"<pad>\"", "Invalid JSON")]
    public void Malformed_vocabulary_files_are_rejected(string content, string expected)
    {
        using var dir = new ScratchFolder();
        string path = dir.Write("vocab.json", content);
        var error = Assert.Throws<TextDataFormatException>(() => WordLevelTokenizer.Load(path));
        Assert.Equal(path, error.FilePath);
        Assert.Contains(expected, error.Message);
        Assert.Contains("WordLevelTokenizer", error.Fix);
    }
}
