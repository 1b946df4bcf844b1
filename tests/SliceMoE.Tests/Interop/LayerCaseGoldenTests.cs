using SliceMoE.Interop;
using SliceMoE.IO.Safetensors;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Tensors;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Interop;

/// <summary>
/// Our layers against golden files from the PyTorch reference (computed in float64, stored as float32). We run in
/// float32, so each value may differ by the float32 rounding of a short computation: 1e-5 relative plus an absolute
/// floor of 1e-6 (outputs) or 1e-5 (gradients, which sum over the batch), well above the reference's own fp32-vs-fp64
/// differences recorded in each file (≤ 1.3e-6) and far below any real bug.
/// </summary>
public class LayerCaseGoldenTests
{
    public static TheoryData<string> Cases => new()
    {
        "golden_slicemoe.safetensors", "golden_slicemoe_seqtopk.safetensors", "golden_slicemoe_dropout.safetensors",
        "golden_tokenmoe.safetensors", "golden_dense.safetensors",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Layer_run_reproduces_the_reference(string name)
    {
        using var dir = new TempDirectory();
        string result = Path.Combine(dir.Path, "result.safetensors");
        var summary = LayerCase.Run(Fixtures.Golden(name), result);
        Assert.True(summary.Backward);
        using var golden = SafetensorsFile.Open(Fixtures.Golden(name));
        using var ours = SafetensorsFile.Open(result);
        Compare(golden, ours, "output", 1e-5, 1e-6);
        Compare(golden, ours, "grad_input", 1e-5, 1e-5);
        foreach (var entry in ours.Entries.Where(e => e.Name.StartsWith("grad.", StringComparison.Ordinal)))
        {
            Compare(golden, ours, entry.Name, 1e-5, 1e-5);
        }

        if (summary.Statistics is not null)
        {
            Compare(golden, ours, "router_probs", 1e-5, 1e-7);
            Compare(golden, ours, "counts", 0, 0);
            foreach (var scalar in new[] { "ele", "cv2_counts", "capacity_loss", "importance_loss", "switch_loss", "importance" })
            {
                Compare(golden, ours, scalar, 1e-5, 1e-8);
            }

            if (golden.Contains("assign_weight"))
            {
                Compare(golden, ours, "assign_row", 0, 0);
                Compare(golden, ours, "assign_expert", 0, 0);
                Compare(golden, ours, "assign_weight", 1e-5, 1e-7);
            }
        }
    }

    [Theory]
    [InlineData("golden_slicemoe.safetensors")]
    [InlineData("golden_slicemoe_dropout.safetensors")]
    [InlineData("golden_tokenmoe.safetensors")]
    public void Auxiliary_loss_gradients_match_the_reference(string name)
    {
        using var golden = SafetensorsFile.Open(Fixtures.Golden(name));
        var config = LayerCaseConfig.Parse(golden.Metadata["config"], name).Moe!;
        using var store = new ParameterStore<double>();
        using var layer = new MoeLayer<double>(config, store);
        store.Allocate(0);
        foreach (var p in store.Parameters)
        {
            golden.ReadFloat64(p.Name).Span.CopyTo(p.Value.Span);
        }

        using var x = golden.ReadFloat64("input");
        int n = x.Dim(0);
        bool[]? mask = golden.Contains("keep_mask_raw") ? golden.ReadFloat64("keep_mask_raw").ToArray().Select(v => v == 1).ToArray() : null;
        foreach (var (loss, weights) in new[] { ("importance_loss", new AuxLossWeights(1, 0, 0)), ("switch_loss", new AuxLossWeights(0, 1, 0)) })
        {
            store.ZeroGradients();
            using var y = new Tensor<double>(n, config.ModelDim);
            layer.Forward(x, y, new MoeForwardContext(mask is not null) { KeepMask = mask });
            using var zero = new Tensor<double>(n, config.ModelDim);
            using var dx = new Tensor<double>(n, config.ModelDim);
            layer.Backward(zero, dx, false, weights);
            Tolerance.AssertClose(dx.ToArray(), golden.ReadFloat64($"grad_{loss}.input").ToArray(), 1e-5, 1e-8, $"{name} {loss} input");
            foreach (var p in store.Parameters.Where(p => p.Name.StartsWith("router.", StringComparison.Ordinal)))
            {
                Tolerance.AssertClose(p.Grad.ToArray(), golden.ReadFloat64($"grad_{loss}.{p.Name}").ToArray(), 1e-5, 1e-8, $"{name} {loss} {p.Name}");
            }
        }
    }

    [Fact]
    public void Bad_case_files_name_what_is_wrong()
    {
        using var dir = new TempDirectory();
        using var golden = SafetensorsFile.Open(Fixtures.Golden("golden_slicemoe.safetensors"));

        string Write(string file, Action<SafetensorsWriter> edit, Func<string, bool>? keep = null)
        {
            var w = new SafetensorsWriter();
            foreach (var (k, v) in golden.Metadata)
            {
                w.SetMetadata(k, v);
            }

            foreach (var e in golden.Entries.Where(e => keep?.Invoke(e.Name) ?? true))
            {
                using var t = golden.ReadFloat32(e.Name);
                w.Add(e.Name, t.Span, e.Shape.ToArray());
            }

            edit(w);
            string path = Path.Combine(dir.Path, file);
            w.Save(path);
            return path;
        }

        string output = Path.Combine(dir.Path, "out.safetensors");
        var missing = Write("missing.safetensors", _ => { }, n => n != "experts.3.fc2.bias");
        var e1 = Assert.Throws<SafetensorsException>(() => LayerCase.Run(missing, output));
        Assert.Equal(SafetensorsErrorKind.MissingTensor, e1.Kind);
        Assert.Contains("experts.3.fc2.bias", e1.Message, StringComparison.Ordinal);

        var wrongShape = Write("shape.safetensors", w => w.Add("router.fc2.bias", new float[9], [9]), n => n != "router.fc2.bias");
        var e2 = Assert.Throws<SafetensorsException>(() => LayerCase.Run(wrongShape, output));
        Assert.Equal(SafetensorsErrorKind.ShapeMismatch, e2.Kind);
        Assert.Contains("router.fc2.bias", e2.Message, StringComparison.Ordinal);

        var badConfig = Write("config.safetensors", w => w.SetMetadata("config", "{\"d\": 64, \"S\": 5, \"k\": 2, \"E\": 8}"));
        var e3 = Assert.Throws<FormatException>(() => LayerCase.Run(badConfig, output));
        Assert.Contains("not divisible by S = 5", e3.Message, StringComparison.Ordinal);

        var unknown = Write("unknown.safetensors", w => w.SetMetadata("config", "{\"d\": 64, \"S\": 4, \"k\": 2, \"E\": 8, \"experts\": 8}"));
        var e4 = Assert.Throws<FormatException>(() => LayerCase.Run(unknown, output));
        Assert.Contains("unknown config key 'experts'", e4.Message, StringComparison.Ordinal);

        var badMask = Write("mask.safetensors", w => w.Add("keep_mask_raw", Enumerable.Repeat(0.5f, 80).ToArray(), [10, 4, 2]));
        var e5 = Assert.Throws<FormatException>(() => LayerCase.Run(badMask, output));
        Assert.Contains("keep_mask_raw", e5.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    private static void Compare(SafetensorsFile golden, SafetensorsFile ours, string name, double rel, double abs)
    {
        using var expected = golden.ReadFloat64(name);
        using var actual = ours.ReadFloat64(name);
        Assert.True(expected.Shape.SequenceEqual(actual.Shape), $"{name}: shape {actual.ShapeText}, expected {expected.ShapeText}");
        Tolerance.AssertClose(actual.ToArray(), expected.ToArray(), rel, abs, name);
    }
}
