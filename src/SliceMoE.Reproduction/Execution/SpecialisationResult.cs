namespace SliceMoE.Reproduction.Execution;

/// <summary>
/// What the experts of one MoE layer specialised in (the paper's Interpretability paragraph): the Expert Specialisation
/// Score per expert, each expert's words, and a PCA of the slice vectors it processed.
/// </summary>
/// <param name="WordVectors">Where the word vectors came from (GloVe, or the model's own embeddings).</param>
/// <param name="Layer">The MoE layer analysed (0 = closest to the embeddings).</param>
/// <param name="Tokens">Token occurrences routed.</param>
/// <param name="MeanEss">Mean ESS over experts with at least one scored word.</param>
/// <param name="SdEss">Standard deviation of ESS over those experts.</param>
/// <param name="BaselineEss">The same score for the whole layer taken as one expert (its top words against the centroid of everything): what no specialisation gives.</param>
/// <param name="Experts">Per expert.</param>
/// <param name="Pca">Slice vectors of the most loaded experts, projected on the first two principal components of them all.</param>
/// <param name="PcaExplained">Share of variance of PC1 and PC2.</param>
public sealed record SpecialisationResult(
    string WordVectors, int Layer, int Tokens, double MeanEss, double SdEss, double BaselineEss, IReadOnlyList<ExpertWords> Experts, IReadOnlyList<PcaPoint> Pca, IReadOnlyList<double> PcaExplained);

/// <summary>One expert's words and score.</summary>
/// <param name="Expert">Expert index.</param>
/// <param name="Load">Share of the layer's slice assignments it received.</param>
/// <param name="Occurrences">Token occurrences predominantly routed to it.</param>
/// <param name="Ess">Mean cosine of its top words' vectors to the centroid of the words of the slices it processed (NaN without scored words).</param>
/// <param name="TopWords">Its most frequent words (those with vectors), most frequent first.</param>
/// <param name="DistinctiveWords">Words most over-represented among its occurrences relative to all occurrences (at least 5 occurrences).</param>
public sealed record ExpertWords(int Expert, double Load, int Occurrences, double Ess, IReadOnlyList<string> TopWords, IReadOnlyList<string> DistinctiveWords);

/// <summary>A slice vector in PCA coordinates.</summary>
/// <param name="Expert">The expert that processed it.</param>
/// <param name="X">PC1.</param>
/// <param name="Y">PC2.</param>
public sealed record PcaPoint(int Expert, double X, double Y);
