using SliceMoE.Kernels.Gemm;

namespace SliceMoE.Models;

/// <summary>How a model continues its prompts.</summary>
public sealed record GenerationOptions
{
    /// <summary>New tokens per sequence, at most (fewer when a stop token comes or the context is full).</summary>
    public int MaxNewTokens { get; init; } = 50;

    /// <summary>Sampling temperature; 0 is greedy (argmax).</summary>
    public double Temperature { get; init; }

    /// <summary>Sample among the k likeliest tokens (0: all).</summary>
    public int TopK { get; init; }

    /// <summary>Sample among the likeliest tokens whose probability reaches p (1: all).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Tokens that end a sequence (kept as its last token).</summary>
    public IReadOnlyList<int> StopTokens { get; init; } = [];

    /// <summary>Seed of the sampling: sequence b of a batch draws from Rng(Seed + b), so its text does not depend on the others in the batch (alone, with Seed + b, it is the same).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>
    /// The weights' form for decoding: <see cref="WeightFormat.Float32"/> (the default) packs them once for the whole
    /// generation, the same text as unpacked; <see cref="WeightFormat.BFloat16"/> rounds them to bfloat16 (half the bytes
    /// read; the text may differ where the rounding moves a choice); null packs each weight on every call.
    /// </summary>
    public WeightFormat? Weights { get; init; } = WeightFormat.Float32;

    /// <summary>Checks the values, naming the wrong one.</summary>
    /// <exception cref="ArgumentException">When one is out of range.</exception>
    public void Validate()
    {
        if (MaxNewTokens < 1 || Temperature < 0 || !double.IsFinite(Temperature) || TopK < 0 || !(TopP > 0 && TopP <= 1))
        {
            throw new ArgumentException($"Generation options out of range: max new tokens {MaxNewTokens} (≥ 1), temperature {Temperature} (≥ 0), top-k {TopK} (≥ 0), top-p {TopP} (in (0, 1]).");
        }
    }
}
