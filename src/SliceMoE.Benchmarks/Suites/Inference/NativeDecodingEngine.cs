using SliceMoE.Models;
using SliceMoE.Moe;

namespace SliceMoE.Benchmarks.Suites.Inference;

/// <summary>Our causal LM with its <see cref="DecodingCache{T}"/>: <see cref="CausalLanguageModel{T}.Prefill"/> and <see cref="CausalLanguageModel{T}.Decode"/>.</summary>
public sealed class NativeDecodingEngine : IDecodingEngine
{
    private readonly CausalLanguageModel<float> _model;
    private readonly DecodingCache<float> _cache;

    /// <summary>Caches for <paramref name="batch"/> sequences of up to the model's context.</summary>
    public NativeDecodingEngine(CausalLanguageModel<float> model, int batch)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _cache = model.CreateCache(batch);
    }

    /// <inheritdoc />
    public string Engine => "native";

    /// <inheritdoc />
    public void Prefill(int[][] prompts)
    {
        Array.Clear(_cache.Lengths);
        _model.Prefill(prompts, _cache);
    }

    /// <inheritdoc />
    public void Decode(int[] tokens) => _model.Decode(tokens, _cache);

    /// <inheritdoc />
    public void Rewind(int length) => Array.Fill(_cache.Lengths, length);

    /// <summary>
    /// Per block, the experts the last forward sent at least one row to (all of them for a dense FFN: -1 then): what a
    /// decoding step read of the expert weights.
    /// </summary>
    public int[] TouchedExperts() => _model.Decoder.Blocks.Select(b => b.FeedForward is MoeLayer<float> moe ? Touched(moe.Plan.ExpertOffsets) : -1).ToArray();

    /// <inheritdoc />
    public void Dispose() => _cache.Dispose();

    private static int Touched(ReadOnlySpan<int> offsets)
    {
        int n = 0;
        for (int e = 0; e + 1 < offsets.Length; e++)
        {
            n += offsets[e + 1] > offsets[e] ? 1 : 0;
        }

        return n;
    }
}
