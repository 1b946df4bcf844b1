using System.Globalization;
using System.Text;

namespace SliceMoE.Evaluation;

/// <summary>
/// Python's <c>str.split()</c>, <c>str.rstrip()</c> (no arguments) and <c>str.lower()</c>, which sacreBLEU uses.
/// Python's whitespace is .NET's <see cref="char.IsWhiteSpace(char)"/> plus U+001C..U+001F (the
/// file/group/record/unit separators); using .NET's set alone would make a few rare inputs tokenise differently.
/// </summary>
internal static class PythonText
{
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || (c >= '\u001C' && c <= '\u001F');

    public static string RStrip(string s)
    {
        int end = s.Length;
        while (end > 0 && IsSpace(s[end - 1]))
        {
            end--;
        }

        return end == s.Length ? s : s[..end];
    }

    /// <summary>
    /// Python's <c>str.lower()</c>: the full lowercase mapping of every code point, which differs from .NET's simple one
    /// in two places. U+0130 (İ) becomes "i" + U+0307 (two code points), and a capital sigma becomes the final form ς
    /// where Unicode's Final_Sigma condition holds (a cased letter before it, skipping case-ignorable characters, and
    /// none after it), as in "ΟΔΟΣ" → "οδος". Cased here is Lu, Ll or Lt; case-ignorable is Mn, Me, Cf, Lm, Sk or one of
    /// the word-internal punctuation marks (' . : · ’ and their kin): Unicode's properties, less the few Other_Lowercase
    /// letters of category Lm/So, which no text here has.
    /// </summary>
    public static string Lower(string s)
    {
        var runes = new List<Rune>(s.Length);
        foreach (var r in s.EnumerateRunes())
        {
            runes.Add(r);
        }

        var result = new StringBuilder(s.Length);
        for (int i = 0; i < runes.Count; i++)
        {
            var r = runes[i];
            if (r.Value == 0x0130)
            {
                result.Append("i\u0307");
            }
            else if (r.Value == 0x03A3)
            {
                result.Append(IsFinalSigma(runes, i) ? '\u03C2' : '\u03C3');
            }
            else
            {
                result.Append(Rune.ToLowerInvariant(r).ToString());
            }
        }

        return result.ToString();
    }

    public static List<string> Split(string s)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            int start = i;
            while (i < s.Length && !IsSpace(s[i]))
            {
                i++;
            }

            if (i > start)
            {
                tokens.Add(s[start..i]);
            }
        }

        return tokens;
    }

    private static bool IsFinalSigma(List<Rune> runes, int i)
    {
        int j = i - 1;
        while (j >= 0 && IsCaseIgnorable(runes[j]))
        {
            j--;
        }

        if (j < 0 || !IsCased(runes[j]))
        {
            return false;
        }

        j = i + 1;
        while (j < runes.Count && IsCaseIgnorable(runes[j]))
        {
            j++;
        }

        return j == runes.Count || !IsCased(runes[j]);
    }

    private static bool IsCased(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(Rune r) =>
        Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol
        || r.Value is 0x0027 or 0x002E or 0x003A or 0x00B7 or 0x0387 or 0x055F or 0x05F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;
}
