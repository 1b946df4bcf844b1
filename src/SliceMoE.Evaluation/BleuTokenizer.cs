namespace SliceMoE.Evaluation;

/// <summary>How segments are cut into tokens before n-grams are counted.</summary>
public enum BleuTokenizer
{
    /// <summary>sacreBLEU's default "13a" (mteval-v13a) tokenisation, see <see cref="Tokenizer13a"/>.</summary>
    Mteval13a,

    /// <summary>No tokenisation: split on whitespace only (sacreBLEU "none", for pre-tokenised text).</summary>
    None,
}
