using SliceMoE.Compute;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Numerics;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Kernels.RowOps;

[Collection(SerialCollection.Name)]
public class BiasTopKGatherTests
{
    [Fact]
    public void Bias_add_and_column_sums_match_the_reference_and_ignore_thread_count()
    {
        var rng = new Rng(60);
        foreach (var (rows, cols) in new[] { (0, 5), (1, 1), (7, 33), (513, 257), (2000, 96) })
        {
            var x = TestData.Uniform(rng, rows * cols);
            var bias = TestData.Uniform(rng, cols);
            var y = new float[rows * cols];
            Bias.Add<float>(x, bias, y, rows, cols);
            for (int i = 0; i < y.Length; i++)
            {
                Assert.Equal(x[i] + bias[i % cols], y[i]);
            }

            var sums = new float[cols];
            Bias.Backward<float>(x, sums, rows, cols);
            var expected = new double[cols];
            RowOpsReference.ColumnSums<double>(TestData.Widen(x), expected, rows, cols, false);
            Tolerance.AssertClose(sums, expected, 1e-6 * Math.Max(1, rows), 1e-6, $"column sums {rows}x{cols}");
            int saved = ComputeThreads.Count;
            ComputeThreads.Count = 1;
            var serial = new float[cols];
            Bias.Backward<float>(x, serial, rows, cols);
            ComputeThreads.Count = saved;
            Tolerance.AssertBitwiseEqual(sums, serial, "column sums at 1 vs N threads");
        }
    }

    [Fact]
    public void Top_k_equals_a_stable_sort_including_ties_and_nan()
    {
        var rng = new Rng(61);
        for (int cols = 1; cols <= 40; cols++)
        {
            for (int k = 0; k <= cols; k++)
            {
                int rows = 4;
                var x = Enumerable.Range(0, rows * cols).Select(_ => (float)rng.NextInt(5)).ToArray(); // many ties
                if (cols > 3)
                {
                    x[2] = float.NaN;
                }

                int[] idx = new int[rows * k], refIdx = new int[rows * k];
                float[] val = new float[rows * k], refVal = new float[rows * k];
                TopK.Rows<float>(x, rows, cols, k, idx, val);
                RowOpsReference.TopK<float>(x, rows, cols, k, refIdx, refVal);
                Assert.Equal(refIdx, idx);
            }
        }
    }

    [Fact]
    public void Gather_scatter_add_and_row_dot()
    {
        var rng = new Rng(62);
        int srcRows = 10, cols = 5, n = 40;
        var src = TestData.Uniform(rng, srcRows * cols);
        var index = Enumerable.Range(0, n).Select(_ => rng.NextInt(srcRows)).ToArray();
        var scale = TestData.Uniform(rng, n);
        var gathered = new float[n * cols];
        RowGather.Gather<float>(src, cols, index, gathered, scale);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                Assert.Equal(src[(index[i] * cols) + j] * scale[i], gathered[(i * cols) + j]);
            }
        }

        var back = new float[srcRows * cols];
        RowGather.ScatterAdd<float>(gathered, cols, index, back);
        var expected = new float[srcRows * cols];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                expected[(index[i] * cols) + j] += gathered[(i * cols) + j]; // same order: increasing i
            }
        }

        Tolerance.AssertBitwiseEqual(back, expected, "scatter-add");
        var dots = new float[n];
        RowGather.RowDot<float>(gathered, gathered, n, cols, dots);
        Assert.Equal(gathered.AsSpan(0, cols).ToArray().Sum(v => v * v), dots[0], 5);
        var e = Assert.Throws<ArgumentException>(() => RowGather.Gather<float>(src, cols, [3, 10], new float[2 * cols]));
        Assert.Contains("rowIndex[1] = 10", e.Message, StringComparison.Ordinal);
    }
}
