using System.Globalization;
using System.Text;

namespace SliceMoE.Evaluation;

/// <summary>
/// sacreBLEU's "intl" tokenizer (<c>TokenizerV14International</c>, after mteval-v14.pl's international tokenisation),
/// step by step on Unicode code points, as Python's <c>regex</c> module sees them:
/// <list type="number">
/// <item><c>(\P{N})(\p{P})</c> → <c>'\1 \2 '</c>: a punctuation mark after a non-number is spaced out;</item>
/// <item><c>(\p{P})(\P{N})</c> → <c>' \1 \2'</c>: a punctuation mark before a non-number is spaced out;</item>
/// <item><c>(\p{S})</c> → <c>' \1 '</c>: every symbol is spaced out;</item>
/// <item>runs of (Python) whitespace collapse to one space.</item>
/// </list>
/// Each substitution scans left to right without overlap, as <c>re.sub</c> does, so "a.." spaces out only the first
/// period in step 1. A number followed by a final period keeps it ("in 1999."), as mteval-v14 does. Code points, not
/// UTF-16 units, are classified, so a symbol outside the Basic Multilingual Plane (an emoji) is one symbol.
/// </summary>
public static class TokenizerIntl
{
    /// <summary>Tokenises one segment; tokens are separated by single spaces.</summary>
    public static string Tokenize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var runes = Runes(line);
        runes = Pairs(runes, (a, b) => !IsNumber(a) && IsPunctuation(b), (a, b) => [a, Space, b, Space]);
        runes = Pairs(runes, (a, b) => IsPunctuation(a) && !IsNumber(b), (a, b) => [Space, a, Space, b]);
        var spaced = new List<Rune>(runes.Count * 2);
        foreach (var r in runes)
        {
            if (IsSymbol(r))
            {
                spaced.AddRange([Space, r, Space]);
            }
            else
            {
                spaced.Add(r);
            }
        }

        var text = new StringBuilder(spaced.Count);
        foreach (var r in spaced)
        {
            text.Append(r.ToString());
        }

        return string.Join(' ', PythonText.Split(text.ToString()));
    }

    private static readonly Rune Space = new(' ');

    private static List<Rune> Runes(string s)
    {
        var runes = new List<Rune>(s.Length);
        foreach (var r in s.EnumerateRunes())
        {
            runes.Add(r);
        }

        return runes;
    }

    /// <summary>One left-to-right, non-overlapping pass of a two-character pattern.</summary>
    private static List<Rune> Pairs(List<Rune> runes, Func<Rune, Rune, bool> matches, Func<Rune, Rune, Rune[]> replace)
    {
        var result = new List<Rune>(runes.Count + 16);
        int i = 0;
        while (i < runes.Count)
        {
            if (i + 1 < runes.Count && matches(runes[i], runes[i + 1]))
            {
                result.AddRange(replace(runes[i], runes[i + 1]));
                i += 2;
            }
            else
            {
                result.Add(runes[i]);
                i++;
            }
        }

        return result;
    }

    private static bool IsNumber(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    private static bool IsPunctuation(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
        or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
        or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    private static bool IsSymbol(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
        or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol;
}
