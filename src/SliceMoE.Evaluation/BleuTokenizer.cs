namespace SliceMoE.Evaluation;

/// <summary>How segments are cut into tokens before n-grams are counted (sacreBLEU's <c>tokenize</c> values).</summary>
public enum BleuTokenizer
{
    /// <summary>sacreBLEU's default "13a" (mteval-v13a) tokenisation, see <see cref="Tokenizer13a"/>.</summary>
    Mteval13a,

    /// <summary>No tokenisation: split on whitespace only (sacreBLEU "none", for pre-tokenised text).</summary>
    None,

    /// <summary>sacreBLEU "intl" (mteval-v14 international): Unicode punctuation and symbols split off, see <see cref="TokenizerIntl"/>.</summary>
    International,

    /// <summary>sacreBLEU "char": every character a token (whitespace dropped), for languages without spaces between words.</summary>
    Character,
}
