namespace SliceMoE.Models;

/// <summary>Shape of a decoder-only language model (tied input and output embeddings).</summary>
/// <param name="Vocabulary">Vocabulary size.</param>
/// <param name="Dim">Model width d.</param>
/// <param name="Layers">Blocks.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="MaxLength">Context length.</param>
/// <param name="FeedForward">Every block's FFN slot.</param>
/// <param name="Dropout">Residual and embedding dropout.</param>
public sealed record LanguageModelConfig(int Vocabulary, int Dim, int Layers, int Heads, int MaxLength, FeedForwardSpec FeedForward, double Dropout = 0.1);

/// <summary>Shape of an encoder-decoder translation model (one joint vocabulary; encoder input, decoder input and output embeddings tied).</summary>
/// <param name="Vocabulary">Joint vocabulary size.</param>
/// <param name="Dim">Model width d.</param>
/// <param name="EncoderLayers">Encoder blocks.</param>
/// <param name="DecoderLayers">Decoder blocks.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="MaxLength">Longest source or target sequence.</param>
/// <param name="FeedForward">Every block's FFN slot.</param>
/// <param name="Dropout">Residual and embedding dropout.</param>
public sealed record TranslationConfig(int Vocabulary, int Dim, int EncoderLayers, int DecoderLayers, int Heads, int MaxLength, FeedForwardSpec FeedForward, double Dropout = 0.1);
