namespace SliceMoE.Text;

/// <summary>Hugging Face's <c>clean_up_tokenization</c>: re-attaches punctuation and English contractions that decoding separated by a space.</summary>
internal static class DecodeCleanup
{
    private static readonly (string From, string To)[] Replacements =
    [
        (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"),
        (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
    ];

    /// <summary>The text with the replacements applied in Hugging Face's order.</summary>
    public static string Apply(string text)
    {
        foreach ((string from, string to) in Replacements)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }
}
