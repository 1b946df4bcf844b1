using System.Text;
using System.Text.Json;
using SliceMoE.Numerics;
using SliceMoE.Text;

namespace SliceMoE.Tests.Text;

public sealed class Gpt2BpeTokenizerTests
{
    private static Gpt2BpeTokenizer Tokenizer => TextTestFiles.Gpt2;

    [Fact]
    public void Loads_the_standard_vocabulary_and_merges()
    {
        Assert.Equal(50257, Tokenizer.VocabularySize);
        Assert.Equal(50000, Tokenizer.MergeCount);
        Assert.Equal(50256, Tokenizer.EndOfTextId);
        Assert.Equal("<|endoftext|>", Tokenizer.TokenOf(50256));
        Assert.Equal(50256, Tokenizer.SpecialTokens["<|endoftext|>"]);
        Assert.Equal(new SpecialTokenIds(Bos: 50256, Eos: 50256), Tokenizer.Specials);
        Assert.Equal(262, Tokenizer.IdOf("\u0120the"));
        Assert.Null(Tokenizer.IdOf("no such token"));
        Assert.Null(Tokenizer.TokenOf(50257));
        Assert.Null(Tokenizer.TokenOf(-1));
    }

    [Theory]
    [InlineData("Hello world", new[] { 15496, 995 })]
    [InlineData("Hello, world!", new[] { 15496, 11, 995, 0 })]
    [InlineData(" the", new[] { 262 })]
    [InlineData("the", new[] { 1169 })]
    [InlineData("The", new[] { 464 })]
    [InlineData("\n", new[] { 198 })]
    [InlineData("", new int[0])]
    public void Encodes_known_ids(string text, int[] expected) => Assert.Equal(expected, Tokenizer.Encode(text));

    [Fact]
    public void Matches_the_reference_javascript_encoder()
    {
        // Fixtures/gpt2-golden.json: ids from npm gpt-3-encoder 1.1.4's own encode() (a port of OpenAI's encoder.py).
        using JsonDocument golden = JsonDocument.Parse(File.ReadAllBytes(Repository.PathOf("tests/SliceMoE.Text.Tests/Fixtures/gpt2-golden.json")));
        Assert.True(golden.RootElement.GetArrayLength() >= 30);
        foreach (JsonElement item in golden.RootElement.EnumerateArray())
        {
            string text = item.GetProperty("text").GetString()!;
            int[] expected = item.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(expected, Tokenizer.Encode(text));
        }
    }

    [Fact]
    public void Round_trips_random_text_of_every_script()
    {
        string[] pools =
        [
            "abcXYZ", "0123456789", "    \t\n\r\u00a0\u2003\u3000\u0085\ufeff", "'sdtmrevl", ".,;:!?-_()[]<>\"#$%&*+/=@\\^`|~",
            "éèçñüößœøÅ", "日本語中文한국어テ", "αβΔΣ", "абвЖ", "\u0301\u200b\u200d\u00ad\u0000\u001b\u007f",
            "😀", "🎉", "𝐀", "𝟙", "𐌰",
        ];
        var rng = new Rng(7);
        for (int n = 0; n < 300; n++)
        {
            var text = new StringBuilder();
            int length = rng.NextInt(30);
            for (int i = 0; i < length; i++)
            {
                string pool = pools[rng.NextInt(pools.Length)];
                // Pools of one astral character are taken whole, never half a surrogate pair.
                text.Append(char.IsSurrogate(pool[0]) ? pool : pool[rng.NextInt(pool.Length)].ToString());
            }

            string s = text.ToString();
            Assert.Equal(s, Tokenizer.Decode(Tokenizer.Encode(s)));
            Assert.Equal(Encoding.UTF8.GetBytes(s), Tokenizer.DecodeToBytes(Tokenizer.Encode(s)));
        }
    }

    [Fact]
    public void Lone_surrogates_are_encoded_as_the_replacement_character()
    {
        string text = "a\uD800b\uDC00c";
        IReadOnlyList<int> ids = Tokenizer.Encode(text);
        Assert.Equal(Tokenizer.Encode("a\uFFFDb\uFFFDc"), ids);
        Assert.Equal("a\uFFFDb\uFFFDc", Tokenizer.Decode(ids));
    }

    [Fact]
    public void Decoding_part_of_a_character_gives_replacement_text_but_exact_bytes()
    {
        IReadOnlyList<int> ids = Tokenizer.Encode("😀");
        Assert.True(ids.Count > 1);
        byte[] firstPart = Tokenizer.DecodeToBytes(ids.Take(1));
        Assert.True(firstPart.Length < 4);
        Assert.Equal(Encoding.UTF8.GetBytes("😀")[..firstPart.Length], firstPart);
        Assert.Contains('\uFFFD', Tokenizer.Decode(ids.Take(1)));
    }

    [Fact]
    public void End_of_text_in_the_input_is_plain_text()
    {
        // As in OpenAI's encoder: callers append EndOfTextId themselves.
        Assert.Equal(new[] { 27, 91, 437, 1659, 5239, 91, 29 }, Tokenizer.Encode("<|endoftext|>"));
        Assert.Equal("<|endoftext|>", Tokenizer.Decode([50256]));
    }

    [Fact]
    public void Tokenize_spells_tokens_with_byte_level_characters()
    {
        Assert.Equal(["Hello", "\u0120world", "\u010A"], Tokenizer.Tokenize("Hello world\n"));
    }

    [Fact]
    public void Decode_rejects_ids_outside_the_vocabulary()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([15496, 50257]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([-1]));
    }

    [Fact]
    public void Concurrent_encoding_gives_the_same_ids()
    {
        string[] texts = Enumerable.Range(0, 200).Select(i => $"Sentence number {i} with words like tokenization{i % 7} and café{i}.").ToArray();
        int[][] serial = texts.Select(t => Tokenizer.Encode(t).ToArray()).ToArray();
        var parallel = new int[texts.Length][];
        Parallel.For(0, texts.Length, i => parallel[i] = Tokenizer.Encode(texts[i]).ToArray());
        Assert.Equal(serial, parallel);
    }
}
