namespace SliceMoE.Modules;

/// <summary>How a parameter is initialised.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Scale">Bound (uniform) or standard deviation (normal); ignored by <see cref="ParameterInitKind.Constant"/>'s value which is in <see cref="Value"/>.</param>
/// <param name="Value">The constant for <see cref="ParameterInitKind.Constant"/>.</param>
public readonly record struct ParameterInit(ParameterInitKind Kind, double Scale = 0, double Value = 0)
{
    /// <summary>PyTorch's nn.Linear default for a layer with <paramref name="fanIn"/> inputs: U(−1/√fanIn, 1/√fanIn) (weights and biases alike).</summary>
    public static ParameterInit LinearDefault(int fanIn) => new(ParameterInitKind.Uniform, 1.0 / Math.Sqrt(Math.Max(1, fanIn)));

    /// <summary>N(0, std²), e.g. embeddings (0.02 as GPT-2).</summary>
    public static ParameterInit Normal(double std) => new(ParameterInitKind.Normal, std);

    /// <summary>Every element equal to <paramref name="value"/> (layer-norm gains 1, biases 0).</summary>
    public static ParameterInit Constant(double value) => new(ParameterInitKind.Constant, 0, value);
}

/// <summary>Initialisation rules.</summary>
public enum ParameterInitKind
{
    /// <summary>U(−Scale, Scale).</summary>
    Uniform,

    /// <summary>N(0, Scale²).</summary>
    Normal,

    /// <summary>All equal to Value.</summary>
    Constant,
}
