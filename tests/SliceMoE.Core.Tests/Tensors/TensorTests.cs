using SliceMoE.Tensors;

namespace SliceMoE.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public unsafe void New_tensors_are_zeroed_and_64_byte_aligned()
    {
        using var t = new Tensor<float>(3, 5);
        Assert.Equal(15, t.Length);
        Assert.All(t.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(0, (long)t.Pointer % 64);
        Assert.Equal("[3, 5]", t.ShapeText);
    }

    [Fact]
    public void Views_share_storage_and_reshape_infers_one_dimension()
    {
        using var t = Tensor<float>.FromSpan([1, 2, 3, 4, 5, 6], 3, 2);
        var rows = t.SliceRows(1, 2);
        Assert.Equal([3f, 4, 5, 6], rows.ToArray());
        rows.Span[0] = 30;
        Assert.Equal(30f, t[1, 0]);
        var flat = t.Reshape(-1);
        Assert.True(flat.HasShape(6));
        Assert.True(flat.IsView);
        var e = Assert.Throws<ArgumentException>(() => t.Reshape(4, 2));
        Assert.Contains("Cannot reshape [3, 2]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.SliceRows(2, 2));
    }

    [Fact]
    public void Require_shape_names_the_tensor()
    {
        using var t = new Tensor<float>(2, 3);
        var e = Assert.Throws<ArgumentException>(() => t.RequireShape("router.fc1.weight", 256, 96));
        Assert.Equal("router.fc1.weight must have shape [256, 96] but has [2, 3].", e.Message);
    }

    [Fact]
    public void Disposed_storage_is_reported_not_read()
    {
        var t = new Tensor<float>(4);
        var view = t.Reshape(2, 2);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => view.Span.ToArray());
    }
}
