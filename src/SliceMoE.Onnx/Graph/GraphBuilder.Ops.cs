using Google.Protobuf;
using Onnx;

namespace SliceMoE.Onnx.Graph;

/// <summary>The operators the exporters use, one helper each, with the attribute spelling ONNX wants.</summary>
internal sealed partial class GraphBuilder
{
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>A float tensor attribute (for Constant's value).</summary>
    public static AttributeProto FloatsTensor(string name, params float[] values)
    {
        var t = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.Add(values.Length);
        t.FloatData.AddRange(values);
        return new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = t };
    }

    public static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public string Add(string a, string b) => Op("Add", a, b);

    public string Sub(string a, string b) => Op("Sub", a, b);

    public string Mul(string a, string b) => Op("Mul", a, b);

    public string Div(string a, string b) => Op("Div", a, b);

    public string MatMul(string a, string b) => Op("MatMul", a, b);

    public string Reshape(string x, params long[] shape) => Op("Reshape", x, Int64(shape));

    public string ReshapeTo(string x, string shape) => Op("Reshape", x, shape);

    public string Transpose(string x, params long[] perm) => Op("Transpose", [x], Ints("perm", perm));

    public string Cast(string x, TensorProto.Types.DataType to) => Op("Cast", [x], Int("to", (long)to));

    public string Gather(string data, string indices, long axis = 0) => Op("Gather", [data, indices], Int("axis", axis));

    public string Concat(long axis, params string[] inputs) => Op("Concat", inputs, Int("axis", axis));

    public string Unsqueeze(string x, params long[] axes) => Op("Unsqueeze", x, Int64(axes));

    public string Squeeze(string x, params long[] axes) => Op("Squeeze", x, Int64(axes));

    public string ReduceSum(string x, long axis, bool keepDims) => Op("ReduceSum", [x, Int64([axis])], Int("keepdims", keepDims ? 1 : 0));

    public string Where(string condition, string whenTrue, string whenFalse) => Op("Where", condition, whenTrue, whenFalse);

    /// <summary>Dimension <paramref name="axis"/> of x's shape as a 1-D int64 tensor of one element.</summary>
    public string Dim(string x, long axis) => Op("Shape", [x], Int("start", axis), Int("end", axis + 1));

    /// <summary>x·Wᵀ + b for a [out, in] weight (stored transposed) and an optional bias.</summary>
    public string Linear(string x, string name, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int outFeatures, int inFeatures)
    {
        var y = MatMul(x, TransposedInitializer(name + ".weight_t", weight, outFeatures, inFeatures));
        return bias.IsEmpty ? y : Add(y, Initializer(name + ".bias", bias, outFeatures));
    }

    /// <summary>(values, indices) of the k largest along <paramref name="axis"/>, sorted, ties to the lower index (ONNX's rule, which is ours).</summary>
    public (string Values, string Indices) TopK(string x, string k, long axis)
    {
        var o = Node("TopK", [x, k], null, 2, Int("axis", axis), Int("largest", 1), Int("sorted", 1));
        return (o[0], o[1]);
    }
}
