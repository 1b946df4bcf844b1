using System.Text.RegularExpressions;

namespace SliceMoE.Evaluation;

/// <summary>
/// sacreBLEU's default "13a" tokenizer (the mteval-v13a.pl tokenisation used for WMT), reproduced step by step
/// from sacreBLEU's <c>tokenizer_13a.py</c> and <c>tokenizer_re.py</c>:
/// <list type="number">
/// <item>remove "&lt;skipped&gt;", join "-\n" line breaks, turn "\n" into a space, unescape &amp;quot; &amp;amp; &amp;lt; &amp;gt; (in that order);</item>
/// <item>pad with a space on each side;</item>
/// <item>space out every character in { | } ~ [ \ ] ^ _ ` space ! " # $ % &amp; ( ) * + : ; &lt; = &gt; ? @ /;</item>
/// <item>space out . and , unless preceded by a digit, then unless followed by a digit (so 3.14 and 1,000 stay whole);</item>
/// <item>space out - when preceded by a digit;</item>
/// <item>collapse runs of (Python) whitespace to one space and trim.</item>
/// </list>
/// The regular expressions are sacreBLEU's own, applied with the same left-to-right, non-overlapping
/// replacement semantics.
/// </summary>
public static partial class Tokenizer13a
{
    /// <summary>Tokenises one segment; tokens are separated by single spaces.</summary>
    public static string Tokenize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.Replace("<skipped>", string.Empty, StringComparison.Ordinal)
            .Replace("-\n", string.Empty, StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal)
            .Replace("&quot;", "\"", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal)
            .Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal);
        line = " " + line + " ";
        line = Punctuation().Replace(line, " $1 ");
        line = PeriodCommaAfterNonDigit().Replace(line, "$1 $2 ");
        line = PeriodCommaBeforeNonDigit().Replace(line, " $1 $2");
        line = DashAfterDigit().Replace(line, "$1 $2 ");
        return string.Join(' ', PythonText.Split(line));
    }

    // sacreBLEU: ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> ' \1 ', i.e. the ranges {-~, [-`, space-&, (-+, :-@ and '/'.
    [GeneratedRegex(@"([\u007B-\u007E\u005B-\u0060\u0020-\u0026\u0028-\u002B\u003A-\u0040/])", RegexOptions.CultureInvariant)]
    private static partial Regex Punctuation();

    // sacreBLEU: ([^0-9])([\.,]) -> '\1 \2 '
    [GeneratedRegex(@"([^0-9])([.,])", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodCommaAfterNonDigit();

    // sacreBLEU: ([\.,])([^0-9]) -> ' \1 \2'
    [GeneratedRegex(@"([.,])([^0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodCommaBeforeNonDigit();

    // sacreBLEU: ([0-9])(-) -> '\1 \2 '
    [GeneratedRegex(@"([0-9])(-)", RegexOptions.CultureInvariant)]
    private static partial Regex DashAfterDigit();
}
