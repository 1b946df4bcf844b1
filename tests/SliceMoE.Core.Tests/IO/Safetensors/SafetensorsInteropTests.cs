using System.Text.Json;
using SliceMoE.IO.Safetensors;

namespace SliceMoE.Tests.IO.Safetensors;

/// <summary>
/// Files written by the PyTorch reference (<c>golden.py</c>, see Fixtures/golden/README.md): our reader
/// loads every one, and our writer, given the same tensors and metadata, reproduces them byte for byte.
/// </summary>
public class SafetensorsInteropTests
{
    public static TheoryData<string> GoldenFiles() =>
    [
        "golden_slicemoe.safetensors",
        "golden_slicemoe_seqtopk.safetensors",
        "golden_slicemoe_dropout.safetensors",
        "golden_tokenmoe.safetensors",
        "golden_dense.safetensors",
    ];

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden", name);

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Every_tensor_of_every_golden_file_reads_as_finite_float32(string name)
    {
        using var file = SafetensorsFile.Open(Fixture(name));
        Assert.True(file.Entries.Count >= 12, $"{name} has {file.Entries.Count} tensors");
        foreach (var e in file.Entries)
        {
            Assert.Equal(SafetensorsDtype.F32, e.Dtype);
            using var t = file.ReadFloat32(e.Name, e.Shape.ToArray());
            for (int i = 0; i < t.Length; i++)
            {
                Assert.True(float.IsFinite(t.Span[i]), $"{name} {e.Name}[{i}] = {t.Span[i]}");
            }
        }

        using var config = JsonDocument.Parse(file.Metadata["config"]);
        Assert.Equal(64, config.RootElement.GetProperty("d").GetInt32());
        Assert.Contains("loss = sum(output * grad_output)", file.Metadata["upstream"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Our_writer_reproduces_each_golden_file_byte_for_byte(string name)
    {
        byte[] original = File.ReadAllBytes(Fixture(name));
        using var file = SafetensorsFile.Open(Fixture(name));
        var w = new SafetensorsWriter();
        foreach (var (key, value) in file.Metadata)
        {
            w.SetMetadata(key, value);
        }

        foreach (var e in file.Entries)
        {
            using var t = file.ReadFloat32(e.Name);
            w.Add(e.Name, t.Span, e.Shape.ToArray());
        }

        Assert.Equal(original, w.ToBytes());
    }

    [Fact]
    public void The_SliceMoE_golden_file_has_state_dict_names_and_shapes_matching_its_config()
    {
        using var file = SafetensorsFile.Open(Fixture("golden_slicemoe.safetensors"));
        using var config = JsonDocument.Parse(file.Metadata["config"]);
        var c = config.RootElement;
        int d = c.GetProperty("d").GetInt32(), s = c.GetProperty("S").GetInt32(), k = c.GetProperty("k").GetInt32();
        int e = c.GetProperty("E").GetInt32(), h = c.GetProperty("expert_hidden").GetInt32();
        int rh = c.GetProperty("router_hidden").GetInt32(), n = c.GetProperty("N").GetInt32();
        Assert.Equal((64, 4, 2, 8, 32, 16, 10), (d, s, k, e, h, rh, n));

        file.ReadFloat32("router.fc1.weight", rh, d / s).Dispose();
        file.ReadFloat32("router.fc2.weight", e, rh).Dispose();
        for (int x = 0; x < e; x++)
        {
            file.ReadFloat32($"experts.{x}.fc1.weight", h, d / s).Dispose();
            file.ReadFloat32($"experts.{x}.fc2.weight", d / s, h).Dispose();
            file.ReadFloat32($"grad.experts.{x}.fc2.bias", d / s).Dispose();
        }

        file.ReadFloat32("input", n, d).Dispose();
        file.ReadFloat32("output", n, d).Dispose();

        // Each of the N*S slices is routed to k experts.
        using var counts = file.ReadFloat32("counts", e);
        Assert.Equal(n * s * k, counts.ToArray().Sum());

        using var probs = file.ReadFloat32("router_probs", n, s, e);
        for (int row = 0; row < n * s; row++)
        {
            Assert.Equal(1.0, probs.Span.Slice(row * e, e).ToArray().Sum(p => (double)p), 5);
        }

        using var index = file.ReadFloat32("topk_index", n, s, k);
        Assert.All(index.ToArray(), v => Assert.True(v >= 0 && v < e && v == MathF.Floor(v)));
    }
}
