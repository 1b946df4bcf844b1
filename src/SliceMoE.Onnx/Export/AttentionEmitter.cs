using Onnx;
using SliceMoE.Onnx.Graph;

namespace SliceMoE.Onnx.Export;

/// <summary>
/// Multi-head attention with q/k/v/out projections ({prefix}q_proj … out_proj, weights [d, d]) over [B, n, d] queries and
/// [B, Tk, d] keys and values already projected. Masked keys are set to −1e30 before the softmax and the probabilities
/// multiplied by the mask after it, so a query that sees no key outputs zeros, as ours does.
/// </summary>
internal static class AttentionEmitter
{
    private const TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;

    /// <summary>x·Wkᵀ + bk and x·Wvᵀ + bv, [B, n, d] each: what a cache holds.</summary>
    public static (string Keys, string Values) Project(GraphBuilder g, Weights w, string prefix, int dim, string x) =>
        (Proj(g, w, prefix + "k_proj", dim, x), Proj(g, w, prefix + "v_proj", dim, x));

    /// <summary>
    /// The attention output [B, n, d] of queries from <paramref name="x"/> over <paramref name="keys"/> and
    /// <paramref name="values"/> [B, Tk, d]; <paramref name="visible"/> is a bool mask broadcastable to [B, 1, n, Tk].
    /// </summary>
    public static string Attend(GraphBuilder g, Weights w, string prefix, int dim, int heads, string x, string keys, string values, string visible)
    {
        int dh = dim / heads;
        var q = g.Transpose(g.Reshape(Proj(g, w, prefix + "q_proj", dim, x), 0, 0, heads, dh), 0, 2, 1, 3);  // [B, H, n, dh]
        var kt = g.Transpose(g.Reshape(keys, 0, 0, heads, dh), 0, 2, 3, 1);                                 // [B, H, dh, Tk]
        var v = g.Transpose(g.Reshape(values, 0, 0, heads, dh), 0, 2, 1, 3);                               // [B, H, Tk, dh]
        var scores = g.Mul(g.MatMul(q, kt), g.FloatScalar((float)(1.0 / Math.Sqrt(dh)))); // ours: softmax at temperature √dh
        var masked = g.Where(visible, scores, g.FloatScalar(-1e30f));
        var p = g.Mul(g.Op("Softmax", [masked], GraphBuilder.Int("axis", -1)), g.Cast(visible, F32));
        var o = g.Reshape(g.Transpose(g.MatMul(p, v), 0, 2, 1, 3), 0, 0, dim);
        return Proj(g, w, prefix + "out_proj", dim, o);
    }

    /// <summary>[B, 1, 1, Tk]: key j is visible when j &lt; lengths[b] (right padding).</summary>
    public static string KeyLengthMask(GraphBuilder g, string keys, string lengths)
    {
        var positions = g.Range(g.Int64Scalar(0), g.Dim(keys, 1));                     // [Tk]
        return g.Reshape(g.Op("Less", g.Unsqueeze(positions, 0), g.Unsqueeze(lengths, 1)), 0, 1, 1, -1);
    }

    /// <summary>[1, 1, n, P + n]: the query at position P + i sees keys 0 .. P + i (causal, with P cached positions).</summary>
    public static string CausalMask(GraphBuilder g, string queryPositions, string keys)
    {
        var keyPositions = g.Range(g.Int64Scalar(0), g.Dim(keys, 1));
        return g.Unsqueeze(g.Op("LessOrEqual", g.Unsqueeze(keyPositions, 0), g.Unsqueeze(queryPositions, 1)), 0, 1);
    }

    private static string Proj(GraphBuilder g, Weights w, string name, int dim, string x) =>
        g.Linear(x, name, w[name + ".weight"], w.Optional(name + ".bias"), dim, dim);
}
