using SliceMoE.Models;
using SliceMoE.Numerics;
using SliceMoE.Onnx.Runtime;

namespace SliceMoE.Cli.Commands.Generate;

/// <summary>The engines of <c>slicemoe generate --engine</c>: ours, or the model exported to ONNX and run by ONNX Runtime.</summary>
internal static class GenerationEngine
{
    public const string Native = "native";

    public const string OnnxRuntime = "onnxruntime";

    /// <summary>The engine's name, or a clear error listing the choices.</summary>
    public static string Check(string? engine) => engine switch
    {
        Native or OnnxRuntime => engine,
        _ => throw new ArgumentException($"--engine {engine} is not an engine: use --engine {Native} (ours) or --engine {OnnxRuntime} (ONNX Runtime)."),
    };

    /// <summary>
    /// Generates through ONNX Runtime as the native engine does: cached decoding (prefill, then one graph call per token)
    /// when the router routes each token alone, otherwise the full forward on the growing context, with the same sampling.
    /// </summary>
    public static void RunOnnx(CausalLanguageModel<float> model, IReadOnlyList<int> ids, GenerationOptions options, Action<int> show)
    {
        using var session = OnnxLanguageModelSession.Create(model);
        if (session.SupportsCachedDecoding)
        {
            session.Generate(ids, options, show);
            return;
        }

        foreach (int id in session.GenerateUncached(ids, options.MaxNewTokens, options.Temperature, options.TopK, new Rng(options.Seed), stopToken: options.StopTokens[0]))
        {
            show(id);
        }
    }
}
