using Microsoft.ML.OnnxRuntime.Tensors;

namespace SliceMoE.Onnx.Runtime;

/// <summary>
/// The key/value cache between ONNX Runtime calls of an exported language model: per block the present keys and values
/// the last call returned, [batch, length, d] each, which the next call takes as its past. All sequences of a batch have
/// the same length (the graph's past is one tensor per block).
/// </summary>
public sealed class OnnxDecodingCache
{
    internal OnnxDecodingCache(DenseTensor<float>[] keys, DenseTensor<float>[] values)
    {
        Keys = keys;
        Values = values;
    }

    /// <summary>Sequences.</summary>
    public int Batch => Keys[0].Dimensions[0];

    /// <summary>Positions cached per sequence: the position of the next token.</summary>
    public int Length => Keys[0].Dimensions[1];

    internal DenseTensor<float>[] Keys { get; }

    internal DenseTensor<float>[] Values { get; }
}
