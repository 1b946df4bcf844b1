namespace SliceMoE.Reproduction.Plan;

/// <summary>The variants experiments are made of, by name.</summary>
public static class Variants
{
    /// <summary>SliceMoE with S slices (the paper's default 8).</summary>
    public static Variant Slice(string role, int slices = 8) => new(role, ModelKind.SliceMoe, slices);

    /// <summary>TokenMoE (matched active FLOPs).</summary>
    public static Variant Token(string role) => new(role, ModelKind.TokenMoe);

    /// <summary>Dense FFN of hidden 4d (matched active FLOPs).</summary>
    public static Variant DenseFlops(string role) => new(role, ModelKind.DenseMatchedFlops);

    /// <summary>Dense FFN with SliceMoE's parameter count.</summary>
    public static Variant DenseParameters(string role) => new(role, ModelKind.DenseMatchedParameters);

    /// <summary>The four models compared in Figure 1 and the language-modelling comparison.</summary>
    public static IReadOnlyList<Variant> Compared(string role) => [Slice(role), Token(role), DenseFlops(role), DenseParameters(role)];

    /// <summary>The routers beyond the paper, at slice level.</summary>
    public static IReadOnlyList<string> OtherRouters { get; } = ["seq_topk", "expert_choice", "usmoe"];
}
