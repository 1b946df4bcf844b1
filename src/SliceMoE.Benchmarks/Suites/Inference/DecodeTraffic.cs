using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Moe;

namespace SliceMoE.Benchmarks.Suites.Inference;

/// <summary>
/// What one prefill or one decoding step of a causal LM must move and compute, counted analytically from the model:
/// the roofline that its measured tokens/s are set against. Bytes are float32 weights read once per call (each expert
/// only if a row was routed to it) plus the key/value caches read and written; activations are left out (at these sizes
/// they stay in cache). FLOPs are the matrix multiplies.
/// </summary>
public sealed class DecodeTraffic
{
    private const int FloatBytes = sizeof(float);
    private readonly CausalLanguageModel<float> _model;

    /// <summary>The model's counts.</summary>
    public DecodeTraffic(CausalLanguageModel<float> model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        var block = model.Decoder.Blocks[0].FeedForward;
        FeedForwardFlopsPerToken = block.FlopsPerToken;
        if (block is MoeLayer<float> moe)
        {
            Experts = moe.Config.Experts;
            ParametersPerExpert = ExpertParameters(moe.Experts);
        }
    }

    /// <summary>Experts per MoE layer (0 for a dense FFN).</summary>
    public int Experts { get; }

    /// <summary>Parameters of one expert (both layers with their biases).</summary>
    public long ParametersPerExpert { get; }

    /// <summary>The FFN's forward FLOPs per token (router included).</summary>
    public double FeedForwardFlopsPerToken { get; }

    /// <summary>
    /// Bytes a decoding step of <paramref name="batch"/> sequences at context <paramref name="context"/> moves: every
    /// weight except the position table (one row per sequence), of each MoE layer's experts only the share
    /// <paramref name="touchedExperts"/> that rows were routed to, and per block the cache's keys and values of the
    /// context read and the new token's written.
    /// </summary>
    /// <param name="batch">Sequences.</param>
    /// <param name="context">Keys each already holds.</param>
    /// <param name="touchedExperts">Share of each MoE layer's experts the step reaches.</param>
    /// <param name="weightBytes">Bytes per weight: 4 (float32) or 2 (bfloat16 packs, which hold every weight matrix; the vectors, a small share, are counted at 2 too).</param>
    public double DecodeBytes(int batch, double context, double touchedExperts, int weightBytes = FloatBytes)
    {
        var c = _model.Config;
        double weights = _model.Store.Length - ((double)c.MaxLength * c.Dim) + ((double)batch * c.Dim);
        weights -= c.Layers * (1 - touchedExperts) * Experts * ParametersPerExpert;
        double cache = c.Layers * 2.0 * c.Dim * batch * (context + 1);
        return (weightBytes * weights) + (FloatBytes * cache);
    }

    /// <summary>Bytes a prefill of B prompts of T tokens moves: every weight once (B·T·S·k rows reach every expert), the position rows, and the caches written.</summary>
    public double PrefillBytes(int batch, int length)
    {
        var c = _model.Config;
        double weights = _model.Store.Length - ((double)(c.MaxLength - length) * c.Dim);
        double cache = c.Layers * 2.0 * c.Dim * batch * length;
        return FloatBytes * (weights + cache);
    }

    /// <summary>Forward FLOPs of one decoded token at context <paramref name="context"/> (it attends to context + 1 keys), output logits included.</summary>
    public double DecodeFlopsPerToken(double context) => BlockFlops(context + 1) + OutputFlops;

    /// <summary>Forward FLOPs per prompt token of a prefill of T tokens: causal attention over (T + 1) / 2 keys on average, logits for the last position only.</summary>
    public double PrefillFlopsPerToken(int length) => BlockFlops((length + 1) / 2.0) + (OutputFlops / length);

    private double OutputFlops => 2.0 * _model.Config.Dim * _model.Config.Vocabulary;

    /// <summary>L · (8d² attention projections + 4·keys·d scores and values + the FFN's).</summary>
    private double BlockFlops(double keys)
    {
        var c = _model.Config;
        return c.Layers * ((8.0 * c.Dim * c.Dim) + (4.0 * keys * c.Dim) + FeedForwardFlopsPerToken);
    }

    private static long ExpertParameters(FeedForwardBank<float> bank) => (2L * bank.Width * bank.Hidden) + bank.Hidden + bank.Width;
}
