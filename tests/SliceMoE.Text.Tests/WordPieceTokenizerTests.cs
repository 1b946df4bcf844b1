using System.Text.Json;
using SliceMoE.Text;

namespace SliceMoE.Tests.Text;

public sealed class WordPieceTokenizerTests
{
    private static WordPieceTokenizer Bert => TextTestFiles.Bert;

    [Fact]
    public void Restores_bert_base_uncased_from_the_npm_vocabulary()
    {
        Assert.Equal(30522, Bert.VocabularySize);
        Assert.Equal(new SpecialTokenIds(Pad: 0, Unk: 100, Cls: 101, Sep: 102, Mask: 103), Bert.Specials);
        Assert.Equal("[unused0]", Bert.TokenOf(1));
        Assert.Equal("[unused99]", Bert.TokenOf(104));
        Assert.Equal("!", Bert.TokenOf(999));
        Assert.Equal("the", Bert.TokenOf(1996));
        Assert.Equal("##s", Bert.TokenOf(2015));
        Assert.Equal("##a", Bert.TokenOf(2050));
        Assert.Equal("##～", Bert.TokenOf(30521));
        Assert.Equal(1996, Bert.IdOf("the"));
        Assert.Equal(5, Bert.SpecialTokens.Count);
    }

    [Theory]
    [InlineData("the", new[] { 1996 })]
    [InlineData("hello world", new[] { 7592, 2088 })]
    [InlineData("Hello, my dog is cute", new[] { 7592, 1010, 2026, 3899, 2003, 10140 })]
    [InlineData("i like strawberries", new[] { 1045, 2066, 13137, 20968 })]
    [InlineData("don't stop!!", new[] { 2123, 1005, 1056, 2644, 999, 999 })]
    public void Encodes_known_bert_base_uncased_ids(string text, int[] expected) => Assert.Equal(expected, Bert.Encode(text));

    [Fact]
    public void Matches_the_hugging_face_tokenizer_port()
    {
        // Fixtures/bert-golden.json: ids from transformers.js 3.7.6's BertTokenizer (see tools/golden/README.md),
        // hand-picked texts and random mixes of scripts, accents, controls, punctuation and Final_Sigma cases.
        using JsonDocument golden = JsonDocument.Parse(File.ReadAllBytes(Repository.PathOf("tests/SliceMoE.Text.Tests/Fixtures/bert-golden.json")));
        Assert.True(golden.RootElement.GetArrayLength() >= 200);
        foreach (JsonElement item in golden.RootElement.EnumerateArray())
        {
            string text = item.GetProperty("text").GetString()!;
            int[] expected = item.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(expected, Bert.Encode(text));
        }
    }

    [Fact]
    public void Splits_words_greedily_longest_match_first()
    {
        Assert.Equal(["i", "like", "straw", "##berries"], Bert.Tokenize("i like strawberries"));
        // BERT's README shows "un ##aff ##able" for a different vocabulary; bert-base-uncased has "una",
        // the longest prefix, so greedy matching gives this (as Hugging Face's tokenizer does).
        Assert.Equal(["una", "##ffa", "##ble"], Bert.Tokenize("unaffable"));
    }

    [Theory]
    [InlineData("Crème Brûlée à la Française", new[] { "creme", "brulee", "a", "la", "francaise" })]
    [InlineData("İSTANBUL Ångström ΣΟΦΟΣ", new[] { "istanbul", "angstrom", "σοφος" })]
    [InlineData("ΣΑΣ’Α ΣΑΣト ΣΑΣ.", new[] { "σασ", "’", "α", "σαςト", "σας", "." })]
    [InlineData("hello\u0000\u200b \u00adworld\u0007\uFFFD", new[] { "hello", "world" })]
    [InlineData("日本語のテキスト", new[] { "日", "本", "語", "のテキスト" })]
    [InlineData("한국어", new[] { "\u1112\u1161\u11AB\u1100\u116E\u11A8\u110B\u1165" })]
    [InlineData("a-b (c) $5.", new[] { "a", "-", "b", "(", "c", ")", "$", "5", "." })]
    [InlineData("tab\tnew\r\nline\u3000end\u2028x", new[] { "tab", "new", "line", "end", "x" })]
    [InlineData("“quoted” — dash…", new[] { "“", "quoted", "”", "—", "dash", "…" })]
    public void Follows_bert_basic_tokenization(string text, string[] expected)
    {
        var words = new List<string>();
        BertBasicTokenizer.Split(text, words);
        Assert.Equal(expected, words);
    }

