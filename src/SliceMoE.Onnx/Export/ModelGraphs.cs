using Onnx;
using SliceMoE.Models;
using SliceMoE.Onnx.Graph;

namespace SliceMoE.Onnx.Export;

/// <summary>The parts the model graphs share: pooling, the cached decoder body, the tied output layer.</summary>
internal static class ModelGraphs
{
    private const TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;
    private const TensorProto.Types.DataType I64 = TensorProto.Types.DataType.Int64;

    /// <summary>", router X" for the doc string of an MoE model.</summary>
    public static string Router(FeedForwardSpec spec) => spec.Moe is { } m ? $", router {m.Routing}, S = {m.Slices}, E = {m.Experts}, k = {m.TopK}" : string.Empty;

    /// <summary>[B, d] from states [B, T, d]: the mean over the first clamp(length, 1, T) tokens, or the first token.</summary>
    public static string Pool(GraphBuilder g, string states, string lengths, Pooling pooling)
    {
        if (pooling == Pooling.First)
        {
            return g.Gather(states, g.Int64Scalar(0), axis: 1);
        }

        var t = g.Dim(states, 1);
        var length = g.Op("Clip", lengths, g.Int64Scalar(1), g.Scalar(t));                           // [B]
        var take = g.Cast(g.Op("Less", g.Unsqueeze(g.Range(g.Int64Scalar(0), t), 0), g.Unsqueeze(length, 1)), F32); // [B, T]
        var sum = g.ReduceSum(g.Mul(states, g.Unsqueeze(take, 2)), 1, keepDims: false);
        return g.Mul(sum, g.Unsqueeze(g.Op("Reciprocal", g.Cast(length, F32)), 1)); // ours multiplies by 1/len too
    }

    /// <summary>
    /// A causal decoder over a key/value cache, inputs and outputs declared: ids [batch, n], per block past keys/values
    /// [batch, past, d] (and, with <paramref name="cross"/>, source lengths and cross keys/values) → logits
    /// [batch, n, V] through the tied embedding, and the present keys/values [batch, past + n, d].
    /// </summary>
    public static void CachedDecoder(GraphBuilder g, Weights w, StackShape s, int vocabulary, bool? cross)
    {
        int d = s.Dim;
        var ids = g.Input(OnnxNames.InputIds, I64, "batch", "n");
        string? sourceLengths = cross is true ? g.Input(OnnxNames.SourceLengths, I64, "batch") : null;
        var past = new (string K, string V)[s.Layers];
        var crossInputs = new (string K, string V)[cross is true ? s.Layers : 0];
        for (int i = 0; i < s.Layers; i++)
        {
            if (cross is true)
            {
                crossInputs[i] = (g.Input(OnnxNames.CrossKey(i), F32, "batch", "source_length", d), g.Input(OnnxNames.CrossValue(i), F32, "batch", "source_length", d));
            }

            past[i] = (g.Input(OnnxNames.PastKey(i), F32, "batch", "past", d), g.Input(OnnxNames.PastValue(i), F32, "batch", "past", d));
        }

        var start = g.Dim(past[0].K, 1);
        var positions = g.Range(start, g.Add(start, g.Dim(ids, 1)));
        var present = new (string K, string V)[s.Layers];
        AttentionInputs Self(int i, string k, string v)
        {
            present[i] = (g.Concat(1, past[i].K, k), g.Concat(1, past[i].V, v));
            return new AttentionInputs(present[i].K, present[i].V, AttentionEmitter.CausalMask(g, positions, present[i].K));
        }

        Func<int, AttentionInputs>? crossAttention = cross is true
            ? i => new AttentionInputs(crossInputs[i].K, crossInputs[i].V, AttentionEmitter.KeyLengthMask(g, crossInputs[i].K, sourceLengths!))
            : null;
        var states = StackEmitter.Emit(g, w, s, ids, positions, Self, crossAttention);
        var logits = g.MatMul(states, g.Transpose(StackEmitter.Init(g, w, "embed_tokens.weight"), 1, 0));
        g.Output(logits, OnnxNames.Logits, F32, "batch", "n", vocabulary);
        for (int i = 0; i < s.Layers; i++)
        {
            g.Output(present[i].K, OnnxNames.PresentKey(i), F32, "batch", "present", d);
            g.Output(present[i].V, OnnxNames.PresentValue(i), F32, "batch", "present", d);
        }
    }
}
