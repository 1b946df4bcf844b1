using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SliceMoE.Tests.Onnx;

/// <summary>Runs a serialized graph in ONNX Runtime (CPU) on named inputs and returns every output by name.</summary>
internal static class Ort
{
    public static Dictionary<string, DenseTensor<float>> Run(byte[] model, params (string Name, object Value)[] inputs)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        var values = inputs.Select(i => i.Value switch
        {
            DenseTensor<long> l => NamedOnnxValue.CreateFromTensor(i.Name, l),
            DenseTensor<float> f => NamedOnnxValue.CreateFromTensor(i.Name, f),
            _ => throw new ArgumentException("long or float tensors only"),
        }).ToList();
        using var results = session.Run(values);
        return results.ToDictionary(r => r.Name, r => new DenseTensor<float>(r.AsTensor<float>().ToArray(), r.AsTensor<float>().Dimensions.ToArray()));
    }

    public static DenseTensor<long> Ids(int[] ids, params int[] dims) => new(ids.Select(x => (long)x).ToArray(), dims);

    public static DenseTensor<float> Floats(float[] values, params int[] dims) => new(values, dims);
}
