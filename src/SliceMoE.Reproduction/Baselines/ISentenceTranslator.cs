namespace SliceMoE.Reproduction.Baselines;

/// <summary>A sentence-level translation system, as the translation baselines are compared.</summary>
public interface ISentenceTranslator
{
    /// <summary>The translation of one source sentence.</summary>
    string Translate(string source);
}
