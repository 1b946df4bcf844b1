namespace SliceMoE.Benchmarks.Suites.Inference;

/// <summary>
/// What the inference benchmark times: a causal LM that prefills a batch of prompts into its key/value caches and then
/// decodes one token per sequence per step. Ours and ONNX Runtime's sessions both implement it, so both are timed by the
/// same loop on the same tokens.
/// </summary>
public interface IDecodingEngine : IDisposable
{
    /// <summary>Who runs the model: "native" or "onnxruntime".</summary>
    string Engine { get; }

    /// <summary>Runs B prompts (each of the same length, ids [B][T]) from empty caches; their next-token logits are computed and dropped.</summary>
    void Prefill(int[][] prompts);

    /// <summary>Appends one token per sequence (tokens [B]) and computes the logits [B, V] that follow.</summary>
    void Decode(int[] tokens);

    /// <summary>Forgets every position past <paramref name="length"/>, so that decoding can be timed again from the same prefilled context.</summary>
    void Rewind(int length);
}
