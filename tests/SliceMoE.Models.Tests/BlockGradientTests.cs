using SliceMoE.Diagnostics;
using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;

namespace SliceMoE.Tests.Models;

/// <summary>Finite differences in float64 for every block: inputs and every parameter (sampled), loss = Σ y ⊙ g.</summary>
public class BlockGradientTests
{
    private static double[] Random(Rng rng, int n, double scale = 1) => Enumerable.Range(0, n).Select(_ => ((2 * rng.NextDouble()) - 1) * scale).ToArray();

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static void CheckAll(ParameterStore<double> store, IEnumerable<(string Name, double[] Values, double[] Grad)> inputs, Func<double> loss)
    {
        var analytic = store.Gradients.ToArray();
        var results = inputs.Select(i => GradientCheck.Compare(i.Name, i.Values, i.Grad, loss, 1e-6, 1e-8)).ToList();
        foreach (var p in store.Parameters)
        {
            results.Add(GradientCheck.Compare(p.Name, p.Value.Span, analytic.AsSpan((int)p.Offset, (int)p.Length), loss, 1e-6, 1e-8, new GradientCheckOptions(MaxCoordinates: 10)));
        }

        var failed = results.Where(r => !r.Passed).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public void Embedding_gradients_add_up_over_repeated_ids()
    {
        using var store = new ParameterStore<double>();
        var emb = new Embedding<double>(store, "embed.weight", 5, 3);
        store.Allocate(1);
        int[] ids = [2, 0, 2, 4];
        var g = Random(new Rng(2), 12);
        double Loss()
        {
            var y = new double[12];
            emb.Forward(ids, y);
            return Dot(y, g);
        }

        emb.Backward(ids, g);
        CheckAll(store, [], Loss);
        var e = Assert.Throws<ArgumentException>(() => emb.Forward([7], new double[3]));
        Assert.Contains("Id 7 at position 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layer_norm_layer_passes_finite_differences()
    {
        using var store = new ParameterStore<double>();
        using var ln = new LayerNormLayer<double>(store, "norm.", 6);
        store.Allocate(1);
        var rng = new Rng(3);
        foreach (var p in store.Parameters)
        {
            Random(rng, (int)p.Length).CopyTo(p.Value.Span);
        }

        var x = Random(rng, 24, 2);
        var g = Random(rng, 24);
        double Loss()
        {
            var y = new double[24];
            ln.Forward(x, y, 4);
            return Dot(y, g);
        }

        Loss();
        var dx = new double[24];
        ln.Backward(g, dx, false);
        CheckAll(store, [("x", x, dx)], Loss);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Self_attention_with_padding_passes_finite_differences(bool causal)
    {
        using var store = new ParameterStore<double>();
        using var attn = new MultiHeadAttention<double>(store, "attn.", 8, 2, causal);
        store.Allocate(4);
        var rng = new Rng(5);
        int batch = 2, t = 4, n = batch * t * 8;
        int[] lengths = [4, 2];
        var x = Random(rng, n);
        var g = Random(rng, n);
        double Loss()
        {
            var y = new double[n];
            attn.Forward(x, x, batch, t, t, lengths, y);
            return Dot(y, g);
        }

        Loss();
        var dx = new double[n];
        attn.Backward(g, dx, dx, accumulateQuery: false, accumulateKeys: false);
        CheckAll(store, [("x", x, dx)], Loss);
    }

    [Fact]
    public void Cross_attention_passes_finite_differences_for_queries_and_memory()
    {
        using var store = new ParameterStore<double>();
        using var attn = new MultiHeadAttention<double>(store, "cross.", 8, 2, causal: false);
        store.Allocate(6);
        var rng = new Rng(7);
        int batch = 2, tq = 3, tk = 5;
        int[] lengths = [5, 3];
        var xq = Random(rng, batch * tq * 8);
        var mem = Random(rng, batch * tk * 8);
        var g = Random(rng, batch * tq * 8);
        double Loss()
        {
            var y = new double[batch * tq * 8];
            attn.Forward(xq, mem, batch, tq, tk, lengths, y);
            return Dot(y, g);
        }

        Loss();
        var dq = new double[xq.Length];
        var dm = new double[mem.Length];
        attn.Backward(g, dq, dm, accumulateQuery: false, accumulateKeys: true);
        CheckAll(store, [("queries", xq, dq), ("memory", mem, dm)], Loss);
        Assert.All(dm.AsSpan((1 * tk * 8) + (3 * 8), 2 * 8).ToArray(), v => Assert.Equal(0.0, v)); // padded keys get no gradient
    }

    public static TheoryData<string> BlockKinds => new() { "encoder-dense", "encoder-slicemoe", "decoder-tokenmoe", "decoder-cross-dense" };

    [Theory]
    [MemberData(nameof(BlockKinds))]
    public void Transformer_blocks_pass_finite_differences(string kind)
    {
        using var store = new ParameterStore<double>();
        bool cross = kind.Contains("cross", StringComparison.Ordinal);
        var options = new BlockOptions(12, 2, Causal: kind.StartsWith("decoder", StringComparison.Ordinal), CrossAttention: cross, Dropout: 0.2);
        Func<ParameterStore<double>, string, IFeedForward<double>> ffn = kind switch
        {
            "encoder-slicemoe" => (s, p) => new MoeLayer<double>(new MoeConfig { ModelDim = 12, Slices = 3, Experts = 4, TopK = 2, ExpertHidden = 6, RouterHidden = 5 }, s, p),
            "decoder-tokenmoe" => (s, p) => new MoeLayer<double>(new MoeConfig { ModelDim = 12, Slices = 1, Experts = 3, TopK = 2, ExpertHidden = 6, RouterHidden = 5 }, s, p),
            _ => (s, p) => new DenseFfn<double>(s, 12, 16, prefix: p),
        };
        using var block = new TransformerBlock<double>(store, "layers.0.", options, ffn);
        store.Allocate(8);
        var rng = new Rng(9);
        int batch = 2, t = 3, n = batch * t * 12;
        int[] lengths = [3, 2];
        var x = Random(rng, n);
        var g = Random(rng, n);
        var memory = new EncoderMemory<double>(Random(rng, batch * 4 * 12), 4, [4, 2]);
        double Loss()
        {
            var y = new double[n];
            var report = block.Forward(x, y, batch, t, lengths, new ForwardContext(true, new Rng(10)), cross ? memory : null);
            return Dot(y, g) + (report?.AuxObjective ?? 0);
        }

        Loss();
        var dx = new double[n];
        var dm = new double[memory.States.Length];
        block.Backward(g, dx, dm);
        var inputs = new List<(string, double[], double[])> { ("x", x, dx) };
        if (cross)
        {
            inputs.Add(("memory", memory.States, dm));
        }

        CheckAll(store, inputs, Loss);
    }
}
