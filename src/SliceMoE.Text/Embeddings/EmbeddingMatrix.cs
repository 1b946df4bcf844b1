using SliceMoE.Tensors;

namespace SliceMoE.Text.Embeddings;

/// <summary>
/// An embedding table for a vocabulary, filled from pretrained vectors: row <c>i</c> is the vector of
/// vocabulary entry <c>i</c>, or the chosen initialisation when the entry has none. Owns
/// <see cref="Weights"/>; dispose it (or take the tensor and dispose that) when done.
/// </summary>
public sealed class EmbeddingMatrix : IDisposable
{
    internal EmbeddingMatrix(Tensor<float> weights, bool[] found, string[] missing, int lookedUp)
    {
        Weights = weights;
        Found = found;
        FoundCount = found.Count(f => f);
        Missing = missing;
        LookedUp = lookedUp;
    }

    /// <summary>The table, shape <c>[vocabulary, dimension]</c>.</summary>
    public Tensor<float> Weights { get; }

    /// <summary>Per row, whether a pretrained vector was found.</summary>
    public IReadOnlyList<bool> Found { get; }

    /// <summary>Number of rows with a pretrained vector.</summary>
    public int FoundCount { get; }

    /// <summary>Number of rows that were looked up (all but the forced-zero rows, such as padding).</summary>
    public int LookedUp { get; }

    /// <summary><see cref="FoundCount"/> / <see cref="LookedUp"/>: the share of the vocabulary with a pretrained vector (0 when nothing was looked up).</summary>
    public double Coverage => LookedUp == 0 ? 0 : FoundCount / (double)LookedUp;

    /// <summary>The vocabulary entries that were looked up and not found, in row order.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Disposes <see cref="Weights"/>.</summary>
    public void Dispose() => Weights.Dispose();
}
