namespace SliceMoE.Text.Embeddings;

/// <summary>What an embedding row gets when its word has no pretrained vector.</summary>
public enum MissingVectorInit
{
    /// <summary>All zeros.</summary>
    Zeros,

    /// <summary>
    /// Normal random values, deterministic per row (<c>new Rng(seed).Fork(row)</c>, so adding a word
    /// to the vocabulary does not change the other rows), with the standard deviation of
    /// <see cref="EmbeddingMatrixOptions.RandomStdDev"/>.
    /// </summary>
    Random,
}
