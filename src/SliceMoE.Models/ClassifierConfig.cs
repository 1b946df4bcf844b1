namespace SliceMoE.Models;

/// <summary>How an encoder's token states become one vector per sequence.</summary>
public enum Pooling
{
    /// <summary>Mean over the real (unpadded) tokens.</summary>
    Mean,

    /// <summary>The first token's state ([CLS]).</summary>
    First,
}

/// <summary>Shape of an encoder classifier.</summary>
/// <param name="Vocabulary">Token vocabulary size.</param>
/// <param name="EmbeddingDim">Token embedding width (e.g. 100 for GloVe); projected to <paramref name="Dim"/> when different.</param>
/// <param name="Dim">Model width d.</param>
/// <param name="Layers">Encoder blocks.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="MaxLength">Longest sequence.</param>
/// <param name="Classes">Output classes.</param>
/// <param name="FeedForward">Every block's FFN slot.</param>
/// <param name="Dropout">Residual and embedding dropout.</param>
/// <param name="Pooling">Sequence pooling.</param>
/// <param name="FreezeEncoder">The paper's protocol: only the FFN slots (the MoE layers) and the head train; embeddings, attention and norms stay fixed.</param>
/// <param name="FreezeEmbeddings">Keep the token embedding fixed (pretrained vectors) even when the encoder trains.</param>
public sealed record ClassifierConfig(
    int Vocabulary, int EmbeddingDim, int Dim, int Layers, int Heads, int MaxLength, int Classes, FeedForwardSpec FeedForward,
    double Dropout = 0.1, Pooling Pooling = Pooling.Mean, bool FreezeEncoder = false, bool FreezeEmbeddings = false);
