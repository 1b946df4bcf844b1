using SliceMoE.Text;
using SliceMoE.Text.Embeddings;

namespace SliceMoE.Reproduction.Analysis;

/// <summary>Pretrained (or learned) word vectors, looked up by word: what the Expert Specialisation Score compares.</summary>
public interface IWordVectors
{
    /// <summary>What the vectors are, for the report.</summary>
    string Name { get; }

    /// <summary>Vector width.</summary>
    int Dimension { get; }

    /// <summary>Copies the vector of <paramref name="word"/> into <paramref name="destination"/>; false when there is none.</summary>
    bool TryGet(string word, Span<float> destination);
}

/// <summary>GloVe vectors: the paper's "pre-trained embeddings of these words".</summary>
/// <param name="Glove">The loaded vectors.</param>
public sealed record GloveWordVectors(GloveEmbeddings Glove) : IWordVectors
{
    /// <inheritdoc />
    public string Name => $"GloVe {Glove.Dimension}-d (pretrained)";

    /// <inheritdoc />
    public int Dimension => Glove.Dimension;

    /// <inheritdoc />
    public bool TryGet(string word, Span<float> destination) => Glove.TryGetVector(word, destination);
}

/// <summary>A model's own token-embedding rows: the fallback when no pretrained vectors are available (not the paper's definition).</summary>
/// <param name="Weights">The embedding table [vocabulary, dimension], row-major.</param>
/// <param name="Dim">Row width.</param>
/// <param name="Tokenizer">Maps words to rows.</param>
public sealed record TableWordVectors(float[] Weights, int Dim, ITokenizer Tokenizer) : IWordVectors
{
    /// <inheritdoc />
    public string Name => $"the model's own trained {Dim}-d token embeddings (GloVe not available)";

    /// <inheritdoc />
    public int Dimension => Dim;

    /// <inheritdoc />
    public bool TryGet(string word, Span<float> destination)
    {
        if (Tokenizer.IdOf(word) is not int id)
        {
            return false;
        }

        Weights.AsSpan(id * Dim, Dim).CopyTo(destination);
        return true;
    }
}
