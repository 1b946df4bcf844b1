using SliceMoE.Models;
using SliceMoE.Onnx.Runtime;

namespace SliceMoE.Benchmarks.Suites.Inference;

/// <summary>
/// The same causal LM exported to ONNX (one graph with the key/value caches as inputs and outputs) and run by ONNX
/// Runtime's CPU execution provider: a prefill is one graph call on the prompts, a decoding step one call on one token
/// per sequence with the last call's caches.
/// </summary>
public sealed class OnnxRuntimeDecodingEngine : IDecodingEngine
{
    private readonly OnnxLanguageModelSession _session;
    private OnnxDecodingCache? _prefilled;
    private OnnxDecodingCache? _cache;

    /// <summary>
    /// Exports <paramref name="model"/> and opens it in ONNX Runtime without its CPU memory arena: with the arena, the
    /// three sessions of one shape kept the buffers of a B = 32, T = 512 prefill (logits alone are B·T·V floats) and ran
    /// a 24 GB machine out of memory.
    /// </summary>
    /// <exception cref="NotSupportedException">For a router that cannot decode step by step (it ranks tokens against each other).</exception>
    public OnnxRuntimeDecodingEngine(CausalLanguageModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _session = OnnxLanguageModelSession.Create(model, memoryArena: false);
    }

    /// <inheritdoc />
    public string Engine => "onnxruntime";

    /// <inheritdoc />
    public void Prefill(int[][] prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        int length = prompts[0].Length;
        var ids = new int[prompts.Length * length];
        for (int b = 0; b < prompts.Length; b++)
        {
            prompts[b].CopyTo(ids, b * length);
        }

        (_, _prefilled) = _session.Prefill(ids, prompts.Length, length);
        _cache = _prefilled;
    }

    /// <inheritdoc />
    public void Decode(int[] tokens) => (_, _cache) = _session.Decode(tokens, _cache ?? throw new InvalidOperationException("Prefill first."));

    /// <inheritdoc />
    /// <remarks>The graph's caches are immutable tensors: rewinding to the prefill's length takes the prefill's caches back.</remarks>
    public void Rewind(int length)
    {
        if (_prefilled is null || length != _prefilled.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"ONNX Runtime's caches rewind only to the prefill's length ({_prefilled?.Length}).");
        }

        _cache = _prefilled;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
