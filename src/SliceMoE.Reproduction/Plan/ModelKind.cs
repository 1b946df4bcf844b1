namespace SliceMoE.Reproduction.Plan;

/// <summary>The FFN slot of a compared model.</summary>
public enum ModelKind
{
    /// <summary>SliceMoE: S slices per token, each routed to its top-k of E experts (expert hidden 4d/k).</summary>
    SliceMoe,

    /// <summary>TokenMoE: the same layer with S = 1 (expert hidden 4d/k): the same active FLOPs per token as SliceMoE and the dense FFN.</summary>
    TokenMoe,

    /// <summary>A dense FFN of hidden 4d: the same active FLOPs per token as SliceMoE and TokenMoE.</summary>
    DenseMatchedFlops,

    /// <summary>A dense FFN whose parameter count equals SliceMoE's (router included).</summary>
    DenseMatchedParameters,
}
