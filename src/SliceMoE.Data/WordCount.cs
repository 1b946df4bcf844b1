namespace SliceMoE.Data;

/// <summary>Counts whitespace-separated words, the unit in which corpora sizes are reported.</summary>
public static class WordCount
{
    /// <summary>Number of maximal runs of non-whitespace characters in <paramref name="text"/>.</summary>
    public static int Of(ReadOnlySpan<char> text)
    {
        int words = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            bool space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                words++;
            }

            inWord = !space;
        }

        return words;
    }
}
