namespace SliceMoE.Evaluation;

/// <summary>How BLEU treats an n-gram order with no matches (sacreBLEU's <c>smooth_method</c>; Chen &amp; Cherry 2014).</summary>
public enum BleuSmoothing
{
    /// <summary>No smoothing: one order without matches makes BLEU 0 (sacreBLEU "none").</summary>
    None,

    /// <summary>A zero count becomes <see cref="BleuOptions.SmoothValue"/> (default 0.1) (sacreBLEU "floor").</summary>
    Floor,

    /// <summary>Add <see cref="BleuOptions.SmoothValue"/> (default 1) to matches and totals of orders 2 and up (sacreBLEU "add-k").</summary>
    AddK,

    /// <summary>The k-th order without matches gets precision 1 / (2^k · total) (NIST/mteval-v13a; sacreBLEU "exp", its default).</summary>
    Exponential,
}
