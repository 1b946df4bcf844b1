using SliceMoE.Models;
using SliceMoE.Onnx.Graph;

namespace SliceMoE.Onnx.Export;

/// <summary>What a <see cref="StackEmitter"/> needs to know of a TransformerStack: its names and shape.</summary>
/// <param name="Prefix">"" or "encoder." / "decoder.".</param>
/// <param name="Layers">Blocks.</param>
/// <param name="Dim">d.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="TokenDim">Width of the token embedding (projected to d when different).</param>
/// <param name="FeedForward">Every block's FFN slot.</param>
internal sealed record StackShape(string Prefix, int Layers, int Dim, int Heads, int TokenDim, FeedForwardSpec FeedForward);

/// <summary>Keys, values and visibility mask one attention layer reads.</summary>
internal sealed record AttentionInputs(string Keys, string Values, string Visible);

/// <summary>
/// A TransformerStack as a subgraph: token embedding (projected when narrower), position embedding, pre-norm blocks
/// (h = x + Attn(LN(x)); [h += CrossAttn(LN(h))]; y = h + FFN(LN(h))) and the final norm. How each block's
/// self-attention gets its keys (the block's own rows, or a cache they are appended to) is the caller's.
/// </summary>
internal static class StackEmitter
{
    /// <summary>The LayerNorm epsilon of LayerNormLayer's default.</summary>
    private const float Epsilon = 1e-5f;

    /// <summary>[B, n, d] states after the final norm, from ids [B, n] (int64) at positions [n] (int64).</summary>
    /// <param name="g">The graph.</param>
    /// <param name="w">The parameters.</param>
    /// <param name="s">The stack.</param>
    /// <param name="ids">Token ids [B, n].</param>
    /// <param name="positions">Positions [n] of the n tokens.</param>
    /// <param name="self">(block, its own keys and values [B, n, d]) → what its self-attention reads.</param>
    /// <param name="cross">block → what its cross-attention reads; null without cross-attention.</param>
    public static string Emit(GraphBuilder g, Weights w, StackShape s, string ids, string positions, Func<int, string, string, AttentionInputs> self, Func<int, AttentionInputs>? cross)
    {
        int d = s.Dim;
        var x = g.Gather(Init(g, w, "embed_tokens.weight"), ids);
        if (s.TokenDim != d)
        {
            x = g.Linear(x, s.Prefix + "embed_proj", w[s.Prefix + "embed_proj.weight"], w.Optional(s.Prefix + "embed_proj.bias"), d, s.TokenDim);
        }

        x = g.Add(x, g.Gather(Init(g, w, s.Prefix + "embed_positions.weight"), positions));
        for (int i = 0; i < s.Layers; i++)
        {
            string p = $"{s.Prefix}layers.{i}.";
            var normed = Norm(g, w, p + "attn_norm.", x);
            var (k, v) = AttentionEmitter.Project(g, w, p + "attn.", d, normed);
            var a = self(i, k, v);
            var h = g.Add(x, AttentionEmitter.Attend(g, w, p + "attn.", d, s.Heads, normed, a.Keys, a.Values, a.Visible));
            if (cross is not null)
            {
                var c = cross(i);
                h = g.Add(h, AttentionEmitter.Attend(g, w, p + "cross_attn.", d, s.Heads, Norm(g, w, p + "cross_attn_norm.", h), c.Keys, c.Values, c.Visible));
            }

            x = g.Add(h, FeedForwardEmitter.Emit(g, w, s.FeedForward, p + "ffn.", d, Norm(g, w, p + "ffn_norm.", h)));
        }

        return Norm(g, w, s.Prefix + "norm.", x);
    }

    /// <summary>LayerNormalization over the last axis with {prefix}weight and {prefix}bias.</summary>
    public static string Norm(GraphBuilder g, Weights w, string prefix, string x) =>
        g.Op("LayerNormalization", [x, Init(g, w, prefix + "weight"), Init(g, w, prefix + "bias")], GraphBuilder.Int("axis", -1), GraphBuilder.Float("epsilon", Epsilon));

    /// <summary>A parameter as an initializer of its own shape, named after it (the token embedding once per graph).</summary>
    public static string Init(GraphBuilder g, Weights w, string name) =>
        g.SharedInitializer(name, w[name], w.Shape(name).Select(x => (long)x).ToArray());
}
