namespace SliceMoE.Tests.Onnx;

/// <summary>How close ONNX Runtime's outputs must be to ours.</summary>
internal static class OnnxTolerance
{
    /// <summary>
    /// 1e-4, absolute, on logits of order 1. Both sides compute in float32 with the same operations but not in the same
    /// order: ours sums a row's expert outputs in rank order and fuses GELU's erf into the GEMM with an approximation
    /// accurate to float precision, ORT adds them in expert order and blocks its MatMuls differently; each reordering
    /// moves a result by a few units of float roundoff (≈ 6e-8 relative) per operation, and a few hundred operations
    /// through a tiny model's blocks stay orders of magnitude below 1e-4. Routing decisions are compared exactly (the
    /// same rows reach the same experts), so a wrong route, which moves outputs by O(0.1), cannot hide under it.
    /// </summary>
    public const float Absolute = 1e-4f;

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float err = Math.Abs(expected[i] - actual[i]);
            if (!(err <= Absolute))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]} in ONNX Runtime and {expected[i]} in ours (|difference| {err} > {Absolute}).");
            }
        }
    }
}
