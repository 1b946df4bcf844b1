using SliceMoE.IO.Safetensors;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.IO.Safetensors;

/// <summary>Reads a well-formed file cannot satisfy: missing tensors, wrong shapes, wrong dtypes, values that do not fit.</summary>
public sealed class SafetensorsReadErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SafetensorsFile _file;

    public SafetensorsReadErrorTests()
    {
        var w = new SafetensorsWriter();
        w.Add("router.fc1.weight", new float[16 * 32], [16, 32]);
        w.Add("router.fc1.bias", new float[16], [16]);
        w.Add("router.fc2.weight", new float[8 * 16], [8, 16]);
        w.Add("experts.0.fc1.weight", new float[4], [2, 2]);
        w.Add("step", [1L << 40], []);
        w.Add("counts", [3, 4], [2]);
        string path = _dir.File("model.safetensors");
        w.Save(path);
        _file = SafetensorsFile.Open(path);
    }

    public void Dispose()
    {
        _file.Dispose();
        _dir.Dispose();
    }

    private SafetensorsException AssertFails(Action read, SafetensorsErrorKind kind, params string[] words)
    {
        var ex = Assert.Throws<SafetensorsException>(read);
        Assert.True(ex.Kind == kind, $"Expected {kind} but got {ex.Kind}: {ex.Message}");
        Assert.Contains(_file.Path, ex.Message, StringComparison.Ordinal);
        foreach (string w in words)
        {
            Assert.Contains(w, ex.Message, StringComparison.Ordinal);
        }

        return ex;
    }

    [Fact]
    public void A_missing_tensor_is_MissingTensor_suggesting_close_names()
    {
        var ex = AssertFails(() => _file.ReadFloat32("router.fc1.weigth"), SafetensorsErrorKind.MissingTensor,
            "'router.fc1.weigth'", "6 tensors", "Did you mean 'router.fc1.weight'");
        Assert.Equal("router.fc1.weigth", ex.TensorName);
    }

    [Fact]
    public void A_missing_tensor_under_a_wrapper_prefix_suggests_the_unprefixed_name() =>
        AssertFails(() => _file.ReadFloat32("module.router.fc2.weight"), SafetensorsErrorKind.MissingTensor, "'router.fc2.weight'");

    [Fact]
    public void A_missing_tensor_suggests_its_siblings() =>
        AssertFails(() => _file.ReadFloat32("router.fc1.running_mean"), SafetensorsErrorKind.MissingTensor, "'router.fc1.bias'", "'router.fc1.weight'");

    [Fact]
    public void A_missing_tensor_with_nothing_close_lists_the_first_names() =>
        AssertFails(() => _file.ReadInt64("zzzzzzzzzzzzzzzz"), SafetensorsErrorKind.MissingTensor, "start with 'counts', 'experts.0.fc1.weight'");

    [Fact]
    public void Contains_tells_present_from_missing()
    {
        Assert.True(_file.Contains("router.fc1.bias"));
        Assert.False(_file.Contains("router.fc1.Bias"));
    }

    [Fact]
    public void A_wrong_shape_is_ShapeMismatch_naming_tensor_both_shapes_and_a_transpose_hint()
    {
        var ex = AssertFails(() => _file.ReadFloat32("router.fc1.weight", 32, 16), SafetensorsErrorKind.ShapeMismatch,
            "'router.fc1.weight'", "has shape [16, 32]", "[32, 16] was expected", "transposed");
        Assert.Equal("router.fc1.weight", ex.TensorName);
        AssertFails(() => _file.ReadFloat64("router.fc1.bias", 16, 1), SafetensorsErrorKind.ShapeMismatch, "[16]", "[16, 1]");
        AssertFails(() => _file.ReadFloat32("router.fc1.bias", []), SafetensorsErrorKind.ShapeMismatch, "[] was expected");
    }

    [Fact]
    public void The_right_shape_reads()
    {
        using var t = _file.ReadFloat32("router.fc1.weight", 16, 32);
        Assert.Equal(16 * 32, t.Length);
    }

    [Fact]
    public void Reading_an_integer_tensor_as_float_is_DtypeNotConvertible() =>
        AssertFails(() => _file.ReadFloat32("step"), SafetensorsErrorKind.DtypeNotConvertible, "'step'", "I64", "float32", "ReadInt64");

    [Fact]
    public void Reading_a_float_tensor_as_integers_is_DtypeNotConvertible()
    {
        AssertFails(() => _file.ReadInt64("router.fc1.bias"), SafetensorsErrorKind.DtypeNotConvertible, "F32", "int64", "ReadFloat32");
        AssertFails(() => _file.ReadFloat64("counts"), SafetensorsErrorKind.DtypeNotConvertible, "I32", "float64");
    }

    [Fact]
    public void An_int64_value_beyond_int32_is_ValueOutOfRange_for_ReadInt32()
    {
        AssertFails(() => _file.ReadInt32("step"), SafetensorsErrorKind.ValueOutOfRange, "'step'", "1099511627776", "flat index 0", "ReadInt64");
        Assert.Equal([3, 4], _file.ReadInt32("counts"));
    }
}
