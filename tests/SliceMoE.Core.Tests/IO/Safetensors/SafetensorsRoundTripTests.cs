using SliceMoE.IO.Safetensors;
using SliceMoE.Numerics;
using SliceMoE.Tensors;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.IO.Safetensors;

/// <summary>What the writer writes, the reader reads back: every dtype, empty and scalar tensors, metadata, unicode names.</summary>
public sealed class SafetensorsRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SafetensorsFile SaveAndOpen(SafetensorsWriter writer)
    {
        string path = _dir.File($"{Guid.NewGuid():N}.safetensors");
        writer.Save(path);
        return SafetensorsFile.Open(path);
    }

    [Fact]
    public void F32_F64_I64_and_I32_tensors_come_back_bit_for_bit()
    {
        var rng = new Rng(7);
        float[] f32 = TestData.Uniform(rng, 6 * 5, 3f);
        f32[0] = float.NaN;
        f32[1] = float.NegativeInfinity;
        f32[2] = -0f;
        f32[3] = float.Epsilon;
        double[] f64 = TestData.UniformDouble(rng, 4 * 3);
        f64[0] = double.MaxValue;
        long[] i64 = [long.MinValue, -1, 0, 1, long.MaxValue, 1L << 40];
        int[] i32 = [int.MinValue, -7, 0, 7, int.MaxValue];

        var w = new SafetensorsWriter();
        w.Add("layers.0.moe.router.fc1.weight", f32, [6, 5]);
        w.Add("layers.0.norm.scale", f64, [4, 3]);
        w.Add("topk.index", i64, [2, 3]);
        w.Add("counts", i32, [5]);
        using var file = SaveAndOpen(w);

        using (var t = file.ReadFloat32("layers.0.moe.router.fc1.weight", 6, 5))
        {
            Tolerance.AssertBitwiseEqual(t.Span, f32, "F32");
        }

        using (var t = file.ReadFloat64("layers.0.norm.scale", 4, 3))
        {
            Assert.Equal(f64, t.ToArray());
        }

        Assert.Equal(i64, file.ReadInt64("topk.index"));
        Assert.Equal(i32, file.ReadInt32("counts"));
        Assert.Equal(i32.Select(v => (long)v), file.ReadInt64("counts"));
        Assert.Equal([6, 5], file.GetEntry("layers.0.moe.router.fc1.weight").Shape.ToArray());
        Assert.Equal(SafetensorsDtype.I64, file.GetEntry("topk.index").Dtype);
    }

    [Fact]
    public void Tensors_are_laid_out_by_dtype_rank_descending_then_name_with_no_holes()
    {
        var w = new SafetensorsWriter();
        w.AddAsFloat16("h", [1f], [1]);
        w.Add("b32", [1f], [1]);
        w.Add("a32", [1f, 2f], [2]);
        w.Add("i32", [1], [1]);
        w.Add("f64", [1.0], [1]);
        w.Add("i64", [1L], [1]);
        w.AddAsBFloat16("bf", [1f], [1]);
        using var file = SaveAndOpen(w);

        Assert.Equal(["i64", "f64", "a32", "b32", "i32", "bf", "h"], file.Entries.Select(e => e.Name));
        long cursor = 0;
        foreach (var e in file.Entries)
        {
            Assert.Equal(cursor, e.Begin);
            cursor = e.End;
        }
    }

    [Fact]
    public void Names_sort_by_UTF8_bytes_as_the_official_writer_does()
    {
        // U+FF21 (EF BC A1 in UTF-8) sorts before U+1F600 (F0 9F 98 80) by bytes and code points,
        // but after it by UTF-16 code units (FF21 > D83D): ordinal string comparison would get this wrong.
        var w = new SafetensorsWriter();
        w.Add("\U0001F600", [1f], [1]);
        w.Add("\uFF21", [2f], [1]);
        w.Add("z", [3f], [1]);
        using var file = SaveAndOpen(w);
        Assert.Equal(["z", "\uFF21", "\U0001F600"], file.Entries.Select(e => e.Name));
    }

    [Fact]
    public void The_same_tensors_added_in_any_order_give_the_same_bytes()
    {
        static SafetensorsWriter Make(bool reversed)
        {
            var items = new (string Name, float[] Data)[] { ("a", [1f, 2f]), ("b.weight", [3f]), ("c", [4f, 5f, 6f]) };
            var w = new SafetensorsWriter();
            w.SetMetadata("format", "pt");
            foreach (var (name, data) in reversed ? items.Reverse() : items)
            {
                w.Add(name, data, [data.Length]);
            }

            w.Add("step", [42L], []);
            return w;
        }

        Assert.Equal(Make(false).ToBytes(), Make(true).ToBytes());
        string p1 = _dir.File("one.safetensors"), p2 = _dir.File("two.safetensors");
        Make(false).Save(p1);
        Make(true).Save(p2);
        Assert.Equal(File.ReadAllBytes(p1), File.ReadAllBytes(p2));
        Assert.Equal(Make(false).ToBytes(), File.ReadAllBytes(p1));
    }

    [Fact]
    public void F16_is_written_with_round_to_nearest_even_and_read_back_exactly()
    {
        float one = 1f, ulp = MathF.Pow(2, -10);
        float[] input =
        [
            one + (ulp / 2),               // tie: rounds to even 1
            one + (3 * ulp / 2),           // tie: rounds to even 1 + 2 ulp
            one + (ulp / 2) + MathF.Pow(2, -20), // above the tie: rounds up
            65504f, 65519f, 65520f, -70000f, // largest half; still rounds to it; ties away to infinity
            MathF.Pow(2, -24), MathF.Pow(2, -25), 3 * MathF.Pow(2, -26), // smallest subnormal; tie to 0; above tie
            float.NaN, -0f,
        ];
        float[] expected =
        [
            1f, one + (2 * ulp), one + ulp,
            65504f, 65504f, float.PositiveInfinity, float.NegativeInfinity,
            MathF.Pow(2, -24), 0f, MathF.Pow(2, -24),
            float.NaN, -0f,
        ];
        var w = new SafetensorsWriter();
        w.AddAsFloat16("h", input, [input.Length]);
        using var file = SaveAndOpen(w);
        Assert.Equal(SafetensorsDtype.F16, file.GetEntry("h").Dtype);
        Assert.Equal(2L * input.Length, file.GetEntry("h").ByteLength);
        using var back = file.ReadFloat32("h");
        Tolerance.AssertBitwiseEqual(back.Span, expected, "F16");
        using var wide = file.ReadFloat64("h");
        Assert.Equal(expected.Select(v => (double)v), wide.ToArray());
    }

    [Fact]
    public void BF16_is_written_with_round_to_nearest_even_and_read_back_exactly()
    {
        float ulp = MathF.Pow(2, -7);
        float[] input =
        [
            1f + (ulp / 2), 1f + (3 * ulp / 2), 1f + (ulp / 2) + MathF.Pow(2, -20),
            float.MaxValue, -float.MaxValue, float.PositiveInfinity, Bits(0x00008000), Bits(0x00018000), float.NaN,
        ];
        float[] expected =
        [
            1f, 1f + (2 * ulp), 1f + ulp,
            float.PositiveInfinity, float.NegativeInfinity, float.PositiveInfinity,
            0f, Bits(0x00020000), // subnormal ties: to even (0), and up to even (2)
            Bits(0x7FC00000), // PyTorch's canonical NaN
        ];
        var w = new SafetensorsWriter();
        w.AddAsBFloat16("b", input, [3, 3]);
        using var file = SaveAndOpen(w);
        Assert.Equal(SafetensorsDtype.BF16, file.GetEntry("b").Dtype);
        using var back = file.ReadFloat32("b", 3, 3);
        Tolerance.AssertBitwiseEqual(back.Span, expected, "BF16");
    }

    private static float Bits(int bits) => BitConverter.Int32BitsToSingle(bits);

    [Fact]
    public void F64_read_as_F32_rounds_to_nearest_even_and_overflows_to_infinity()
    {
        double ulp = Math.Pow(2, -23);
        double[] input = [1 + (ulp / 2), 1 + (3 * ulp / 2), 1e300, -1e300, 0.1];
        float[] expected = [1f, (float)(1 + (2 * ulp)), float.PositiveInfinity, float.NegativeInfinity, 0.1f];
        var w = new SafetensorsWriter();
        w.Add("d", input, [5]);
        using var file = SaveAndOpen(w);
        using var back = file.ReadFloat32("d");
        Tolerance.AssertBitwiseEqual(back.Span, expected, "F64->F32");
    }

    [Fact]
    public void Metadata_comes_back_in_order_with_escapes_and_unicode()
    {
        var w = new SafetensorsWriter();
        w.SetMetadata("format", "pt");
        w.SetMetadata("config", "{\"d\": 64, \"name\": \"slice\\moe\"}\n\ttab\u0001");
        w.SetMetadata("ünïcödé", "值 😀");
        w.SetMetadata("format", "np"); // replaces in place
        w.Add("x", [1f], [1]);
        using var file = SaveAndOpen(w);
        Assert.Equal(
            [new("format", "np"), new("config", "{\"d\": 64, \"name\": \"slice\\moe\"}\n\ttab\u0001"), new KeyValuePair<string, string>("ünïcödé", "值 😀")],
            file.Metadata);
    }

    [Fact]
    public void A_file_without_metadata_has_an_empty_map_and_no_metadata_key()
    {
        var w = new SafetensorsWriter();
        w.Add("x", [1f], [1]);
        Assert.DoesNotContain("__metadata__", System.Text.Encoding.UTF8.GetString(w.ToBytes()), StringComparison.Ordinal);
        using var file = SaveAndOpen(w);
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void Empty_tensors_and_scalars_round_trip()
    {
        var w = new SafetensorsWriter();
        w.Add("empty", ReadOnlySpan<float>.Empty, [0]);
        w.Add("empty2d", ReadOnlySpan<float>.Empty, [3, 0]);
        w.Add("empty_i64", ReadOnlySpan<long>.Empty, [0, 4]);
        w.Add("scalar", [2.5f], []);
        w.Add("scalar_f64", [-1.25], []);
        w.Add("scalar_i32", [9], []);
        using var file = SaveAndOpen(w);

        using (var t = file.ReadFloat32("empty2d", 3, 0))
        {
            Assert.Equal(0, t.Length);
        }

        using (var t = file.ReadFloat32("empty"))
        {
            Assert.Equal([0], t.Shape.ToArray());
        }

        using (var s = file.ReadFloat32("scalar", []))
        {
            Assert.Equal(0, s.Rank);
            Assert.Equal(2.5f, s.Span[0]);
        }

        using (var s = file.ReadFloat64("scalar_f64"))
        {
            Assert.Equal(-1.25, s.Span[0]);
        }

        Assert.Empty(file.ReadInt64("empty_i64"));
        Assert.Equal([9], file.ReadInt32("scalar_i32"));
        Assert.Equal(0, file.GetEntry("empty2d").ByteLength);
        Assert.Equal(1, file.GetEntry("scalar").ElementCount);
    }

    [Fact]
    public void A_file_with_no_tensors_round_trips()
    {
        using var file = SaveAndOpen(new SafetensorsWriter());
        Assert.Empty(file.Entries);
        Assert.Empty(file.Metadata);
    }

    [Theory]
    [InlineData("层.权重")]
    [InlineData("emoji.😀.weight")]
    [InlineData("Grüße \"quoted\" back\\slash")]
    [InlineData("tab\tnew\nline\u0001")]
    [InlineData("")]
    public void Unicode_and_escaped_names_round_trip(string name)
    {
        var w = new SafetensorsWriter();
        w.Add(name, [1f, 2f], [2]);
        w.Add("plain", [3f], [1]);
        using var file = SaveAndOpen(w);
        Assert.True(file.Contains(name));
        using var t = file.ReadFloat32(name, 2);
        Assert.Equal([1f, 2f], t.ToArray());
    }

    [Fact]
    public void Header_is_padded_with_spaces_to_a_multiple_of_8_for_every_name_length()
    {
        for (int len = 0; len < 16; len++)
        {
            var w = new SafetensorsWriter();
            w.Add(new string('n', len), [1f], [1]);
            byte[] bytes = w.ToBytes();
            ulong n = BitConverter.ToUInt64(bytes, 0);
            Assert.Equal(0UL, n % 8);
            int unpadded = bytes.AsSpan(8, (int)n).LastIndexOf((byte)'}') + 1;
            Assert.True(n - (ulong)unpadded < 8);
            Assert.All(bytes[(8 + unpadded)..(8 + (int)n)], b => Assert.Equal((byte)' ', b));
        }
    }

    [Fact]
    public void Borrowed_tensors_are_written_without_copying_and_read_back()
    {
        using var weight = Tensor<float>.FromSpan([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        using var scale = Tensor<double>.FromSpan([0.5, 0.25], 2);
        var w = new SafetensorsWriter();
        w.AddBorrowed("fc.weight", weight);
        w.AddBorrowed("fc.scale", scale);
        weight[1, 2] = 60f; // borrowed: the value at save time is written
        using var file = SaveAndOpen(w);
        using var back = file.ReadFloat32("fc.weight", 2, 3);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 60f], back.ToArray());
        using var s = file.ReadFloat64("fc.scale", 2);
        Assert.Equal([0.5, 0.25], s.ToArray());
    }

    [Fact]
    public void Float32_reads_of_larger_than_one_chunk_tensors_are_complete()
    {
        var rng = new Rng(3);
        float[] data = TestData.Uniform(rng, 70_001);
        var w = new SafetensorsWriter();
        w.AddAsBFloat16("big_bf16", data, [70_001]);
        w.Add("big_f64", TestData.Widen(data), [70_001]);
        using var file = SaveAndOpen(w);
        using var bf = file.ReadFloat32("big_bf16");
        using var f64 = file.ReadFloat32("big_f64");
        Tolerance.AssertBitwiseEqual(f64.Span, data, "F64 chunks");
        for (int i = 0; i < data.Length; i++)
        {
            Assert.True(Math.Abs(bf.Span[i] - data[i]) <= Math.Abs(data[i]) / 256, $"element {i}");
        }
    }

    [Fact]
    public void Writer_rejects_bad_arguments_clearly()
    {
        var w = new SafetensorsWriter();
        w.Add("a", [1f], [1]);
        Assert.Contains("already added", Assert.Throws<ArgumentException>(() => w.Add("a", [1f], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => w.Add("__metadata__", [1f], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("holds 6 elements but 5", Assert.Throws<ArgumentException>(() => w.Add("b", new float[5], [2, 3])).Message, StringComparison.Ordinal);
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => w.Add("c", new float[0], [-1, 0])).Message, StringComparison.Ordinal);
        Assert.Contains("surrogate", Assert.Throws<ArgumentException>(() => w.Add("bad\uD800", [1f], [1])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => w.SetMetadata("k", "\uDC00"));
        Assert.Equal(1, w.Count);
    }
}
