using System.CommandLine;
using SliceMoE.Kernels.Gemm;

namespace SliceMoE.Cli.Commands;

/// <summary>The <c>--weights</c> option of the commands that run a model forward: how its weights are read (<see cref="WeightPacks"/>).</summary>
internal static class WeightFormatOption
{
    /// <summary>An option whose values are float32, bfloat16 or none.</summary>
    public static Option<string> Create(string description, string defaultValue) =>
        new("--weights") { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "FORMAT" };

    /// <summary>The format named <paramref name="name"/>; null for "none".</summary>
    /// <exception cref="ArgumentException">When the name is none of them.</exception>
    public static WeightFormat? Parse(string name) => name.ToLowerInvariant() switch
    {
        "float32" or "f32" => WeightFormat.Float32,
        "bfloat16" or "bf16" => WeightFormat.BFloat16,
        "none" => null,
        _ => throw new ArgumentException($"--weights: unknown format '{name}' (float32, bfloat16 or none)."),
    };

    /// <summary>The name of <paramref name="format"/> as the option spells it.</summary>
    public static string Name(WeightFormat? format) => format switch
    {
        WeightFormat.Float32 => "float32",
        WeightFormat.BFloat16 => "bfloat16",
        _ => "none",
    };
}
