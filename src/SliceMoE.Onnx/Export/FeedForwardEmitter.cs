using Onnx;
using SliceMoE.Models;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Onnx.Graph;

namespace SliceMoE.Onnx.Export;

/// <summary>
/// A block's FFN slot: the dense FFN, or the MoE layer with sparse dispatch. For the MoE layer, per expert (unrolled: E
/// is fixed), NonZero finds the rows assigned to it, Gather takes those slices, scaled by their gates (the gate
/// multiplies the expert's input, the paper's Eq. 1), the expert's two MatMuls run on those rows only, and ScatterND
/// with reduction "add" puts the outputs back into the [R, d/S] result. An expert no row chose runs on zero rows.
/// </summary>
internal static class FeedForwardEmitter
{
    /// <summary>y [B, n, d] from x [B, n, d]; sequence-level routers group the n tokens of each sequence.</summary>
    public static string Emit(GraphBuilder g, Weights w, FeedForwardSpec spec, string prefix, int dim, string x)
    {
        var flat = g.Reshape(x, -1, dim);
        var y = spec.Moe is { } moe ? Moe(g, w, moe, prefix, flat, g.Dim(x, 1)) : Dense(g, w, spec, prefix, flat, dim);
        return g.ReshapeTo(y, g.Op("Shape", x));
    }

    /// <summary>Refuses what inference cannot reproduce, naming the setting.</summary>
    public static void CheckSupported(FeedForwardSpec spec)
    {
        if (spec.Moe is { RouterNoiseStd: > 0, RouterNoiseMode: RouterNoiseMode.Always } m)
        {
            throw new NotSupportedException($"ONNX export: router noise at evaluation (RouterNoiseMode.Always, σ = {m.RouterNoiseStd}) draws from our random stream, which a graph cannot reproduce; export a model with RouterNoiseMode.TrainingOnly or σ = 0.");
        }
    }

    private static string Dense(GraphBuilder g, Weights w, FeedForwardSpec spec, string prefix, string x, int dim)
    {
        int hidden = w.Shape(prefix + "fc1.weight")[0];
        var h = ActivationEmitter.Emit(g, g.Linear(x, prefix + "fc1", w[prefix + "fc1.weight"], w[prefix + "fc1.bias"], hidden, dim), spec.Activation);
        return g.Linear(h, prefix + "fc2", w[prefix + "fc2.weight"], w[prefix + "fc2.bias"], dim, hidden);
    }

    private static string Moe(GraphBuilder g, Weights w, MoeConfig c, string prefix, string x, string tokensPerSequence)
    {
        int d = c.ModelDim, ds = c.SliceDim, hr = c.RouterHidden, e = c.Experts, he = c.ResolvedExpertHidden;
        int[]? permutation = null;
        if (c.SliceLayout == SliceLayout.Shuffled)
        {
            // The same fixed permutation as MoeLayer: slice coordinate j reads input coordinate permutation[j].
            permutation = Enumerable.Range(0, d).ToArray();
            new Rng(c.ShuffleSeed).Shuffle<int>(permutation);
            x = g.Gather(x, g.Int64(permutation.Select(p => (long)p).ToArray()), axis: 1);
        }

        var slices = g.Reshape(x, -1, ds); // [R, d/S], row n·S + s
        var hidden = g.Op("Relu", g.Linear(slices, prefix + "router.fc1", w[prefix + "router.fc1.weight"], w[prefix + "router.fc1.bias"], hr, ds));
        var logits = g.Linear(hidden, prefix + "router.fc2", w[prefix + "router.fc2.weight"], w[prefix + "router.fc2.bias"], e, hr);
        var scaled = c.Temperature == 1.0 ? logits : g.Mul(logits, g.FloatScalar((float)(1.0 / c.Temperature))); // ours multiplies by (float)(1/τ) too
        var probabilities = g.Op("Softmax", [scaled], GraphBuilder.Int("axis", -1));
        var (active, gate) = RoutingEmitter.Emit(g, c, probabilities, logits, tokensPerSequence);

        var output = g.FilledLike(slices, TensorProto.Types.DataType.Float, 0);
        for (int j = 0; j < e; j++)
        {
            string p = $"{prefix}experts.{j}.";
            var column = g.Int64Scalar(j);
            var rows = g.Transpose(g.Op("NonZero", g.Gather(active, column, axis: 1)), 1, 0); // [M, 1]
            var flatRows = g.Reshape(rows, -1);
            var gated = g.Mul(g.Gather(slices, flatRows), g.Unsqueeze(g.Gather(g.Gather(gate, column, axis: 1), flatRows), 1));
            var h = ActivationEmitter.Emit(g, g.Linear(gated, p + "fc1", w[p + "fc1.weight"], w[p + "fc1.bias"], he, ds), c.Activation);
            var o = g.Linear(h, p + "fc2", w[p + "fc2.weight"], w[p + "fc2.bias"], ds, he);
            output = g.Op("ScatterND", [output, rows, o], GraphBuilder.Text("reduction", "add"));
        }

        var y = g.Reshape(output, -1, d);
        if (permutation is not null)
        {
            var inverse = new long[d];
            for (int j = 0; j < d; j++)
            {
                inverse[permutation[j]] = j;
            }

            y = g.Gather(y, g.Int64(inverse), axis: 1);
        }

        return y;
    }
}