    [Fact]
    public void Accents_are_stripped_before_word_pieces()
    {
        Assert.Equal(Bert.Encode("creme brulee"), Bert.Encode("Crème Brûlée"));
        Assert.Equal(["日", "本", "語"], Bert.Tokenize("日本語"));
    }

    [Fact]
    public void Unknown_and_overlong_words_become_unk()
    {
        Assert.Equal([7592, 100], Bert.Encode("hello 😀"));
        Assert.Equal([100], Bert.Encode(new string('a', 101)));
        Assert.NotEqual([100], Bert.Encode(new string('a', 100)));
    }

    [Fact]
    public void Model_input_has_cls_sep_mask_and_padding()
    {
        BertEncoding e = Bert.EncodeForModel("hello world", maxLength: 6);
        Assert.Equal([101, 7592, 2088, 102, 0, 0], e.InputIds);
        Assert.Equal([1, 1, 1, 1, 0, 0], e.AttentionMask);
        Assert.Equal([0, 0, 0, 0, 0, 0], e.TokenTypeIds);
        Assert.Equal(4, e.Length);
        Assert.Equal(0, e.TruncatedTokens);

        BertEncoding cut = Bert.EncodeForModel("hello world the", maxLength: 4, padToMaxLength: false);
        Assert.Equal([101, 7592, 2088, 102], cut.InputIds);
        Assert.Equal(1, cut.TruncatedTokens);
    }

    [Fact]
    public void Pair_input_truncates_the_longer_segment_first()
    {
        BertEncoding e = Bert.EncodeForModel("the the the the", "hello world", maxLength: 8);
        Assert.Equal([101, 1996, 1996, 1996, 102, 7592, 2088, 102], e.InputIds);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1], e.TokenTypeIds);
        Assert.Equal(1, e.TruncatedTokens);

        BertEncoding tie = Bert.EncodeForModel("the the", "hello world", maxLength: 6);
        Assert.Equal([101, 1996, 1996, 102, 7592, 102], tie.InputIds);
        Assert.Throws<ArgumentOutOfRangeException>(() => Bert.EncodeForModel("a", "b", maxLength: 2));
    }

    [Fact]
    public void Decode_joins_pieces_and_cleans_up_spacing()
    {
        Assert.Equal("hello, world!", Bert.Decode(Bert.Encode("Hello, World!")));
        Assert.Equal("i like strawberries. don't stop", Bert.Decode(Bert.Encode("I like strawberries. Don't stop")));
        int[] withSpecials = [101, 7592, 102, 0];
        Assert.Equal("[CLS] hello [SEP] [PAD]", Bert.Decode(withSpecials));
        Assert.Equal("hello", Bert.Decode(withSpecials, skipSpecialTokens: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bert.Decode([30522]));
    }

    [Fact]
    public void Vocabulary_text_written_and_read_back_is_the_same()
    {
        using var dir = new ScratchFolder();
        string path = dir.PathOf("vocab.txt");
        Bert.SaveVocabularyText(path);
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(30522, lines.Length);
        Assert.Equal("[unused0]", lines[1]);
        var reloaded = WordPieceTokenizer.Load(path);
        Assert.Equal(Bert.Pieces, reloaded.Pieces);
        Assert.Equal(Bert.Encode("Hello, my dog is cute"), reloaded.Encode("Hello, my dog is cute"));
    }

    [Fact]
    public void Small_vocab_txt_follows_the_hugging_face_test()
    {
        // The vocabulary and expectations of Hugging Face's BertTokenizer unit test.
        using var dir = new ScratchFolder();
        string path = dir.Write("vocab.txt", "[UNK]\n[CLS]\n[SEP]\nwant\n##want\n##ed\nwa\nun\nrunn\n##ing\n,\nlow\nlowest\n");
        var tokenizer = WordPieceTokenizer.Load(path);
        Assert.Equal(["un", "##want", "##ed", ",", "runn", "##ing"], tokenizer.Tokenize("UNwant\u00E9d,running"));
        Assert.Equal([7, 4, 5, 10, 8, 9], tokenizer.Encode("UNwant\u00E9d,running"));
        Assert.Equal([0], tokenizer.Encode("unwantedX"));
        Assert.Equal(new SpecialTokenIds(Unk: 0, Cls: 1, Sep: 2), tokenizer.Specials);
        Assert.Throws<InvalidOperationException>(() => tokenizer.EncodeForModel("want", 8));
        Assert.Equal([1, 3, 2], tokenizer.EncodeForModel("want", 8, padToMaxLength: false).InputIds);
    }
}
