namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// The trivial translation baseline: the output is the source sentence, unchanged. Its BLEU measures how much the
/// two languages share verbatim (names, numbers, punctuation, cognates) — the floor any real system must clear.
/// </summary>
public sealed class CopyTranslator : ISentenceTranslator
{
    /// <summary>The one instance (the translator has no state).</summary>
    public static CopyTranslator Instance { get; } = new();

    /// <summary>Returns <paramref name="source"/> itself.</summary>
    public string Translate(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source;
    }
}
