using System.Text;

namespace SliceMoE.Text;

/// <summary>
/// Splits text the way GPT-2's pattern
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c> does in Python's
/// <c>regex</c> module. A hand-written scanner rather than <see cref="System.Text.RegularExpressions.Regex"/>
/// because .NET regexes see UTF-16 units: a letter outside the BMP (e.g. U+1D400) would not match
/// <c>\p{L}</c> there, while GPT-2 sees code points. <c>\s</c> is Unicode White_Space, as in Python;
/// a lone surrogate counts as U+FFFD (it is encoded that way, too).
/// </summary>
internal static class Gpt2PreTokenizer
{
    private enum CharClass
    {
        Letter,
        Number,
        Space,
        Other,
    }

    /// <summary>Appends the range of each piece of <paramref name="text"/> to <paramref name="pieces"/>, in order; the pieces tile the text.</summary>
    public static void Split(ReadOnlySpan<char> text, List<Range> pieces)
    {
        int i = 0;
        while (i < text.Length)
        {
            int end = MatchAt(text, i);
            pieces.Add(new Range(i, end));
            i = end;
        }
    }

    /// <summary>The end of the piece that starts at <paramref name="start"/>.</summary>
    private static int MatchAt(ReadOnlySpan<char> text, int start)
    {
        int contraction = ContractionLength(text, start);
        if (contraction > 0)
        {
            return start + contraction;
        }

        (CharClass cls, int width) = ClassAt(text, start);
        if (cls != CharClass.Space)
        {
            return RunEnd(text, start + width, cls);
        }

        // ' ?X+' : a single ASCII space may lead a run of letters, numbers or other symbols.
        if (text[start] == ' ' && start + 1 < text.Length)
        {
            (CharClass next, int nextWidth) = ClassAt(text, start + 1);
            if (next != CharClass.Space)
            {
                return RunEnd(text, start + 1 + nextWidth, next);
            }
        }

        // '\s+(?!\S)' : a whitespace run, less its last character when a non-space follows (that
        // character then leads the next word); '\s+' when the run is a single character.
        int runEnd = start;
        int lastStart = start;
        while (runEnd < text.Length)
        {
            (CharClass c, int w) = ClassAt(text, runEnd);
            if (c != CharClass.Space)
            {
                break;
            }

            lastStart = runEnd;
            runEnd += w;
        }

        return runEnd == text.Length || lastStart == start ? runEnd : lastStart;
    }

    private static int RunEnd(ReadOnlySpan<char> text, int from, CharClass cls)
    {
        int i = from;
        while (i < text.Length)
        {
            (CharClass c, int w) = ClassAt(text, i);
            if (c != cls)
            {
                break;
            }

            i += w;
        }

        return i;
    }

    /// <summary>Length of <c>'s|'t|'re|'ve|'m|'ll|'d</c> at <paramref name="i"/> (case-sensitive, ASCII apostrophe), or 0.</summary>
    private static int ContractionLength(ReadOnlySpan<char> text, int i)
    {
        if (text[i] != '\'' || i + 1 >= text.Length)
        {
            return 0;
        }

        char a = text[i + 1];
        if (a is 's' or 't' or 'm' or 'd')
        {
            return 2;
        }

        if (i + 2 < text.Length)
        {
            char b = text[i + 2];
            if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
            {
                return 3;
            }
        }

        return 0;
    }

    private static (CharClass Class, int Width) ClassAt(ReadOnlySpan<char> text, int i)
    {
        char c = text[i];
        if (c < 0x80)
        {
            // ASCII fast path: same answers as the Unicode tables below.
            CharClass ascii = char.IsAsciiLetter(c) ? CharClass.Letter
                : char.IsAsciiDigit(c) ? CharClass.Number
                : c is ' ' or (>= '\t' and <= '\r') ? CharClass.Space
                : CharClass.Other;
            return (ascii, 1);
        }

        // A lone surrogate decodes to U+FFFD (a symbol: Other) with width 1.
        Rune.DecodeFromUtf16(text[i..], out Rune rune, out int width);
        if (Rune.IsWhiteSpace(rune))
        {
            return (CharClass.Space, width);
        }

        CharClass cls = Rune.GetUnicodeCategory(rune) switch
        {
            System.Globalization.UnicodeCategory.UppercaseLetter
                or System.Globalization.UnicodeCategory.LowercaseLetter
                or System.Globalization.UnicodeCategory.TitlecaseLetter
                or System.Globalization.UnicodeCategory.ModifierLetter
                or System.Globalization.UnicodeCategory.OtherLetter => CharClass.Letter,
            System.Globalization.UnicodeCategory.DecimalDigitNumber
                or System.Globalization.UnicodeCategory.LetterNumber
                or System.Globalization.UnicodeCategory.OtherNumber => CharClass.Number,
            _ => CharClass.Other,
        };
        return (cls, width);
    }
}
