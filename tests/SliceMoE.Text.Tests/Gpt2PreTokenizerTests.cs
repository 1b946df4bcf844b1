using SliceMoE.Text;

namespace SliceMoE.Tests.Text;

public sealed class Gpt2PreTokenizerTests
{
    private static string[] Split(string text)
    {
        var ranges = new List<Range>();
        Gpt2PreTokenizer.Split(text, ranges);
        return ranges.Select(r => text[r]).ToArray();
    }

    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("a  b", new[] { "a", " ", " b" })]
    [InlineData("a   ", new[] { "a", "   " })]
    [InlineData("a\n\n b", new[] { "a", "\n\n", " b" })]
    [InlineData("x\ty", new[] { "x", "\t", "y" })]
    [InlineData("I'm we'll 'S", new[] { "I", "'m", " we", "'ll", " '", "S" })]
    [InlineData("abc123!?", new[] { "abc", "123", "!?" })]
    [InlineData(" 42 ... ok", new[] { " 42", " ...", " ok" })]
    public void Splits_like_the_gpt2_pattern(string text, string[] expected) => Assert.Equal(expected, Split(text));

    [Fact]
    public void Letters_outside_the_basic_plane_are_letters()
    {
        // .NET's Regex would see two surrogates here; GPT-2 (Python) sees one letter U+1D400.
        Assert.Equal(["ab\U0001D400c", " \U0001D7D9\U0001D7DA"], Split("ab\U0001D400c \U0001D7D9\U0001D7DA"));
    }

    [Fact]
    public void Pieces_tile_the_text()
    {
        const string text = " \u3000 mixed\u00a0spaces\r\n\r\nand 😀😀 emoji\u0085";
        Assert.Equal(text, string.Concat(Split(text)));
    }
}
