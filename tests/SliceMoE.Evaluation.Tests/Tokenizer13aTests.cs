using SliceMoE.Evaluation;

namespace SliceMoE.Tests.Evaluation;

/// <summary>
/// sacreBLEU's 13a tokenisation. Expected outputs are derived by hand from the rules in sacreBLEU's
/// tokenizer_13a.py / tokenizer_re.py; the first two are also the cases of the sacrebleu-rs port's tests.
/// </summary>
public class Tokenizer13aTests
{
    [Theory]
    [InlineData("Hello, &quot;World!<skipped>", "Hello , \" World !")]
    [InlineData("/usr/sbin/sendmail - 0 errors, 12 warnings", "/ usr / sbin / sendmail - 0 errors , 12 warnings")]
    [InlineData("The dog bit the man.", "The dog bit the man .")]
    [InlineData("It wasn't surprising.", "It wasn't surprising .")] // the apostrophe is not split
    [InlineData("pi is 3.14, about 1,000 times", "pi is 3.14 , about 1,000 times")] // digits keep . and , inside
    [InlineData("U.S.", "U . S .")]
    [InlineData("5-6 and a-b", "5 - 6 and a-b")] // a dash is split only after a digit
    [InlineData("$5.00, 10% (net)", "$ 5.00 , 10 % ( net )")]
    [InlineData("x{y}|z~[a]^_`b", "x { y } | z ~ [ a ] ^ _ ` b")]
    [InlineData("a<b>=c@d:e;f?g!h#i&j*k+l/m\"n", "a < b > = c @ d : e ; f ? g ! h # i & j * k + l / m \" n")]
    [InlineData("&lt;tag&gt; &amp; co", "< tag > & co")]
    [InlineData("&amp;quot;", "& quot ;")] // entities are replaced once, in sacreBLEU's order
    [InlineData("well-\nknown\nline", "wellknown line")]
    [InlineData("  spaced \t out  ", "spaced out")]
    [InlineData("", "")]
    [InlineData("“Curly” — dash…", "“Curly” — dash…")] // non-ASCII punctuation is left alone
    [InlineData("end.", "end .")]
    [InlineData("1.", "1 .")]
    [InlineData(".5", ". 5")]
    public void Tokenizes_like_sacrebleu(string input, string expected)
    {
        Assert.Equal(expected, Tokenizer13a.Tokenize(input));
    }

    [Fact]
    public void Python_whitespace_includes_the_information_separators()
    {
        // Python's str.split() splits on U+001C..U+001F; .NET's char.IsWhiteSpace does not.
        Assert.Equal("a b", Tokenizer13a.Tokenize("a\u001Fb"));
        Assert.Equal("a b", Tokenizer13a.Tokenize("a\u00A0b"));
    }
}
