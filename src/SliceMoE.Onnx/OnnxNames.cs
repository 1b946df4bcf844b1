using System.Globalization;

namespace SliceMoE.Onnx;

/// <summary>The names of the exported graphs' inputs and outputs (docs/onnx.md lists their shapes).</summary>
public static class OnnxNames
{
    /// <summary>Token ids, int64 [batch, n].</summary>
    public const string InputIds = "input_ids";

    /// <summary>Real lengths of right-padded sequences, int64 [batch] (classifier input; the translator's source lengths are <see cref="SourceLengths"/>).</summary>
    public const string Lengths = "lengths";

    /// <summary>Output logits: [batch, classes] (classifier) or [batch, n, vocabulary] (language model, translator decoder).</summary>
    public const string Logits = "logits";

    /// <summary>Translator source ids, int64 [batch, source_length].</summary>
    public const string SourceIds = "source_ids";

    /// <summary>Translator source lengths, int64 [batch].</summary>
    public const string SourceLengths = "source_lengths";

    /// <summary>The translator encoder's final states, float [batch, source_length, d].</summary>
    public const string EncoderStates = "encoder_states";

    /// <summary>Block <paramref name="layer"/>'s cached self-attention keys, float [batch, past, d] (projected, heads side by side).</summary>
    public static string PastKey(int layer) => string.Create(CultureInfo.InvariantCulture, $"past_key_{layer}");

    /// <summary>Block <paramref name="layer"/>'s cached self-attention values, float [batch, past, d].</summary>
    public static string PastValue(int layer) => string.Create(CultureInfo.InvariantCulture, $"past_value_{layer}");

    /// <summary>Block <paramref name="layer"/>'s keys after this call, float [batch, past + n, d]: the next call's past.</summary>
    public static string PresentKey(int layer) => string.Create(CultureInfo.InvariantCulture, $"present_key_{layer}");

    /// <summary>Block <paramref name="layer"/>'s values after this call, float [batch, past + n, d].</summary>
    public static string PresentValue(int layer) => string.Create(CultureInfo.InvariantCulture, $"present_value_{layer}");

    /// <summary>Decoder block <paramref name="layer"/>'s cross-attention keys (the encoder states projected), float [batch, source_length, d].</summary>
    public static string CrossKey(int layer) => string.Create(CultureInfo.InvariantCulture, $"cross_key_{layer}");

    /// <summary>Decoder block <paramref name="layer"/>'s cross-attention values, float [batch, source_length, d].</summary>
    public static string CrossValue(int layer) => string.Create(CultureInfo.InvariantCulture, $"cross_value_{layer}");
}
