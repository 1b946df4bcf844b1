using SliceMoE.Kernels.Gemm;
using SliceMoE.Models;
using SliceMoE.Moe;

namespace SliceMoE.Benchmarks.Suites.Inference;

/// <summary>
/// Our causal LM with its <see cref="DecodingCache{T}"/>: <see cref="CausalLanguageModel{T}.Prefill"/> and
/// <see cref="CausalLanguageModel{T}.Decode"/>, reading the weights as stored ("native", each packed on every call) or
/// pre-packed once (<see cref="WeightPacks"/>: "native-packed" in float32, "native-bf16" in bfloat16).
/// </summary>
public sealed class NativeDecodingEngine : IDecodingEngine
{
    private readonly CausalLanguageModel<float> _model;
    private readonly DecodingCache<float> _cache;

    /// <summary>Caches for <paramref name="batch"/> sequences of up to the model's context, and the weights packed in <paramref name="weights"/> (null: not packed).</summary>
    public NativeDecodingEngine(CausalLanguageModel<float> model, int batch, WeightFormat? weights = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _cache = model.CreateCache(batch, weights);
        Weights = weights;
    }

    /// <summary>The packed weights' format, or null.</summary>
    public WeightFormat? Weights { get; }

    /// <inheritdoc />
    public string Engine => NameOf(Weights);

    /// <summary>The engine name for weights in <paramref name="weights"/>.</summary>
    public static string NameOf(WeightFormat? weights) => weights switch
    {
        null => "native",
        WeightFormat.Float32 => "native-packed",
        _ => "native-bf16",
    };

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
