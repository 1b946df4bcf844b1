using SliceMoE.Reporting;

namespace SliceMoE.Tests.Reporting;

public class XmlTextTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a<b>&c", "a&lt;b&gt;&amp;c")]
    [InlineData("\"q\" 'a'", "&quot;q&quot; &#39;a&#39;")]
    [InlineData("tab\tnew\nline", "tab\tnew\nline")]
    [InlineData("bell\u0007", "bell\uFFFD")]
    [InlineData("pair\uD83D\uDE00", "pair\uD83D\uDE00")]
    [InlineData("", "")]
    public void Escapes_markup_and_replaces_what_xml_cannot_hold(string input, string expected)
    {
        Assert.Equal(expected, XmlText.Escape(input));
    }

    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character()
    {
        // Built in code: theory data would mangle a lone surrogate before the test sees it.
        Assert.Equal("lone\uFFFD!", XmlText.Escape("lone" + (char)0xD800 + "!"));
        Assert.Equal("\uFFFDx", XmlText.Escape((char)0xDC00 + "x"));
    }
}
