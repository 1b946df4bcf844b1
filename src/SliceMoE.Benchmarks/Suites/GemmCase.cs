namespace SliceMoE.Benchmarks.Suites;

/// <summary>How a benchmarked multiply is issued.</summary>
public enum GemmCaseKind
{
    /// <summary>One GEMM.</summary>
    Single,

    /// <summary>Row groups, each with its own weight (an expert layer's forward or input gradient).</summary>
    RowGroups,

    /// <summary>Groups partitioning the reduction (an expert layer's weight gradient).</summary>
    ReductionGroups,
}

/// <summary>One shape of the GEMM benchmark. For grouped cases M (or K) is the total over <see cref="GroupSizes"/>.</summary>
/// <param name="Op">"gemm" or "grouped_gemm".</param>
/// <param name="Name">What the shape is in an MoE layer.</param>
/// <param name="Kind">How it is issued.</param>
/// <param name="M">Rows of C (total rows for row groups).</param>
/// <param name="N">Columns of C.</param>
/// <param name="K">Reduction length (total rows for reduction groups).</param>
/// <param name="TransA">A stored transposed.</param>
/// <param name="TransB">B stored transposed (a PyTorch [out, in] weight).</param>
/// <param name="GroupSizes">Group sizes for grouped cases.</param>
public sealed record GemmCase(string Op, string Name, GemmCaseKind Kind, int M, int N, int K, bool TransA, bool TransB, int[]? GroupSizes = null)
{
    /// <summary>Floating-point operations of one call (2 per multiply-add).</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>The shape as printed, e.g. "4096x96 · (1536x96)ᵀ".</summary>
    public string ShapeText
    {
        get
        {
            string a = TransA ? $"({K}x{M})ᵀ" : $"{M}x{K}";
            string b = TransB ? $"({N}x{K})ᵀ" : $"{K}x{N}";
            string groups = GroupSizes is null ? string.Empty : $" in {GroupSizes.Length} groups";
            return $"{a} · {b}{groups}";
        }
    }

    /// <summary>
    /// Group sizes proportional to 1/(g+1) (a harmonic, Zipf-like skew: the largest group is ~16x the smallest),
    /// rounded so they sum to <paramref name="total"/>.
    /// </summary>
    public static int[] SkewedSizes(int groups, int total)
    {
        double h = 0;
        for (int g = 0; g < groups; g++)
        {
            h += 1.0 / (g + 1);
        }

        var sizes = new int[groups];
        int assigned = 0;
        for (int g = 0; g < groups; g++)
        {
            sizes[g] = (int)Math.Round(total / h / (g + 1));
            assigned += sizes[g];
        }

        sizes[0] += total - assigned;
        return sizes;
    }
}
