using SliceMoE.Kernels.Activations;
using SliceMoE.Onnx.Graph;

namespace SliceMoE.Onnx.Export;

/// <summary>
/// The FFN nonlinearities in opset-17 operators. GELU has no operator before opset 20, so it is written out: exact GELU
/// as 0.5·x·(1 + erf(x/√2)), the tanh form as 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))), as ours defines them.
/// </summary>
internal static class ActivationEmitter
{
    public static string Emit(GraphBuilder g, string x, Activation activation)
    {
        switch (activation)
        {
            case Activation.None:
                return x;
            case Activation.Relu:
                return g.Op("Relu", x);
            case Activation.GeluErf:
            {
                var erf = g.Op("Erf", g.Mul(x, g.FloatScalar((float)(1 / Math.Sqrt(2)))));
                return g.Mul(g.Mul(x, g.FloatScalar(0.5f)), g.Add(erf, g.FloatScalar(1f)));
            }

            case Activation.GeluTanh:
            {
                var cube = g.Mul(g.Mul(x, x), x);
                var inner = g.Mul(g.Add(x, g.Mul(cube, g.FloatScalar(0.044715f))), g.FloatScalar((float)Math.Sqrt(2 / Math.PI)));
                return g.Mul(g.Mul(x, g.FloatScalar(0.5f)), g.Add(g.Op("Tanh", inner), g.FloatScalar(1f)));
            }

            default:
                throw new NotSupportedException($"ONNX export: the activation {activation} has no export.");
        }
    }
}
