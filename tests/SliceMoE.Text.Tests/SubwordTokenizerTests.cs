using SliceMoE.Text;

namespace SliceMoE.Tests.Text;

public sealed class SubwordTokenizerTests
{
    private const string Eow = SubwordTokenizer.EndOfWord;

    private static readonly string[] German =
    [
        "Die Größe des Fensters ändert sich nicht, oder?",
        "Öffnen Sie die Datei über das Menü: Datei - Öffnen.",
        "Es kostet 3,50 Euro; 1.000 Straßen sind grün!",
        "Don't change the window's size; it's 12 o'clock.",
    ];

    /// <summary>The oracle: recounts every pair of every word at each step (Sennrich's reference loop) on string symbols.</summary>
    private static (List<string> Tokens, List<(string, string)> Merges) ReferenceLearn(IEnumerable<string> corpus, int vocabularySize, bool lowercase, int minCharacterCount)
    {
        var counts = WordLevelSplitter.CountWords(corpus, lowercase);
        var tokens = new List<string>(WordLevelTokenizer.ReservedTokens);
        tokens.AddRange(SubwordTrainer.BaseSymbols(counts, minCharacterCount));
        var known = new HashSet<string>(tokens.Skip(4), StringComparer.Ordinal);
        var words = counts.Select(pair => (Symbols: SubwordTrainer.Characters(pair.Key).ToList(), Count: pair.Value)).ToList();
        var merges = new List<(string, string)>();
        while (tokens.Count < vocabularySize)
        {
            var pairs = new Dictionary<(string, string), long>();
            foreach (var (symbols, count) in words)
            {
                for (int i = 0; i + 1 < symbols.Count; i++)
                {
                    if (known.Contains(symbols[i]) && known.Contains(symbols[i + 1]))
                    {
                        pairs[(symbols[i], symbols[i + 1])] = pairs.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
                    }
                }
            }

            if (pairs.Count == 0)
            {
                break;
            }

            var best = pairs.OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal).First().Key;
            merges.Add(best);
            string merged = best.Item1 + best.Item2;
            if (known.Add(merged))
            {
                tokens.Add(merged);
            }

            foreach (var (symbols, _) in words)
            {
                for (int i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == best.Item1 && symbols[i + 1] == best.Item2)
                    {
                        symbols[i] = merged;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        return (tokens, merges);
    }

    /// <summary>Texts of the shipped sample up to about <paramref name="words"/> words.</summary>
    private static List<string> SampleTexts(int words)
    {
        var texts = new List<string>();
        int total = 0;
        foreach (string text in SliceMoE.Data.SampleData.Texts())
        {
            texts.Add(text);
            total += text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (total >= words)
            {
                break;
            }
        }

        return texts;
    }

    private static string Normalised(SubwordTokenizer tokenizer, string text) => DecodeCleanup.Apply(string.Join(' ', tokenizer.Split(text)));

    [Theory]
    [InlineData(false, 1, 600)]
    [InlineData(true, 1, 400)]
    [InlineData(false, 3, 500)]
    public void The_fast_trainer_learns_the_merges_of_the_reference_trainer(bool lowercase, int minCharacterCount, int merges)
    {
        var corpus = SampleTexts(4000).Concat(German).ToList();
        var tokenizer = SubwordTokenizer.Build(corpus, vocabularySize: 4 + 300 + merges, lowercase, minCharacterCount);
        var (tokens, expectedMerges) = ReferenceLearn(corpus, 4 + 300 + merges, lowercase, minCharacterCount);
        Assert.True(expectedMerges.Count > 100, $"only {expectedMerges.Count} merges");
        Assert.Equal(expectedMerges, tokenizer.Merges);
        Assert.Equal(tokens, tokenizer.Tokens);
    }

    [Fact]
    public void Ids_are_the_reserved_tokens_then_the_base_symbols_then_the_merges_in_order()
    {
        var tokenizer = SubwordTokenizer.Build(["ab ab ab ac"], vocabularySize: 12);
        Assert.Equal(
            ["<pad>", "<unk>", "<bos>", "<eos>", "a", "a" + Eow, "b", "b" + Eow, "c", "c" + Eow, "ab" + Eow, "ac" + Eow],
            tokenizer.Tokens);
        Assert.Equal([("a", "b" + Eow), ("a", "c" + Eow)], tokenizer.Merges);
        Assert.Equal(new SpecialTokenIds(Pad: 0, Unk: 1, Bos: 2, Eos: 3), tokenizer.Specials);
        Assert.Equal(WordLevelTokenizer.UnkId, tokenizer.SpecialTokens["<unk>"]);
        Assert.Equal([10, 11, 8, 5], tokenizer.Encode("ab ac ca"));
        Assert.Equal(["ab" + Eow, "ac" + Eow, "c", "a" + Eow], tokenizer.Tokenize("ab ac ca"));
        Assert.Equal(12, tokenizer.VocabularySize);
    }

    [Fact]
    public void Pairs_of_equal_count_are_merged_in_ordinal_order_and_the_same_corpus_gives_the_same_vocabulary()
    {
        var tie = SubwordTokenizer.Build(["ac ab"], vocabularySize: 11);
        Assert.Equal([("a", "b" + Eow)], tie.Merges);
        var corpus = SampleTexts(3000);
        var a = SubwordTokenizer.Build(corpus, 700);
        var b = SubwordTokenizer.Build(Enumerable.Reverse(corpus), 700);
        Assert.Equal(700, a.VocabularySize);
        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal(a.Merges, b.Merges);
    }

    [Fact]
    public void Decoding_an_encoding_gives_the_normalised_words_joined_by_spaces()
    {
        var corpus = SampleTexts(20000).Concat(German).Concat(["Größe, Straße: ÄÖÜ äöü ß!", "Das Menü (3.5) kostet 1,000 — nicht 12."]).ToList();
        var tokenizer = SubwordTokenizer.Build(corpus, 2000);
        foreach (string text in corpus)
        {
            var ids = tokenizer.Encode(text);
            Assert.DoesNotContain(WordLevelTokenizer.UnkId, ids);
            Assert.Equal(Normalised(tokenizer, text), tokenizer.Decode(ids));
        }

        var words = tokenizer.Tokenize("Die Größe ändert sich");
        Assert.EndsWith(Eow, words[^1], StringComparison.Ordinal);
        Assert.Equal("Die Größe ändert sich", tokenizer.Decode(tokenizer.Encode("Die Größe ändert sich")));
    }

    [Fact]
    public void An_unseen_character_is_unk_and_reserved_tokens_keep_their_ids()
    {
        var tokenizer = SubwordTokenizer.Build(German, 300);
        var ids = tokenizer.Encode("Die Größe kostet 3,50 € <eos> <unk>");
        Assert.Equal(2, ids.Count(id => id == WordLevelTokenizer.UnkId)); // "€" and the typed <unk>
        Assert.Equal(WordLevelTokenizer.EosId, ids[^2]);
        Assert.Equal("Die Größe kostet 3,50 <unk> <eos> <unk>", tokenizer.Decode(ids));

        // Inside a word the unknown character splits it: its end-of-word marker is lost with it.
        Assert.Equal("Gr <unk> ße", tokenizer.Decode(tokenizer.Encode("Grâße")));
    }

    [Fact]
    public void Encoding_applies_the_merges_by_rank_like_the_training_did()
    {
        var corpus = SampleTexts(5000);
        var tokenizer = SubwordTokenizer.Build(corpus, 1200);
        foreach (string word in corpus.SelectMany(tokenizer.Split).Distinct().Take(2000))
        {
            var symbols = SubwordTrainer.Characters(word).ToList();
            foreach (var (left, right) in tokenizer.Merges)
            {
                for (int i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == left && symbols[i + 1] == right)
                    {
                        symbols[i] = left + right;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }

            Assert.Equal(symbols, tokenizer.Tokenize(word));
        }
    }

    [Fact]
    public void Lowercase_and_minimum_character_count_change_what_is_known()
    {
        var cased = SubwordTokenizer.Build(["Aa aa aa ab"], 100);
        Assert.False(cased.Lowercase);
        Assert.NotNull(cased.IdOf("A"));
        var lower = SubwordTokenizer.Build(["Aa aa aa ab"], 100, lowercase: true);
        Assert.True(lower.Lowercase);
        Assert.Null(lower.IdOf("A"));
        Assert.Equal("aa", lower.Decode(lower.Encode("AA")));
        var frequent = SubwordTokenizer.Build(["Aa aa aa ab"], 100, minCharacterCount: 2);
        Assert.Null(frequent.IdOf("b" + Eow));
        Assert.Equal([WordLevelTokenizer.UnkId], frequent.Encode("A").ToArray());
        Assert.Equal("a <unk>", frequent.Decode(frequent.Encode("ab")));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubwordTokenizer.Build(German, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubwordTokenizer.Build(German, 100, minCharacterCount: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cased.Decode([cased.VocabularySize]));
    }

    [Fact]
    public void Encoding_from_many_threads_gives_the_same_ids()
    {
        var corpus = SampleTexts(5000);
        var tokenizer = SubwordTokenizer.Build(corpus, 1000);
        var sequential = corpus.Select(t => tokenizer.Encode(t).ToArray()).ToArray();
        var fresh = SubwordTokenizer.Build(corpus, 1000);
        var parallel = new int[corpus.Count][];
        Parallel.For(0, corpus.Count * 4, i => parallel[i % corpus.Count] = fresh.Encode(corpus[i % corpus.Count]).ToArray());
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Save_and_load_give_the_same_tokenizer()
    {
        using var dir = new TempFolder();
        var tokenizer = SubwordTokenizer.Build(SampleTexts(3000).Concat(German), 800, lowercase: true);
        string path = Path.Combine(dir.Path, "sub", "bpe.json");
        tokenizer.Save(path);
        var loaded = SubwordTokenizer.Load(path);
        Assert.Equal(tokenizer.Tokens, loaded.Tokens);
        Assert.Equal(tokenizer.Merges, loaded.Merges);
        Assert.True(loaded.Lowercase);
        foreach (string text in German)
        {
            Assert.Equal(tokenizer.Encode(text), loaded.Encode(text));
        }

        Assert.Contains("\"format\": \"slicemoe.subword\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"format": "slicemoe.word-level", "version": 1, "lowercase": false, "tokens": [], "merges": []}""", "\"format\"")]
    [InlineData("""{"format": "slicemoe.subword", "version": 2, "lowercase": false, "tokens": [], "merges": []}""", "\"version\"")]
    [InlineData("""{"format": "slicemoe.subword", "version": 1, "tokens": ["<pad>", "<unk>", "<bos>", "<eos>"], "merges": []}""", "\"lowercase\"")]
    [InlineData("""{"format": "slicemoe.subword", "version": 1, "lowercase": false, "tokens": ["<pad>", "<bos>", "<unk>", "<eos>"], "merges": []}""", "\"tokens\"[1]")]
    [InlineData("""{"format": "slicemoe.subword", "version": 1, "lowercase": false, "tokens": ["<pad>", "<unk>", "<bos>", "<eos>", "a", "a"], "merges": []}""", "\"tokens\"[5]")]
    [InlineData("""{"format": "slicemoe.subword", "version": 1, "lowercase": false, "tokens": ["<pad>", "<unk>", "<bos>", "<eos>", "a", "b</w>"], "merges": [["a", "b</w>"]]}""", "\"merges\"[0]")]
    [InlineData("""{"format": "slicemoe.subword", "version": 1, "lowercase": false, "tokens": ["<pad>", "<unk>", "<bos>", "<eos>"], "merges": [["a"]]}""", "\"merges\"[0]")]
    [InlineData("""{"format": "slicemoe.subword", "version": 1, "lowercase": false, "tokens": ["<pad>", "<unk>", "<bos>", "<eos>", 5], "merges": []}""", "\"tokens\"[4]")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"format": "slicemoe.subword", """, "Invalid JSON")]
    public void A_malformed_file_names_the_file_the_field_and_the_fix(string content, string field)
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "broken.json");
        File.WriteAllText(path, content);
        var error = Assert.Throws<TextDataFormatException>(() => SubwordTokenizer.Load(path));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("SubwordTokenizer.Save", error.Fix, StringComparison.Ordinal);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("slicemoe-subword-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
