using SliceMoE.Compute;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Numerics;

namespace SliceMoE.Tests.Kernels.RowOps;

/// <summary>MoE dispatch and combine (<see cref="SegmentedRows"/>) against their plain references and across thread counts.</summary>
[Collection(SerialCollection.Name)]
public class SegmentedRowsTests
{
    /// <summary>
    /// Tolerance of a float sum of at most k terms of |v| ≤ 1 against the double reference: k roundings of unit
    /// roundoff each (plus a product's rounding for scaled rows), so 4 units of the largest partial sum per term.
    /// </summary>
    private const double SumRelative = 4 * Tolerance.FloatUnitRoundoff;

    /// <summary>
    /// Segments of 0..3 entries (the k of a row), some entries −1 (dropped), each assignment row named once, in a
    /// shuffled (expert-sorted) order. Shapes straddle the kernels' parallel threshold (2^16 elements).
    /// </summary>
    private static (int[] Start, int[] Index, int Assignments) Plan(Rng rng, int rows)
    {
        var start = new int[rows + 1];
        for (int r = 0; r < rows; r++)
        {
            start[r + 1] = start[r] + rng.NextInt(4);
        }

        var index = new int[start[rows]];
        var active = new List<int>();
        for (int i = 0; i < index.Length; i++)
        {
            if (rng.NextInt(5) != 0)
            {
                active.Add(i);
            }
        }

        var order = Enumerable.Range(0, active.Count).ToArray();
        rng.Shuffle<int>(order);
        Array.Fill(index, -1);
        for (int j = 0; j < active.Count; j++)
        {
            index[active[j]] = order[j];
        }

        return (start, index, active.Count);
    }

    public static TheoryData<int, int> Shapes => new() { { 0, 4 }, { 1, 1 }, { 37, 5 }, { 300, 16 }, { 3000, 96 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Scatter_writes_each_named_row_scaled_and_leaves_the_others(int rows, int columns)
    {
        var rng = new Rng((ulong)(rows + columns));
        var (start, index, a) = Plan(rng, rows);
        var x = TestData.Uniform(rng, rows * columns);
        var scale = TestData.Uniform(rng, index.Length);
        var fast = Enumerable.Repeat(7f, (a + 1) * columns).ToArray(); // one row no entry names: must stay 7
        SegmentedRows.Scatter<float>(x, columns, start, index, scale, fast);
        var expected = fast.Select(v => (double)v).ToArray();
        RowOpsReference.SegmentScatter<double>(TestData.Widen(x), columns, start, index, TestData.Widen(scale), expected);
        Tolerance.AssertClose(fast, expected, Tolerance.FloatUnitRoundoff, 0, "scaled scatter");
        Assert.All(fast.AsSpan(a * columns).ToArray(), v => Assert.Equal(7f, v));

        var copied = new float[a * columns];
        SegmentedRows.Scatter<float>(x, columns, start, index, [], copied);
        for (int r = 0; r < rows; r++)
        {
            for (int i = start[r]; i < start[r + 1]; i++)
            {
                if (index[i] >= 0)
                {
                    Assert.Equal(x.AsSpan(r * columns, columns).ToArray(), copied.AsSpan(index[i] * columns, columns).ToArray());
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gather_sum_and_scatter_backward_match_the_reference(int rows, int columns)
    {
        var rng = new Rng((ulong)(100 + rows + columns));
        var (start, index, a) = Plan(rng, rows);
        var assignments = TestData.Uniform(rng, a * columns);
        var sum = new float[rows * columns];
        SegmentedRows.GatherSum<float>(assignments, columns, start, index, sum);
        var expected = new double[rows * columns];
        RowOpsReference.SegmentGatherSum<double>(TestData.Widen(assignments), columns, start, index, expected);
        Tolerance.AssertClose(sum, expected, SumRelative * 3, SumRelative * 3, "combine");

        var x = TestData.Uniform(rng, rows * columns);
        var scale = TestData.Uniform(rng, index.Length);
        var dScale = Enumerable.Repeat(9f, index.Length).ToArray(); // every entry written, −1 ones with 0
        var dx = Enumerable.Repeat(9f, rows * columns).ToArray();
        SegmentedRows.ScatterBackward<float>(x, assignments, columns, start, index, scale, dScale, dx);
        var expectedDScale = new double[index.Length];
        var expectedDx = new double[rows * columns];
        RowOpsReference.SegmentScatterBackward<double>(TestData.Widen(x), TestData.Widen(assignments), columns, start, index, TestData.Widen(scale), expectedDScale, expectedDx);
        Tolerance.AssertClose(dScale, expectedDScale, SumRelative * columns, SumRelative * columns, "gate gradients");
        Tolerance.AssertClose(dx, expectedDx, SumRelative * 3, SumRelative * 3, "row gradients");
        for (int i = 0; i < index.Length; i++)
        {
            if (index[i] < 0)
            {
                Assert.Equal(0f, dScale[i]);
            }
        }
    }

    [Fact]
    public void Results_are_the_same_bits_at_one_and_two_threads()
    {
        var rng = new Rng(7);
        int rows = 4000, columns = 96;
        var (start, index, a) = Plan(rng, rows);
        var x = TestData.Uniform(rng, rows * columns);
        var scale = TestData.Uniform(rng, index.Length);
        var assignments = TestData.Uniform(rng, a * columns);
        float[][] Run()
        {
            var scattered = new float[a * columns];
            var sum = new float[rows * columns];
            var dScale = new float[index.Length];
            var dx = new float[rows * columns];
            SegmentedRows.Scatter<float>(x, columns, start, index, scale, scattered);
            SegmentedRows.GatherSum<float>(assignments, columns, start, index, sum);
            SegmentedRows.ScatterBackward<float>(x, assignments, columns, start, index, scale, dScale, dx);
            return [scattered, sum, dScale, dx];
        }

        int saved = ComputeThreads.Count;
        try
        {
            ComputeThreads.Count = 2;
            var parallel = Run();
            ComputeThreads.Count = 1;
            var serial = Run();
            for (int i = 0; i < parallel.Length; i++)
            {
                Tolerance.AssertBitwiseEqual(parallel[i], serial[i], $"output {i} at 2 vs 1 threads");
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Fact]
    public void Bad_segments_and_indices_are_refused()
    {
        var x = new float[6];
        var into = new float[6];
        Assert.Throws<ArgumentException>(() => SegmentedRows.Scatter<float>(x, 2, [0, 1, 3], [0, 1], [], into)); // ends past the entries
        Assert.Throws<ArgumentException>(() => SegmentedRows.Scatter<float>(x, 2, [0, 2, 1, 2], [0, 1], [], into)); // decreasing
        Assert.Throws<ArgumentException>(() => SegmentedRows.Scatter<float>(x, 2, [0, 1, 2, 2], [0, 3], [], into)); // row 3 of 3
        Assert.Throws<ArgumentException>(() => SegmentedRows.Scatter<float>(x, 2, [0, 1, 2, 2], [0, -2], [], into));
        Assert.Throws<ArgumentException>(() => SegmentedRows.GatherSum<float>(x, 2, [0, 1, 2], [0, 1], into)); // 2 segments of 3 rows
    }
}
