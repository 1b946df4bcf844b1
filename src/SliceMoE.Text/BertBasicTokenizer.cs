using System.Globalization;
using System.Text;

namespace SliceMoE.Text;

/// <summary>
/// BERT's BasicTokenizer for uncased models (Hugging Face <c>BertTokenizer</c>, <c>do_lower_case=True</c>):
/// drops NUL, U+FFFD and control/format characters (Unicode C*), turns whitespace into spaces, puts
/// spaces around CJK ideographs, splits on whitespace, strips accents (NFD without Mn), lowercases, and
/// makes every punctuation character (Unicode P*, and all non-alphanumeric printable ASCII) a word of its own.
/// </summary>
internal static class BertBasicTokenizer
{
    /// <summary>Appends the words of <paramref name="text"/> to <paramref name="words"/>.</summary>
    public static void Split(string text, List<string> words)
    {
        string cleaned = Clean(text);
        var word = new StringBuilder();
        foreach (string chunk in cleaned.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string normal = LowerStripped(chunk);
            SplitOnPunctuation(normal, word, words);
        }
    }

    /// <summary>Removes what BERT removes, maps whitespace to a space and surrounds CJK ideographs with spaces.</summary>
    private static string Clean(string text)
    {
        var output = new StringBuilder(text.Length + 8);
        foreach (Rune rune in text.EnumerateRunes())
        {
            // EnumerateRunes yields U+FFFD for a lone surrogate, which BERT drops as well (category Cs).
            int cp = rune.Value;
            if (cp is '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator)
            {
                output.Append(' ');
            }
            else if (cp == 0 || cp == 0xFFFD || IsControl(rune))
            {
                continue;
            }
            else if (IsCjk(cp))
            {
                output.Append(' ');
                UnicodeAccents.AppendRune(rune, output);
                output.Append(' ');
            }
            else
            {
                UnicodeAccents.AppendRune(rune, output);
            }
        }

        return output.ToString();
    }

    /// <summary>Accents stripped, then lowercased (the order of Hugging Face's fast BertNormalizer; it equals the slow tokenizer's lower-then-strip, including for 'İ').</summary>
    private static string LowerStripped(string word)
    {
        var stripped = new StringBuilder(word.Length);
        foreach (Rune rune in word.EnumerateRunes())
        {
            UnicodeAccents.AppendStripped(rune, stripped);
        }

        var lower = new StringBuilder(stripped.Length);
        string s = stripped.ToString();
        int i = 0;
        while (i < s.Length)
        {
            Rune.DecodeFromUtf16(s.AsSpan(i), out Rune rune, out int width);
            if (rune.Value == 0x03A3)
            {
                // Python's str.lower() (and Rust's to_lowercase) apply Unicode's Final_Sigma rule.
                lower.Append(IsFinalSigma(s, i, width) ? 'ς' : 'σ');
            }
            else
            {
                UnicodeAccents.AppendRune(Rune.ToLowerInvariant(rune), lower);
            }

            i += width;
        }

        return lower.ToString();
    }

    /// <summary>
    /// Unicode's Final_Sigma condition for the 'Σ' at <paramref name="at"/>: a cased letter before it and
    /// none after it, skipping case-ignorable characters (apostrophes, periods, marks, ...) both ways.
    /// </summary>
    private static bool IsFinalSigma(string s, int at, int width)
    {
        bool casedBefore = false;
        for (int i = at; i > 0;)
        {
            i -= i >= 2 && char.IsLowSurrogate(s[i - 1]) && char.IsHighSurrogate(s[i - 2]) ? 2 : 1;
            Rune r = Rune.GetRuneAt(s, i);
            if (!IsCaseIgnorable(r))
            {
                casedBefore = IsCased(r);
                break;
            }
        }

        if (!casedBefore)
        {
            return false;
        }

        for (int i = at + width; i < s.Length;)
        {
            Rune.DecodeFromUtf16(s.AsSpan(i), out Rune r, out int w);
            if (!IsCaseIgnorable(r))
            {
                return !IsCased(r);
            }

            i += w;
        }

        return true;
    }

    /// <summary>Unicode's Cased property, approximated by the letter case categories or having a case mapping.</summary>
    private static bool IsCased(Rune r) =>
        Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        || Rune.ToUpperInvariant(r) != r || Rune.ToLowerInvariant(r) != r;

    /// <summary>Unicode's Case_Ignorable property: marks, format characters, modifiers, and the word-internal punctuation of Word_Break MidLetter, MidNumLet and Single_Quote.</summary>
    private static bool IsCaseIgnorable(Rune r) =>
        r.Value is '\'' or '.' or ':' or 0x00B7 or 0x0387 or 0x055F or 0x05F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027
            or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A
        || Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;

    private static void SplitOnPunctuation(string text, StringBuilder word, List<string> words)
    {
        word.Clear();
        int i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int width);
            if (IsPunctuation(rune))
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }

                words.Add(text.Substring(i, width));
            }
            else
            {
                word.Append(text.AsSpan(i, width));
            }

            i += width;
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
    }

    /// <summary>BERT's <c>_is_control</c>: any C* category except tab, newline and carriage return (handled as whitespace before).</summary>
    private static bool IsControl(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
        or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;

    /// <summary>BERT's <c>_is_punctuation</c>: printable ASCII that is not a letter or digit, or any P* category.</summary>
    private static bool IsPunctuation(Rune rune)
    {
        int cp = rune.Value;
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>BERT's <c>_is_chinese_char</c>: the CJK Unified Ideographs blocks and their extensions and compatibility forms (not Hiragana, Katakana or Hangul).</summary>
    private static bool IsCjk(int cp) =>
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}
