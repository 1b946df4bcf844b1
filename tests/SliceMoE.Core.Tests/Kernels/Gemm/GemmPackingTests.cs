using SliceMoE.Kernels.Gemm;
using SliceMoE.Numerics;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Kernels.Gemm;

/// <summary>
/// The A packing on its own, for both tile heights (6: AVX2, 12: AVX-512): the vector paths need only AVX, so the
/// 12-row layout is checked here even on machines whose GEMM cannot run the AVX-512 kernels.
/// </summary>
public unsafe class GemmPackingTests
{
    [Theory]
    [InlineData(6, false)]
    [InlineData(6, true)]
    [InlineData(12, false)]
    [InlineData(12, true)]
    public void Packed_A_holds_every_element_of_the_block_in_tile_order(int mr, bool transposed)
    {
        const int M = 110, K = 300;
        var rng = new Rng(7);
        var a = TestData.Uniform(rng, M * K);
        foreach (int mc in new[] { 1, 5, 6, 7, 12, 13, 96, 110 })
        {
            foreach (var (p0, kc) in new[] { (0, 1), (0, 17), (3, 256), (K - 20, 20) })
            {
                foreach (int i0 in new[] { 0, M - mc })
                {
                    int tiles = (mc + mr - 1) / mr;
                    var packed = new float[tiles * kc * mr];
                    fixed (float* pa = a, pd = packed)
                    {
                        var problem = new GemmProblem
                        {
                            A = pa,
                            ARowStride = transposed ? 1 : K,
                            AColStride = transposed ? M : 1,
                            M = M,
                            K = K,
                        };
                        GemmPacking.PackA(problem, i0, mc, p0, kc, pd, mr);
                    }

                    for (int r = 0; r < mc; r++)
                    {
                        for (int p = 0; p < kc; p++)
                        {
                            int row = i0 + r, col = p0 + p;
                            float expected = transposed ? a[(col * M) + row] : a[(row * K) + col];
                            float actual = packed[((r / mr) * kc * mr) + (p * mr) + (r % mr)];
                            Assert.True(expected == actual, $"mr={mr} transposed={transposed} mc={mc} i0={i0} p0={p0} kc={kc}: ({r}, {p}) is {actual}, expected {expected}");
                        }
                    }
                }
            }
        }
    }
}
