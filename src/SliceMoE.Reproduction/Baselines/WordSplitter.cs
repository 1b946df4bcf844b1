using System.Globalization;
using System.Text;

namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// Splits a sentence into words roughly as BLEU's 13a tokenizer would, so the word-by-word translator learns and
/// emits the units BLEU later counts: whitespace separates words; '.' and ',' become words of their own unless
/// they sit between two digits (3.14, 1,000 stay whole); '-' is split off after a digit (1990-2000) but kept inside
/// words (state-of-the-art), as is the apostrophe (don't); every other punctuation or symbol character (the ASCII
/// ones 13a splits, and, unlike 13a, also non-ASCII ones such as „ “ « » –) is a word of its own.
/// Lowercasing (invariant culture) is optional so that copied words can keep their case.
/// </summary>
public static class WordSplitter
{
    /// <summary>The words of <paramref name="text"/>, in order; lowercased when <paramref name="lowercase"/>.</summary>
    public static IReadOnlyList<string> Split(string text, bool lowercase = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(lowercase ? current.ToString().ToLowerInvariant() : current.ToString());
                current.Clear();
            }
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                Flush();
            }
            else if (char.IsSurrogate(c))
            {
                // Keep surrogate pairs (emoji, rare scripts) whole and inside the word.
                current.Append(c);
            }
            else if (StandsAlone(text, i))
            {
                Flush();
                words.Add(c.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return words;
    }

    private static bool StandsAlone(string text, int i)
    {
        char c = text[i];
        bool digitBefore = i > 0 && char.IsAsciiDigit(text[i - 1]);
        bool digitAfter = i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
        return c switch
        {
            '.' or ',' => !(digitBefore && digitAfter),
            '-' => digitBefore,
            '\'' or '\u2019' => false,
            _ => char.IsPunctuation(c) || char.IsSymbol(c),
        };
    }
}
