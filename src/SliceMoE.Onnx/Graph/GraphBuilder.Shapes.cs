using Onnx;

namespace SliceMoE.Onnx.Graph;

/// <summary>Tensors made from other tensors' shapes (zeros, ones, ranges), which dynamic batch and length need.</summary>
internal sealed partial class GraphBuilder
{
    /// <summary>A tensor of <paramref name="shape"/> (a 1-D int64 tensor) filled with <paramref name="value"/> of <paramref name="type"/>.</summary>
    public string Filled(string shape, TensorProto.Types.DataType type, double value)
    {
        var t = new TensorProto { Name = "value", DataType = (int)type };
        t.Dims.Add(1);
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
                t.FloatData.Add((float)value);
                break;
            case TensorProto.Types.DataType.Int64:
                t.Int64Data.Add((long)value);
                break;
            default:
                throw new ArgumentException($"Filled supports float and int64, not {type}.", nameof(type));
        }

        var a = new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = t };
        return Op("ConstantOfShape", [shape], a);
    }

    /// <summary>Like x's shape, filled with a value.</summary>
    public string FilledLike(string x, TensorProto.Types.DataType type, double value) => Filled(Op("Shape", x), type, value);

    /// <summary>0, 1, …, n − 1 (int64) for a 1-element tensor or a scalar n.</summary>
    public string Range(string start, string limit) => Op("Range", Scalar(start), Scalar(limit), Int64Scalar(1));

    /// <summary>A scalar from a 1-element 1-D tensor.</summary>
    public string Scalar(string x) => Reshape(x);
}
